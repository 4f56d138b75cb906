package com.bedrockmeter.cli;

import com.bedrockmeter.model.config.ModelProperties;
import com.bedrockmeter.model.base.DynamoClients;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the CLI's data lives, read from environment variables (no Spring, so that the CLI starts fast).
 *
 * @param endpoint null for the region's real DynamoDB endpoint
 */
record CliEnvironment(Mode mode, URI endpoint, String region, ModelProperties.Tables tables) {

    enum Mode { LOCAL, AWS }

    static final String MODE = "BEDROCK_METER_MODE";
    static final String ENDPOINT = "BEDROCK_METER_DYNAMODB_ENDPOINT";
    static final String REGION = "BEDROCK_METER_DYNAMODB_REGION";
    static final String TABLE_CUSTOMERS = "BEDROCK_METER_TABLES_CUSTOMERS";
    static final String TABLE_API_KEYS = "BEDROCK_METER_TABLES_API_KEYS";
    static final String TABLE_USAGE = "BEDROCK_METER_TABLES_USAGE";
    static final String TABLE_PORTAL_USERS = "BEDROCK_METER_TABLES_PORTAL_USERS";
    static final String TABLE_AUDIT_LOG = "BEDROCK_METER_TABLES_AUDIT_LOG";
    static final String TABLE_BILLING = "BEDROCK_METER_TABLES_BILLING";
    static final String DEFAULT_LOCAL_ENDPOINT = "http://127.0.0.1:8000";
    static final String DEFAULT_REGION = "us-east-1";
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    /** The help text's description of the variables above. */
    static String help() {
        return """
                Environment:
                  %s
                      local (default) or aws.
                      local: DynamoDB at %s (default %s,
                             the local stack's dynalite), placeholder credentials, missing tables created.
                      aws:   real DynamoDB with the default AWS credential chain; the endpoint is
                             overridden only if %s is set; no tables are created.
                  %s
                      DynamoDB endpoint (see above).
                  %s
                      AWS region (else AWS_REGION, else %s).
                  %s, %s, %s,
                  %s, %s
                      table names (defaults bedrock_customers, bedrock_api_keys, bedrock_usage,
                      bedrock_audit_log, bedrock_billing).
                  Every DynamoDB call is bounded by %d s.
                """.formatted(MODE, ENDPOINT, DEFAULT_LOCAL_ENDPOINT, ENDPOINT, ENDPOINT, REGION, DEFAULT_REGION,
                TABLE_CUSTOMERS, TABLE_API_KEYS, TABLE_USAGE, TABLE_AUDIT_LOG, TABLE_BILLING,
                CALL_TIMEOUT.toSeconds());
    }

    /** @throws CliUsageException when a variable has an unusable value */
    static CliEnvironment from(Map<String, String> env) {
        String modeName = value(env, MODE, "local").toLowerCase(Locale.ROOT);
        Mode mode = switch (modeName) {
            case "local" -> Mode.LOCAL;
            case "aws" -> Mode.AWS;
            default -> throw new CliUsageException(MODE + " must be 'local' or 'aws', got '" + modeName + "'");
        };
        String endpointText = value(env, ENDPOINT, mode == Mode.LOCAL ? DEFAULT_LOCAL_ENDPOINT : null);
        URI endpoint = endpointText == null ? null : endpoint(endpointText);
        String region = value(env, REGION, value(env, "AWS_REGION", DEFAULT_REGION));
        ModelProperties.Tables tables = new ModelProperties.Tables(
                table(env, TABLE_CUSTOMERS, ModelProperties.Tables.CUSTOMERS),
                table(env, TABLE_API_KEYS, ModelProperties.Tables.API_KEYS),
                table(env, TABLE_USAGE, ModelProperties.Tables.USAGE),
                table(env, TABLE_PORTAL_USERS, ModelProperties.Tables.PORTAL_USERS),
                table(env, TABLE_AUDIT_LOG, ModelProperties.Tables.AUDIT_LOG),
                table(env, TABLE_BILLING, ModelProperties.Tables.BILLING));
        return new CliEnvironment(mode, endpoint, region, tables);
    }

    /** Connects; in local mode also creates the missing tables. */
    CliStore open() {
        DynamoDbClient dynamo = DynamoClients.create(endpoint, region, CALL_TIMEOUT,
                DynamoClients.credentials(mode == Mode.LOCAL));
        try {
            return new CliStore(dynamo, tables, mode == Mode.LOCAL);
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    /** Where the store is, for error messages. */
    String describe() {
        return (endpoint == null ? "DynamoDB in " + region : "DynamoDB at " + endpoint)
                + (mode == Mode.LOCAL ? " (local mode)" : " (aws mode)");
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static URI endpoint(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(text, "needs a scheme and a host, e.g. http://127.0.0.1:8000");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliUsageException(ENDPOINT + " is not a usable URL: " + e.getMessage());
        }
    }

    private static String table(Map<String, String> env, String name, String fallback) {
        String table = value(env, name, fallback);
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new CliUsageException(name + " must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -), got '"
                    + table + "'");
        }
        return table;
    }
}
