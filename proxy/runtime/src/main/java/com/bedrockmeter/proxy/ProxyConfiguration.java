package com.bedrockmeter.proxy;

import com.bedrockmeter.proxy.invoke.BedrockStreams;
import com.bedrockmeter.model.base.Rehearsal;
import com.bedrockmeter.proxy.base.StoreHealth;
import com.bedrockmeter.proxy.openai.OpenAiRoutes;
import com.bedrockmeter.proxy.snapstart.Readiness;
import com.bedrockmeter.proxy.snapstart.SnapStartPriming;
import com.bedrockmeter.proxy.ProxyProperties;
import com.bedrockmeter.proxy.admission.Admission;
import com.bedrockmeter.proxy.auth.ApiKeyAuthenticator;
import com.bedrockmeter.proxy.invoke.InvocationPipeline;
import com.bedrockmeter.proxy.invoke.InferenceProfileRoutes;
import com.bedrockmeter.proxy.invoke.InvokeRoutes;
import com.bedrockmeter.proxy.invoke.RequestBodies;
import com.bedrockmeter.model.config.Repositories;
import com.bedrockmeter.model.base.DynamoClients;
import com.bedrockmeter.model.config.ModelProperties;
import com.bedrockmeter.proxy.metering.CounterBuffer;
import com.bedrockmeter.model.usage.FileUsageEventSink;
import com.bedrockmeter.model.usage.StdoutUsageEventSink;
import com.bedrockmeter.model.usage.UsageEventSink;
import com.bedrockmeter.proxy.metering.UsageMeter;
import com.bedrockmeter.proxy.base.WriteRetries;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the request path on top of the data model ({@code DataModelConfiguration}). */
@Configuration(proxyBeanMethods = false)
class ProxyConfiguration {

