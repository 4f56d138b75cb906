package com.bedrockmeter.proxy.base;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** The server (not Lambda, which has no Tomcat): Tomcat's own refusals in our JSON ({@link JsonErrorReportValve}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
class TomcatConfiguration {

    /**
     * Model ids in the path may be application inference profile ARNs, URL-encoded as the AWS SDKs send them
     * ({@code /model/arn%3Aaws%3Abedrock%3A…%3Aapplication-inference-profile%2Fabc/converse}): Tomcat refuses an
     * encoded slash by default; passed through, it stays inside the one path segment and the model id decodes whole.
     */
    /**
     * HTTP/2 beside HTTP/1.1, also in clear text (h2c): the AWS SDKs' async clients speak HTTP/2 to Bedrock's
     * streaming operations, over http:// too. Tomcat's own protocol but for client GOAWAYs
     * ({@link GracefulGoawayHttp2Protocol}); {@code server.http2.enabled} stays off so that Spring Boot does not add
     * Tomcat's plain one beside it.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> http2() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.addUpgradeProtocol(new GracefulGoawayHttp2Protocol()));
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesInModelIds() {
        return factory -> factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    }

    /** Runs after Spring Boot's customizer, which puts an HTML {@link ErrorReportValve} on the host: replace it. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                host.getPipeline().addValve(new JsonErrorReportValve());
            }
        });
    }
}
