package com.bedrockmeter.proxy.base;

import com.bedrockmeter.proxy.ProxyProperties;
import com.bedrockmeter.proxy.local.BedrockSimulator;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS SDK clients, built once. In {@code local} mode they talk to dynalite and the Bedrock simulator with
 * placeholder credentials; in {@code aws} mode to the real services with the default credential chain.
 */
@Configuration(proxyBeanMethods = false)
class AwsClientsConfiguration {

    /** dynalite's port in the local stack. */
    static final URI LOCAL_DYNAMODB = URI.create("http://127.0.0.1:8000");

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    DynamoDbClient dynamoDbClient(ProxyProperties properties) {
        ProxyProperties.DynamoDb settings = properties.dynamodb();
        URI endpoint = settings.endpoint() != null ? settings.endpoint()
                : properties.local() ? LOCAL_DYNAMODB : null;
        return DynamoClients.create(endpoint, settings.region(), settings.callTimeout(), credentials(properties));
    }

    @Bean(destroyMethod = "close")
    BedrockRuntimeClient bedrockRuntimeClient(ProxyProperties properties,
                                              ObjectProvider<BedrockSimulator> simulator) {
        ProxyProperties.Bedrock settings = properties.bedrock();
        URI endpoint = Optional.ofNullable(settings.endpoint())
                .orElseGet(() -> Optional.ofNullable(simulator.getIfAvailable()).map(BedrockSimulator::endpoint)
                        .orElse(null));
        var builder = BedrockRuntimeClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(properties))
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(settings.maxConnections()))
                // The caller decides whether to retry: a hidden retry would double latency and Bedrock cost.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.timeout()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(ProxyProperties properties) {
        return properties.local()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }
}
