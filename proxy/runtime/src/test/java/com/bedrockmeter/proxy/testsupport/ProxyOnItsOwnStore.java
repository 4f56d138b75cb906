package com.bedrockmeter.proxy.testsupport;

import com.bedrockmeter.proxy.ProxyApplication;
import com.bedrockmeter.model.config.ServicesConfiguration;
import java.net.URI;
import java.nio.file.Path;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The proxy in this JVM against a store of the test's own (a dynalite it may stop, or a faulty endpoint in front of
 * one), for tests about the store misbehaving: short store timeouts, a long auth cache (so a key stays known while
 * the store is gone), and its events in a directory of the test's.
 */
public final class ProxyOnItsOwnStore {

    private ProxyOnItsOwnStore() {
    }

    /** @param flushInterval the counter flush interval ("0": Lambda's unbuffered counters) */
    public static ConfigurableApplicationContext start(URI store, String flushInterval, Path usageEvents) {
        BedrockSimulator simulator = BedrockSimulator.start(0);
        return new SpringApplicationBuilder(ProxyApplication.class, ServicesConfiguration.class)
                .initializers(context -> {
                    // the test reaches its Bedrock as a bean of the context, which closes it
                    context.getBeanFactory().registerSingleton("bedrockSimulator", simulator);
                    context.addApplicationListener(event -> {
                        if (event instanceof ContextClosedEvent) {
                            simulator.close();
                        }
                    });
                })
                .run("--server.port=0",
                "--bedrock-meter.bedrock.endpoint=" + simulator.endpoint(),
                "--bedrock-meter.mode=local",
                "--bedrock-meter.usage.counter-flush-interval=" + flushInterval,
                "--bedrock-meter.dynamodb.endpoint=" + store,
                "--bedrock-meter.dynamodb.call-timeout=1s",
                "--bedrock-meter.auth.cache-ttl=1m",
                "--bedrock-meter.usage.directory=" + usageEvents);
    }

    /** A client of the started proxy. */
    public static ProxyClient client(ConfigurableApplicationContext app) {
        return new ProxyClient(() -> Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }
}