    /**
     * The typed client: the request path no longer calls it (every Bedrock call is the signed pass-through,
     * {@link BedrockStreams}), so it is made only when asked for (the benchmark's {@code sdk} row), never in the
     * Lambda's start.
     */
    @Bean(destroyMethod = "close")
    @Lazy
    BedrockRuntimeClient bedrockRuntimeClient(ProxyProperties properties, ModelProperties model) {
        ProxyProperties.Bedrock settings = properties.bedrock();
        URI endpoint = requireEndpointWhenLocal(settings, model);
        var builder = BedrockRuntimeClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(DynamoClients.credentials(model.local()))
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(settings.maxConnections()))
                // The caller decides whether to retry: a hidden retry would double latency and Bedrock cost.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.timeout())
                        .addExecutionInterceptor(new Rehearsal()));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
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
    UsageEventSink usageEventSink(ProxyProperties properties, ModelProperties model, ObjectMapper json) {
        return switch (properties.usage().sink()) {
            case FILE -> new FileUsageEventSink(json, model.usage().directory());
            case STDOUT -> new StdoutUsageEventSink(json, () -> System.out);
        };
    }

    /** Buffered metering needs a heartbeat to fail closed; with unbuffered metering every call checks the store. */
    @Bean(destroyMethod = "close")
    StoreHealth storeHealth(DynamoDbClient dynamo, ProxyProperties properties, ModelProperties model,
                            Repositories tablesExist) {
        return properties.usage().counterFlushInterval().isZero() ? StoreHealth.ALWAYS_UP
                : new StoreHealth(dynamo, model.tables().customers(), "customerId",
                        properties.usage().counterFlushInterval().multipliedBy(2));
    }

    @Bean(destroyMethod = "close")
    CounterBuffer counterBuffer(Repositories repositories, ProxyProperties properties, StoreHealth store) {
        return new CounterBuffer(repositories.usage(), properties.usage().counterFlushInterval(), store);
    }

    @Bean(destroyMethod = "close")
    WriteRetries writeRetries() {
        return new WriteRetries();
    }

    @Bean
    UsageMeter usageMeter(Repositories repositories, CounterBuffer buffer, UsageEventSink events,
                          ExecutorService meterExecutor, WriteRetries retries) {
        return new UsageMeter(repositories.usage(), buffer, events, meterExecutor, retries);
    }

    @Bean
    InvocationPipeline invocationPipeline(Repositories repositories, ProxyProperties properties, ModelProperties model,
                                          BedrockStreams bedrockStreams,
                                          ObjectMapper json, UsageMeter meter,
                                          ExecutorService meterExecutor, Clock clock, StoreHealth store,
                                          WriteRetries retries) {
        var authenticator = new ApiKeyAuthenticator(repositories.keys(), repositories.customers(), clock,
                properties.auth().cacheTtl(), meterExecutor);
        return new InvocationPipeline(authenticator,
                new Admission(repositories.usage(), clock, properties.usage().counterFlushInterval().isZero(),
                        retries),
                bedrockStreams,
                json,
                meter,
                model.requests().allowedModels(),
                properties.requests().maxBodySize().toBytes(),
                clock, store);
    }

    /** The streaming routes' pass-through: the SDK's signer and credentials, its HTTP client (a pool of its own). */
    @Bean(destroyMethod = "close")
    BedrockStreams bedrockStreams(ProxyProperties properties, ModelProperties model, ObjectMapper json,
                                  SdkHttpClient bedrockStreamHttpClient) {
        ProxyProperties.Bedrock settings = properties.bedrock();
        return new BedrockStreams(bedrockStreamHttpClient, DynamoClients.credentials(model.local()),
                settings.region(), requireEndpointWhenLocal(settings, model), json, settings.timeout());
    }

    /** Local mode calls a simulator: placeholder credentials against real Bedrock would only fail later. */
    private static URI requireEndpointWhenLocal(ProxyProperties.Bedrock settings, ModelProperties model) {
        if (settings.endpoint() == null && model.local()) {
            throw new IllegalStateException("bedrock-meter.mode=local needs bedrock-meter.bedrock.endpoint (a Bedrock "
                    + "simulator's address; local-stack and the tests start one and set it)");
        }
        return settings.endpoint();
    }

    /** A read stalled for the Bedrock timeout ends the stream (the whole answer may take longer). */
    @Bean(destroyMethod = "close")
    SdkHttpClient bedrockStreamHttpClient(ProxyProperties properties) {
        ProxyProperties.Bedrock settings = properties.bedrock();
        return Apache5HttpClient.builder().maxConnections(settings.maxConnections())
                .socketTimeout(settings.timeout()).build();
    }

    @Bean
    SnapStartPriming snapStartPriming(DynamoDbClient dynamo, BedrockStreams bedrock, RequestBodies bodies,
                                      ProxyProperties properties, ModelProperties model,
                                      CounterBuffer counterBuffer) {
        List<String> models = model.requests().allowedModels();
        return new SnapStartPriming(dynamo, bedrock, bodies, model.tables().apiKeys(),
                model.tables().usage(),
                models.isEmpty() ? "anthropic.claude-3-haiku-20240307-v1:0" : models.get(0),
                counterBuffer::renewWriterId);
    }

    @Bean
    Readiness readiness(SnapStartPriming priming, ProxyProperties properties) {
        return new Readiness(priming, properties.snapStart().primeBeforeReady());
    }

    @Bean
    RequestBodies requestBodies(ObjectMapper json) {
        return new RequestBodies(json);
    }

    /** The invoke routes, ahead of every annotated mapping (see {@link InvokeRoutes} for why not a controller). */
    @Bean
    SimpleUrlHandlerMapping invokeRouteMapping(InvocationPipeline pipeline, RequestBodies bodies, ObjectMapper json,
                                               ProxyProperties properties, Readiness readiness, Clock clock) {
        InvokeRoutes routes = new InvokeRoutes(pipeline, bodies);
        Map<String, Object> urls = new LinkedHashMap<>();
        InvokeRoutes.ROUTES.forEach(route -> urls.put(route, routes));
        urls.put(InferenceProfileRoutes.ROUTE, new InferenceProfileRoutes(pipeline, json, properties.bedrock().region()));
        urls.put(Readiness.ROUTE, readiness);
        OpenAiRoutes openAi = new OpenAiRoutes(pipeline, bodies, json, properties.requests().maxBodySize().toBytes(),
                clock);
        OpenAiRoutes.ROUTES.forEach(route -> urls.put(route, openAi));
        return new SimpleUrlHandlerMapping(urls, Ordered.HIGHEST_PRECEDENCE);
    }
}
