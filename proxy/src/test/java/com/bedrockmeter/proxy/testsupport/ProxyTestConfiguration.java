package com.bedrockmeter.proxy.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistrar;

@TestConfiguration(proxyBeanMethods = false)
public class ProxyTestConfiguration {

    @Bean
    static DynamicPropertyRegistrar dynaliteEndpoint() {
        return registry -> registry.add("bedrock-meter.dynamodb.endpoint", () -> TestDynalite.endpoint().toString());
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
