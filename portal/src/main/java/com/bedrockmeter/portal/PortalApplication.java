package com.bedrockmeter.portal;

import com.bedrockmeter.model.config.DataModelConfiguration;
import com.bedrockmeter.model.config.ServicesConfiguration;
import com.vaadin.flow.component.page.AppShellConfigurator;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The customer and admin portal. It uses the data model (customers, keys, usage, billing, audit) through its
 * services; it never writes items of its own shape for them, and it knows nothing of the proxy's runtime.
 */
@SpringBootApplication
@Import({DataModelConfiguration.class, ServicesConfiguration.class})
@EnableConfigurationProperties(PortalProperties.class)
public class PortalApplication implements AppShellConfigurator {

    public static void main(String[] args) {
        try {
            SpringApplication.run(PortalApplication.class, args);
        } catch (Throwable e) {
            // An application that failed to start must end its process: threads it started (an embedded
            // provider, a web server) would otherwise keep the JVM up, answering as if all were well.
            LoggerFactory.getLogger(PortalApplication.class).error("The portal failed to start", e);
            System.exit(1);
        }
    }
}
