package com.bedrockmeter.proxy.base;

import com.bedrockmeter.proxy.ProxyProperties;
import com.bedrockmeter.proxy.customer.DynamoApiKeyRepository;
import com.bedrockmeter.proxy.customer.DynamoCustomerRepository;
import com.bedrockmeter.proxy.customer.DynamoSubjectBindingRepository;
import com.bedrockmeter.proxy.local.LocalTables;
import com.bedrockmeter.proxy.metering.DynamoUsageRepository;
import java.net.URI;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The data model's beans — the DynamoDB client and the repositories — for every application that uses it: the
 * proxy's request path, and the portal, which imports this class (the data model has one home). The use cases
 * (customers, keys, audit, billing, onboarding) are {@link ServicesConfiguration}'s, which the request path does
 * not load.
 * In {@code local} mode the client talks to dynalite with placeholder credentials and missing tables are created
 * before anything uses them; in {@code aws} mode it uses the default credential chain and creates nothing.
 */
@Configuration(proxyBeanMethods = false)
public class DataModelConfiguration {

    /** dynalite's address in the local stack by default, where the CLI looks unless told otherwise. */
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DataModelConfiguration.class);

    public static final String LOCAL_DYNAMODB_ENDPOINT = "http://127.0.0.1:8000";
    static final URI LOCAL_DYNAMODB = URI.create(LOCAL_DYNAMODB_ENDPOINT);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    DynamoDbClient dynamoDbClient(ProxyProperties properties) {
        ProxyProperties.DynamoDb settings = properties.dynamodb();
        URI endpoint = settings.endpoint() != null ? settings.endpoint()
                : properties.local() ? LOCAL_DYNAMODB : null;
        log.info("Bedrock Meter in {} mode; DynamoDB {}", properties.mode().name().toLowerCase(),
                endpoint == null ? "of region " + settings.region() : "at " + endpoint);
        return DynamoClients.create(endpoint, settings.region(), settings.callTimeout(), credentials(properties));
    }

    @Bean
    Repositories repositories(DynamoDbClient dynamo, ProxyProperties properties) {
        ProxyProperties.Tables tables = properties.tables();
        if (properties.local()) {
            LocalTables.createMissing(dynamo, tables);
        }
        return new Repositories(new DynamoCustomerRepository(dynamo, tables.customers()),
                new DynamoApiKeyRepository(dynamo, tables.apiKeys()),
                new DynamoUsageRepository(dynamo, tables.usage()),
                new DynamoSubjectBindingRepository(dynamo, tables.portalUsers()));
    }

    /** The persistence adapters, built once the tables exist. */
    public record Repositories(DynamoCustomerRepository customers, DynamoApiKeyRepository keys,
                               DynamoUsageRepository usage, DynamoSubjectBindingRepository subjects) {
    }

    @Bean
    DynamoUsageRepository usageRepository(Repositories repositories) {
        return repositories.usage();
    }

    static AwsCredentialsProvider credentials(ProxyProperties properties) {
        return properties.local()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }
}
