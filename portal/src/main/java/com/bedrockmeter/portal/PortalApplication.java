package com.bedrockmeter.portal;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.server.PWA;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The customer and admin portal. This is the skeleton from the foundation issue: it runs in the local stack and
 * shows where sign-in, keys, usage and billing will live.
 */
@SpringBootApplication
@PWA(name = "Bedrock Meter", shortName = "Bedrock Meter")
public class PortalApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        SpringApplication.run(PortalApplication.class, args);
    }
}
