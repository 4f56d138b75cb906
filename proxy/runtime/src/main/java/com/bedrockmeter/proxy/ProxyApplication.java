package com.bedrockmeter.proxy;

import com.bedrockmeter.model.config.DataModelConfiguration;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The proxy as a plain Spring Boot server ({@code java -jar proxy-*-exec.jar}); the Lambda handler starts the same
 * application. It builds the data model's repositories, never its use cases (no billing, audit or onboarding on the
 * request path).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(DataModelConfiguration.class)
public class ProxyApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(ProxyApplication.class, args);
        } catch (Throwable e) {
            // An application that failed to start must end its process, whatever threads it had started.
            LoggerFactory.getLogger(ProxyApplication.class).error("The proxy failed to start", e);
            System.exit(1);
        }
    }
}
