package com.bedrockmeter.portal.analytics;

import com.bedrockmeter.model.config.ModelProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;

/** Chooses the analytics engine: DuckDB over the local files by default, Athena when configured. */
@Configuration
@EnableConfigurationProperties(AnalyticsProperties.class)
class AnalyticsConfiguration {

    @Bean
    UsageDashboards usageDashboards(AnalyticsProperties properties, ModelProperties model,
                                    ObjectProvider<AthenaClient> athena) {
        return new UsageDashboards(switch (properties.engine()) {
            case DUCKDB -> new DuckDbEngine(properties.directory() != null ? properties.directory()
                    : model.usage().directory(), properties.duckdbThreads(), properties.duckdbMemory());
            case ATHENA -> new AthenaEngine(athena.getObject(), properties.athena().workgroup(),
                    properties.athena().database(), properties.athena().pollInterval(), properties.athena().timeout(),
                    duration -> Thread.sleep(duration.toMillis()));
        });
    }

    /** Only with the Athena engine; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "bedrock-meter.analytics.engine", havingValue = "athena")
    AthenaClient athenaClient(AnalyticsProperties properties) {
        AnalyticsProperties.Athena settings = properties.athena();
        AthenaClientBuilder builder = AthenaClient.builder().httpClientBuilder(Apache5HttpClient.builder());
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }
}
