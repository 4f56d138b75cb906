package com.bedrockmeter.portal.analytics;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the admin analytics read the usage events, bound from {@code bedrock-meter.analytics.*}
 * ({@code BEDROCK_METER_ANALYTICS_*}).
 *
 * @param engine         {@code duckdb} (local: the event files) or {@code athena} (AWS: the Glue table)
 * @param directory      DuckDB: the root of the {@code dt=} folders; empty means the proxy's
 *                       {@code bedrock-meter.usage.directory}
 * @param duckdbThreads  DuckDB worker threads per query
 * @param duckdbMemory   DuckDB memory per query (the page runs four side by side)
 * @param athena         Athena's settings
 */
@Validated
@ConfigurationProperties("bedrock-meter.analytics")
public record AnalyticsProperties(
        @DefaultValue("duckdb") @NotNull Engine engine,
        Path directory,
        @DefaultValue("2") @Min(1) int duckdbThreads,
        @DefaultValue("512MB") @Pattern(regexp = "[0-9]{1,6}(KB|MB|GB)") String duckdbMemory,
        @DefaultValue @Valid Athena athena) {

    public enum Engine { DUCKDB, ATHENA }

    /**
     * @param workgroup    the stack's output {@code AthenaWorkGroupName} (it enforces the result location)
     * @param database     the Glue database, output {@code GlueDatabaseName}
     * @param region       empty: the SDK's default region chain
     * @param endpoint     empty: Athena's own; set only to point at a test double
     * @param pollInterval between GetQueryExecution calls
     * @param timeout      after this the query is stopped and the screen says so
     */
    public record Athena(
            @DefaultValue("bedrock-meter-analytics") @NotBlank String workgroup,
            @DefaultValue("bedrock_usage_db") @NotBlank String database,
            String region,
            URI endpoint,
            @DefaultValue("500ms") @NotNull Duration pollInterval,
            @DefaultValue("60s") @NotNull Duration timeout) {
    }
}
