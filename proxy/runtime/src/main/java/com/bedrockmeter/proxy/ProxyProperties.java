package com.bedrockmeter.proxy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The request path's own settings, bound from {@code bedrock-meter.*} (environment: {@code BEDROCK_METER_*}); the
 * mode, the tables and the DynamoDB connection are the data model's ({@code ModelProperties}, same prefix).
 *
 * @param bedrock   Bedrock runtime connection
 * @param auth      authentication cache
 * @param requests  request validation
 * @param usage     where usage events go
 * @param snapStart SnapStart priming of the server under the Lambda Web Adapter
 */
@Validated
@ConfigurationProperties("bedrock-meter")
public record ProxyProperties(
        @DefaultValue @Valid Bedrock bedrock,
        @DefaultValue @Valid Auth auth,
        @DefaultValue @Valid Requests requests,
        @DefaultValue @Valid Usage usage,
        @DefaultValue @Valid SnapStart snapStart) {

    /**
     * @param endpoint     override (the local stack's simulator); blank means the region's real Bedrock, which
     *                     {@code local} mode refuses: there it must point at a simulator
     * @param region       AWS region of Bedrock
     * @param timeout      bound on one InvokeModel call (model time included); past it the caller gets 504
     * @param maxConnections pooled HTTP connections to Bedrock
     */
    public record Bedrock(
            URI endpoint,
            @DefaultValue("us-east-1") @NotBlank String region,
            @DefaultValue("120s") @NotNull Duration timeout,
            @DefaultValue("200") @Positive int maxConnections) {
    }

    /**
     * @param cacheTtl how long a key or customer looked up stays cached: a revoked key or a suspended customer
     *                 is refused at most this long after the change (documented as at most a few seconds)
     */
    public record Auth(@DefaultValue("2s") @NotNull Duration cacheTtl) {
    }

    /**
     * @param maxBodySize   larger bodies get 413 (the allowed models are the model's settings). The default is what
     *                      one AWS Lambda request carries (6 MB with its envelope of headers and request context;
     *                      API Gateway's own limit, 10 MB, is higher): long agent sessions (Claude Code) send
     *                      bodies of several MB
     */
    public record Requests(@DefaultValue("5900KB") @NotNull DataSize maxBodySize) {
    }

    /**
     * @param sink      {@code file} (local: {@code <directory>/dt=YYYY-MM-DD/*.jsonl}) or {@code stdout} (Lambda:
     *                  one JSON line per call for CloudWatch Logs)
     *                  (the files' directory is the model's settings: the portal and the CLI read them too)
     * @param counterFlushInterval how often coalesced usage counters are written; 0 writes them with each call
     *                  (Lambda, whose instances freeze between calls, must use 0)
     */
    public record Usage(
            @DefaultValue("file") @NotNull Sink sink,
            @DefaultValue("100ms") @NotNull Duration counterFlushInterval) {
        public enum Sink { FILE, STDOUT }
    }

    /**
     * @param primeBeforeReady run the SnapStart priming before {@code GET /ready} answers 200: under the Lambda Web
     *                  Adapter (the streaming function) the snapshot is taken once the adapter's readiness check
     *                  passes, and the JVM's own checkpoint hooks never run, so priming has to happen before it
     */
    public record SnapStart(@DefaultValue("false") boolean primeBeforeReady) {
    }
}
