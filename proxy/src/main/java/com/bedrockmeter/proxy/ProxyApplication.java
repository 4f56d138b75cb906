package com.bedrockmeter.proxy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The proxy as a plain Spring Boot server (the Lambda handler starts the same application). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProxyApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProxyApplication.class, args);
    }
}
