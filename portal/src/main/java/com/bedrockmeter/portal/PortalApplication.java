package com.bedrockmeter.portal;

import com.bedrockmeter.portal.analytics.AnalyticsBenchmark;
import com.bedrockmeter.proxy.ProxyProperties;
import com.bedrockmeter.proxy.base.DataModelConfiguration;
import com.bedrockmeter.proxy.base.ServicesConfiguration;
import com.vaadin.flow.component.page.AppShellConfigurator;
import java.util.Arrays;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The customer and admin portal. It uses the proxy module's data model (customers, keys, usage) through its
 * services; it never writes items of its own shape for them.
 */
@SpringBootApplication
@Import({DataModelConfiguration.class, ServicesConfiguration.class})
@EnableConfigurationProperties({ProxyProperties.class, PortalProperties.class})
public class PortalApplication implements AppShellConfigurator {

    /** Runs the portal; {@code analytics-benchmark [options]} runs the analytics benchmark instead. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("analytics-benchmark")) {
            System.exit(AnalyticsBenchmark.run(Arrays.copyOfRange(args, 1, args.length)));
        }
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
