package com.bedrockmeter.proxy;

import com.bedrockmeter.local.dynalite.Dynalite;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.proxy.testsupport.ExternalProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxy jar as an operator would start it: without settings it is never a development stack. */
class FailClosedIT {

    @Test
    void serve_runsInAwsModeWithoutSimulatorOrLocalTables_whenStartedWithNoSettings() throws IOException {
        // given: no settings at all, and no AWS credentials (the process cannot reach any AWS service)
        int port = freePort();
        ExternalProcess proxy = ExternalProcess.start(Map.of("AWS_EC2_METADATA_DISABLED", "true"),
                List.of(java(), "-jar", jar().toString(), "--server.port=" + port));
        try {
            // when
            proxy.awaitOutput("Started ProxyApplication", Duration.ofSeconds(60));

            // then
            assertThat(proxy.stdout()).contains("Bedrock Meter in aws mode; DynamoDB of region us-east-1")
                    .doesNotContain("Bedrock simulator").doesNotContain("127.0.0.1:8000");
        } finally {
            proxy.stop();
        }
    }

    @Test
    void serve_exits_whenTheApplicationFailsToStart() throws IOException {
        // given: the port is taken, so the web server cannot start
        try (ServerSocket taken = new ServerSocket(0)) {
            // when
            ExternalProcess.Result result = ExternalProcess.run(Map.of(), List.of(java(), "-jar", jar().toString(),
                    "--bedrock-meter.mode=local", "--bedrock-meter.dynamodb.endpoint=http://127.0.0.1:1",
                    "--bedrock-meter.bedrock.endpoint=http://127.0.0.1:1",
                    "--server.port=" + taken.getLocalPort()), Duration.ofSeconds(90));

            // then: the JVM ended by itself, with a failure
            assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
            assertThat(result.output()).contains("The proxy failed to start");
        }
    }

    @Test
    void localMode_withoutABedrockEndpoint_refusesToStart_insteadOfCallingRealBedrockWithPlaceholderCredentials()
            throws IOException {
        // when: local mode (placeholder credentials), a store that answers, and no simulator to call
        ExternalProcess.Result result = ExternalProcess.run(Map.of(), List.of(java(), "-jar", jar().toString(),
                "--bedrock-meter.mode=local", "--bedrock-meter.dynamodb.endpoint=" + Dynalite.sharedEndpoint(),
                "--server.port=" + freePort()), Duration.ofSeconds(90));

        // then
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("bedrock-meter.mode=local needs bedrock-meter.bedrock.endpoint");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path jar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("proxy-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Run after package: no proxy-*-exec.jar"));
        }
    }
}
