package com.bedrockmeter.model.config;

import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The data model's settings, bound from {@code bedrock-meter.*} (environment: {@code BEDROCK_METER_*}) by every
 * application that uses the model (the proxy, the portal); the proxy's own settings are {@code ProxyProperties},
 * on the same prefix.
 *
 * @param mode      {@code aws} (the default: a jar started with no settings is never a development stack):
 *                  real DynamoDB with the default credential chain; {@code local} (set only by {@code local-stack},
 *                  the development tools and the tests): placeholder credentials, missing tables created at start-up
 * @param tables    DynamoDB table names
 * @param dynamodb  DynamoDB connection
 * @param newCustomers what a customer who signs up in the portal gets
 * @param requests  which models customers may call
 * @param usage     where the usage-event files are (the proxy writes them; the portal's analytics and the CLI's
 *                  reconciliation read them)
 */
@Validated
@ConfigurationProperties("bedrock-meter")
public record ModelProperties(
        @DefaultValue("aws") @NotNull Mode mode,
        @DefaultValue @Valid Tables tables,
        @DefaultValue @Valid DynamoDb dynamodb,
        @DefaultValue @Valid NewCustomers newCustomers,
        @DefaultValue @Valid Requests requests,
        @DefaultValue @Valid Usage usage) {

    public enum Mode { LOCAL, AWS }

    /**
     * The operator's decision for self-signed-up customers (template parameters {@code NewCustomer*}). Limits are
     * small by default; set one empty for no limit.
     *
     * @param dailyLimit        requests per UTC day
     * @param rpmLimit          requests per minute
     * @param monthlyTokenLimit input + output tokens per UTC month
     * @param approvalRequired  a new customer's key works only once an admin approves the customer
     */
    public record NewCustomers(
            @DefaultValue("100") @PositiveOrZero Long dailyLimit,
            @DefaultValue("10") @PositiveOrZero Long rpmLimit,
            @DefaultValue("1000000") @PositiveOrZero Long monthlyTokenLimit,
            @DefaultValue("false") boolean approvalRequired) {

        public NewCustomerPolicy policy() {
            return new NewCustomerPolicy(new Limits(dailyLimit, rpmLimit, monthlyTokenLimit), approvalRequired);
        }
    }

    public boolean local() {
        return mode == Mode.LOCAL;
    }

    /** Table names; the customers table keeps the guide's name. */
    public record Tables(
            @DefaultValue(CUSTOMERS) @NotBlank String customers,
            @DefaultValue(API_KEYS) @NotBlank String apiKeys,
            @DefaultValue(USAGE) @NotBlank String usage,
            @DefaultValue(PORTAL_USERS) @NotBlank String portalUsers,
            @DefaultValue(AUDIT_LOG) @NotBlank String auditLog,
            @DefaultValue(BILLING) @NotBlank String billing) {

        public static final String CUSTOMERS = "bedrock_customers";
        public static final String API_KEYS = "bedrock_api_keys";
        public static final String USAGE = "bedrock_usage";
        public static final String PORTAL_USERS = "bedrock_portal_users";
        public static final String AUDIT_LOG = "bedrock_audit_log";
        public static final String BILLING = "bedrock_billing";

        /** The default names (the template's too), for the CLI and the tests, which bind no settings. */
        public static Tables defaults() {
            return new Tables(CUSTOMERS, API_KEYS, USAGE, PORTAL_USERS, AUDIT_LOG, BILLING);
        }
    }

    /**
     * @param endpoint        override (dynalite locally); blank means the region's real endpoint
     * @param region          AWS region
     * @param callTimeout     bound on one DynamoDB call including retries; the store being down fails closed after it
     */
    public record DynamoDb(
            URI endpoint,
            @DefaultValue("us-east-1") @NotBlank String region,
            @DefaultValue("2s") @NotNull Duration callTimeout) {
    }

    /**
     * @param allowedModels models any customer may call unless the customer has its own list, each in the form a
     *                      client sends: the in-region id, and the cross-region inference profiles ({@code us.},
     *                      {@code eu.}, {@code apac.}, {@code global.}) where Bedrock offers them (current Claude
     *                      models are called through profiles, e.g. by Claude Code), and the embedding models
     *                      ({@code /v1/embeddings}). A deployment narrows it to
     *                      what its IAM role allows (the template's {@code AllowedModelArns}).
     */
    public record Requests(
            @DefaultValue({
                "anthropic.claude-3-sonnet-20240229-v1:0",
                "anthropic.claude-3-haiku-20240307-v1:0",
                "anthropic.claude-3-5-sonnet-20240620-v1:0",
                "anthropic.claude-3-5-sonnet-20241022-v2:0",
                "anthropic.claude-3-5-haiku-20241022-v1:0",
                "anthropic.claude-3-opus-20240229-v1:0",
                "anthropic.claude-3-7-sonnet-20250219-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
                "anthropic.claude-sonnet-4-20250514-v1:0", "us.anthropic.claude-sonnet-4-20250514-v1:0",
                "eu.anthropic.claude-sonnet-4-20250514-v1:0", "apac.anthropic.claude-sonnet-4-20250514-v1:0",
                "global.anthropic.claude-sonnet-4-20250514-v1:0",
                "anthropic.claude-opus-4-1-20250805-v1:0", "us.anthropic.claude-opus-4-1-20250805-v1:0",
                "anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "anthropic.claude-haiku-4-5-20251001-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0",
                "eu.anthropic.claude-haiku-4-5-20251001-v1:0", "global.anthropic.claude-haiku-4-5-20251001-v1:0",
                "anthropic.claude-opus-4-5-20251101-v1:0", "us.anthropic.claude-opus-4-5-20251101-v1:0",
                "eu.anthropic.claude-opus-4-5-20251101-v1:0", "global.anthropic.claude-opus-4-5-20251101-v1:0",
                "anthropic.claude-opus-4-6-v1", "us.anthropic.claude-opus-4-6-v1", "eu.anthropic.claude-opus-4-6-v1",
                "global.anthropic.claude-opus-4-6-v1",
                "anthropic.claude-sonnet-4-6", "us.anthropic.claude-sonnet-4-6", "eu.anthropic.claude-sonnet-4-6",
                "global.anthropic.claude-sonnet-4-6",
                "amazon.titan-embed-text-v2:0", "cohere.embed-english-v3", "cohere.embed-multilingual-v3"})
            List<String> allowedModels) {
    }

    /** @param directory root of the partitioned usage-event files ({@code <directory>/dt=YYYY-MM-DD/*.jsonl}) */
    public record Usage(@DefaultValue("data/usage") @NotNull Path directory) {
    }
}
