package com.bedrockmeter.proxy.base;

import com.bedrockmeter.proxy.ProxyProperties;
import com.bedrockmeter.proxy.admission.Admission;
import com.bedrockmeter.proxy.auth.ApiKeyAuthenticator;
import com.bedrockmeter.proxy.customer.ApiKeyService;
import com.bedrockmeter.proxy.customer.CustomerService;
import com.bedrockmeter.proxy.customer.DynamoApiKeyRepository;
import com.bedrockmeter.proxy.customer.DynamoCustomerRepository;
import com.bedrockmeter.proxy.invoke.BedrockInvoker;
import com.bedrockmeter.proxy.invoke.InvocationPipeline;
import com.bedrockmeter.proxy.invoke.RequestBodies;
import com.bedrockmeter.proxy.local.LocalTables;
import com.bedrockmeter.proxy.metering.DynamoUsageRepository;
import com.bedrockmeter.proxy.metering.FileUsageEventSink;
import com.bedrockmeter.proxy.metering.StdoutUsageEventSink;
import com.bedrockmeter.proxy.metering.UsageEventSink;
import com.bedrockmeter.proxy.metering.UsageMeter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the data model and the request path; the tables exist before anything uses them. */
@Configuration(proxyBeanMethods = false)
class ProxyConfiguration {

    @Bean
    Repositories repositories(DynamoDbClient dynamo, ProxyProperties properties) {
        ProxyProperties.Tables tables = properties.tables();
        if (properties.local()) {
            LocalTables.createMissing(dynamo, tables);
        }
        return new Repositories(new DynamoCustomerRepository(dynamo, tables.customers()),
                new DynamoApiKeyRepository(dynamo, tables.apiKeys()),
                new DynamoUsageRepository(dynamo, tables.usage()));
    }

    record Repositories(DynamoCustomerRepository customers, DynamoApiKeyRepository keys,
                        DynamoUsageRepository usage) {
    }

    @Bean
    DynamoUsageRepository usageRepository(Repositories repositories) {
        return repositories.usage();
    }

    @Bean
    ApiKeyService apiKeyService(Repositories repositories, Clock clock) {
        return new ApiKeyService(repositories.keys(), repositories.customers(), clock);
    }

    @Bean
    CustomerService customerService(Repositories repositories, ApiKeyService keys, Clock clock) {
        return new CustomerService(repositories.customers(), keys, clock);
    }

    /** Parallel counter writes and last-use updates; bounded, daemon threads. */
    @Bean(destroyMethod = "shutdown")
    ExecutorService meterExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "meter-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(64, threads);
    }

    @Bean
    UsageEventSink usageEventSink(ProxyProperties properties, ObjectMapper json) {
        return switch (properties.usage().sink()) {
            case FILE -> new FileUsageEventSink(json, properties.usage().directory());
            case STDOUT -> new StdoutUsageEventSink(json, System.out);
        };
    }

    @Bean
    InvocationPipeline invocationPipeline(Repositories repositories, ProxyProperties properties,
                                          BedrockRuntimeClient bedrock, ObjectMapper json, UsageEventSink events,
                                          ExecutorService meterExecutor, Clock clock) {
        var authenticator = new ApiKeyAuthenticator(repositories.keys(), repositories.customers(), clock,
                properties.auth().cacheTtl(), meterExecutor);
        return new InvocationPipeline(authenticator,
                new Admission(repositories.usage(), clock),
                new BedrockInvoker(bedrock, json),
                new UsageMeter(repositories.usage(), events, meterExecutor),
                properties.requests().allowedModels(),
                properties.requests().maxBodySize().toBytes(),
                clock);
    }

    @Bean
    RequestBodies requestBodies(ObjectMapper json) {
        return new RequestBodies(json);
    }
}
