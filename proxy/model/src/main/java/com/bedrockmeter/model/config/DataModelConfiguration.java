package com.bedrockmeter.model.config;

import com.bedrockmeter.model.base.DynamoClients;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The data model's beans (the settings, the clock, the DynamoDB client and the {@link Repositories}) for every
 * application that uses it: the proxy's request path and the portal import this class. The use cases are
 * {@link ServicesConfiguration}'s, which the request path does not load.
 * In {@code local} mode the client talks to dynalite with placeholder credentials and missing tables are created
 * before anything uses them; in {@code aws} mode it uses the default credential chain and creates nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ModelProperties.class)
public class DataModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DataModelConfiguration.class);

    /** dynalite's address in the local stack by default, where the CLI looks unless told otherwise. */
    public static final String LOCAL_DYNAMODB_ENDPOINT = "http://127.0.0.1:8000";
    static final URI LOCAL_DYNAMODB = URI.create(LOCAL_DYNAMODB_ENDPOINT);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    DynamoDbClient dynamoDbClient(ModelProperties properties) {
        ModelProperties.DynamoDb settings = properties.dynamodb();
        URI endpoint = settings.endpoint() != null ? settings.endpoint()
                : properties.local() ? LOCAL_DYNAMODB : null;
        log.info("Bedrock Meter in {} mode; DynamoDB {}", properties.mode().name().toLowerCase(),
                endpoint == null ? "of region " + settings.region() : "at " + endpoint);
        return DynamoClients.create(endpoint, settings.region(), settings.callTimeout(),
                DynamoClients.credentials(properties.local()));
    }

    @Bean
    Repositories repositories(DynamoDbClient dynamo, ModelProperties properties) {
        return Repositories.on(dynamo, properties.tables(), properties.local());
    }

    @Bean
    DynamoUsageRepository usageRepository(Repositories repositories) {
        return repositories.usage();
    }
}
