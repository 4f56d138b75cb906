package com.bedrockmeter.proxy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import com.bedrockmeter.proxy.customer.Limits;
import com.bedrockmeter.proxy.customer.NewCustomerPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the proxy module, bound from {@code bedrock-meter.*} (environment: {@code BEDROCK_METER_*}).
 *
 * @param mode      {@code aws} (the default: a jar started with no settings is never a development stack):
 *                  real DynamoDB and Bedrock; {@code local} (set only by {@code local-stack}, the development
 *                  tools and the tests): create tables at start-up, start the Bedrock simulator when no Bedrock
 *                  endpoint is set.
 * @param tables    DynamoDB table names
 * @param dynamodb  DynamoDB connection
 * @param bedrock   Bedrock runtime connection
 * @param auth      authentication cache
 * @param requests  request validation
 * @param usage     where usage events go
 * @param newCustomers what a customer who signs up in the portal gets
 */
@Validated
@ConfigurationProperties("bedrock-meter")
public record ProxyProperties(
        @DefaultValue("aws") @NotNull Mode mode,
        @DefaultValue @Valid Tables tables,
        @DefaultValue @Valid DynamoDb dynamodb,
        @DefaultValue @Valid Bedrock bedrock,
        @DefaultValue @Valid Auth auth,
        @DefaultValue @Valid Requests requests,
        @DefaultValue @Valid Usage usage,
        @DefaultValue @Valid NewCustomers newCustomers) {

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
            @DefaultValue("bedrock_customers") @NotBlank String customers,
            @DefaultValue("bedrock_api_keys") @NotBlank String apiKeys,
            @DefaultValue("bedrock_usage") @NotBlank String usage,
            @DefaultValue("bedrock_portal_users") @NotBlank String portalUsers,
            @DefaultValue("bedrock_audit_log") @NotBlank String auditLog,
            @DefaultValue("bedrock_billing") @NotBlank String billing) {
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
     * @param endpoint     override; blank means real Bedrock in {@code aws} mode and the in-process simulator in
     *                     {@code local} mode
     * @param region       AWS region of Bedrock
     * @param timeout      bound on one InvokeModel call (model time included); past it the caller gets 504
     * @param maxConnections pooled HTTP connections to Bedrock
     */
    public record Bedrock(
            URI endpoint,
            @DefaultValue("us-east-1") @NotBlank String region,
            @DefaultValue("120s") @NotNull Duration timeout,
            @DefaultValue("200") @Positive int maxConnections,
            @DefaultValue("0") int simulatorPort) {
    }

    /**
     * @param cacheTtl how long a key or customer looked up stays cached: a revoked key or a suspended customer
     *                 is refused at most this long after the change (documented as at most a few seconds)
     */
    public record Auth(@DefaultValue("2s") @NotNull Duration cacheTtl) {
    }

    /**
     * @param maxBodySize   larger bodies get 413
     * @param allowedModels models any customer may call unless the customer has its own list
     */
    public record Requests(
            @DefaultValue("1MB") @NotNull DataSize maxBodySize,
            @DefaultValue({
                "anthropic.claude-3-sonnet-20240229-v1:0",
                "anthropic.claude-3-haiku-20240307-v1:0",
                "anthropic.claude-3-5-sonnet-20240620-v1:0",
                "anthropic.claude-3-5-sonnet-20241022-v2:0",
                "anthropic.claude-3-5-haiku-20241022-v1:0",
                "anthropic.claude-3-opus-20240229-v1:0"}) List<String> allowedModels) {
    }

    /**
     * @param sink      {@code file} (local: {@code <directory>/dt=YYYY-MM-DD/*.jsonl}) or {@code stdout} (Lambda:
     *                  one JSON line per call for CloudWatch Logs)
     * @param directory root of the partitioned event files
     * @param counterFlushInterval how often coalesced usage counters are written; 0 writes them with each call
     *                  (Lambda, whose instances freeze between calls, must use 0)
     */
    public record Usage(
            @DefaultValue("file") @NotNull Sink sink,
            @DefaultValue("data/usage") @NotNull Path directory,
            @DefaultValue("100ms") @NotNull Duration counterFlushInterval) {
        public enum Sink { FILE, STDOUT }
    }
}
