package com.bedrockmeter.model.testsupport;

import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.model.config.DataModelConfiguration;
import com.bedrockmeter.model.config.ServicesConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistrar;

@SpringBootConfiguration(proxyBeanMethods = false)
@Import({DataModelConfiguration.class, ServicesConfiguration.class})
class ModelTestConfiguration {

    @Bean
    static DynamicPropertyRegistrar dynaliteEndpoint() {
        return registry -> registry.add("bedrock-meter.dynamodb.endpoint", () -> Dynalite.sharedEndpoint().toString());
    }

    /** Replaces the system clock: tests set it instead of waiting (see {@link TestClock}). */
    @Bean
    @Primary
    TestClock testClock() {
        return new TestClock();
    }
}
