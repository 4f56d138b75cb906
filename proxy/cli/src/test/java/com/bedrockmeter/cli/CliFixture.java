package com.bedrockmeter.cli;

import com.bedrockmeter.model.config.ModelProperties;
import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.model.base.DynamoClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The admin CLI run in-process against the JVM's dynalite, on tables of a test class's own (named with a fresh
 * prefix, created by the CLI itself in local mode), with a DynamoDB client to look at them.
 */
final class CliFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String customers;
    final String apiKeys;
    final String usage;
    final String audit;
    final String billing;
    final DynamoDbClient dynamo;
    private final Map<String, String> env;

    /** What one command printed and returned. */
    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("stdout is not JSON: " + out + " / stderr: " + err, e);
            }
        }

        JsonNode errorJson() {
            try {
                return JSON.readTree(err);
            } catch (Exception e) {
                throw new AssertionError("stderr is not JSON: " + err, e);
            }
        }
    }

    CliFixture(String prefix) {
        String unique = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        customers = unique + "_customers";
        apiKeys = unique + "_api_keys";
        usage = unique + "_usage";
        audit = unique + "_audit";
        billing = unique + "_billing";
        env = Map.of(
                "BEDROCK_METER_DYNAMODB_ENDPOINT", Dynalite.sharedEndpoint().toString(),
                "BEDROCK_METER_TABLES_CUSTOMERS", customers,
                "BEDROCK_METER_TABLES_API_KEYS", apiKeys,
                "BEDROCK_METER_TABLES_USAGE", usage,
                "BEDROCK_METER_TABLES_AUDIT_LOG", audit,
                "BEDROCK_METER_TABLES_BILLING", billing);
        dynamo = DynamoClients.create(Dynalite.sharedEndpoint(), "us-east-1", Duration.ofSeconds(5),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AdminCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        dynamo.close();
    }

    /** The fixture's tables (its portal-users table is the default one: no command uses it). */
    ModelProperties.Tables tables() {
        return new ModelProperties.Tables(customers, apiKeys, usage, ModelProperties.Tables.PORTAL_USERS, audit,
                billing);
    }
}
