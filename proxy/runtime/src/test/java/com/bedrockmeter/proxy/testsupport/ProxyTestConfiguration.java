package com.bedrockmeter.proxy.testsupport;

import com.bedrockmeter.model.testsupport.TestClock;
import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistrar;

@TestConfiguration(proxyBeanMethods = false)
public class ProxyTestConfiguration {

    @Bean
    static DynamicPropertyRegistrar dynaliteEndpoint() {
        return registry -> registry.add("bedrock-meter.dynamodb.endpoint", () -> Dynalite.sharedEndpoint().toString());
    }

    /** The Bedrock the proxy calls in the tests: the simulator, through the real SDK client, on a free port. */
    @Bean(destroyMethod = "close")
    BedrockSimulator bedrockSimulator() {
        return BedrockSimulator.start(0);
    }

    @Bean
    DynamicPropertyRegistrar bedrockEndpoint(BedrockSimulator simulator) {
        return registry -> registry.add("bedrock-meter.bedrock.endpoint", () -> simulator.endpoint().toString());
    }

    /** Replaces the system clock: tests set it instead of waiting (see {@link TestClock}). */
    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }

    @Bean
    ProxyClient proxyClient(org.springframework.core.env.Environment environment) {
        return new ProxyClient(() -> Integer.parseInt(environment.getProperty("local.server.port")));
    }
}
