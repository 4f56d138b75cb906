package com.bedrockmeter.model.base;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the DynamoDB client the same way for the proxy, the CLI and the tests. */
public final class DynamoClients {

    private DynamoClients() {
    }

    /**
     * @param endpoint    null for the region's real endpoint
     * @param callTimeout bound on one call, retries included: past it the store counts as unavailable
     */
    public static DynamoDbClient create(URI endpoint, String region, Duration callTimeout,
                                        AwsCredentialsProvider credentials) {
        var builder = DynamoDbClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(200)
                        .connectionTimeout(Duration.ofMillis(Math.min(1000, callTimeout.toMillis()))))
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout).addExecutionInterceptor(new Rehearsal()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Local mode: placeholder credentials (dynalite and the simulator check none); else the default chain. */
    public static AwsCredentialsProvider credentials(boolean local) {
        return local ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }
}
