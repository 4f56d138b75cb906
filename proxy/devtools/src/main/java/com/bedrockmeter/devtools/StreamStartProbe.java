package com.bedrockmeter.devtools;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The streaming function's cold start on this machine: its zip unpacked with {@code unzip} (modes kept, as Lambda
 * does), {@code run.sh} started with Lambda's and the template's variables, the time until {@code GET /ready}
 * passes (what the Lambda Web Adapter waits for before the first invocation, and SnapStart before its snapshot),
 * then the first and second {@code invoke-with-response-stream} calls: time to the first byte and to the last. Once
 * plain, once with the priming before ready. The adapter's own start (a small native binary) is not in the figures.
 */
final class StreamStartProbe {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":32,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    private StreamStartProbe() {
    }

    static void measure(URI dynamodb, URI bedrock, String token) throws Exception {
        Path zip = LambdaProbe.runtimePackage("-lambda-stream.zip");
        Path root = Files.createTempDirectory("bedrock-meter-stream");
        Process unzip = new ProcessBuilder("unzip", "-q", zip.toString(), "-d", root.toString()).inheritIO().start();
        if (unzip.waitFor() != 0) {
            throw new IllegalStateException("unzip failed (apt-get install unzip)");
        }
        System.out.println("Streaming function measured from " + zip.getFileName() + " (run.sh, the template's "
                + "JAVA_TOOL_OPTIONS), on this machine:");
        for (boolean prime : List.of(false, true)) {
            int port = com.bedrockmeter.local.dynalite.Dynalite.freePort();
            ProcessBuilder builder = new ProcessBuilder("sh", root.resolve("run.sh").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(Map.of("LAMBDA_TASK_ROOT", root.toString(),
                    "AWS_LWA_PORT", Integer.toString(port), "BEDROCK_METER_MODE", "local",
                    "BEDROCK_METER_DYNAMODB_ENDPOINT", dynamodb.toString(),
                    "BEDROCK_METER_BEDROCK_ENDPOINT", bedrock.toString(),
                    "BEDROCK_METER_USAGE_SINK", "stdout", "BEDROCK_METER_USAGE_COUNTER_FLUSH_INTERVAL", "0",
                    "BEDROCK_METER_SNAP_START_PRIME_BEFORE_READY", Boolean.toString(prime),
                    "LOGGING_LEVEL_ROOT", "WARN",
                    "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"));
            long t0 = System.nanoTime();
            Process function = builder.start();
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI base = URI.create("http://127.0.0.1:" + port);
                awaitReady(http, base.resolve("/ready"));
                long ready = System.nanoTime();
                long[] first = stream(http, base, token);
                long[] second = stream(http, base, token);
                System.out.printf("Streaming function, %s: ready %.0f ms; first stream %.1f ms to the first byte, "
                                + "%.1f ms to the last; second stream %.1f / %.1f ms%n",
                        prime ? "primed before ready" : "plain cold start", (ready - t0) / 1e6, first[0] / 1e6,
                        first[1] / 1e6, second[0] / 1e6, second[1] / 1e6);
            } finally {
                function.destroy();
                function.waitFor();
            }
        }
    }

    /** Nanoseconds to the first byte of the body and to its end. */
    private static long[] stream(HttpClient http, URI base, String token) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(base.resolve("/model/"
                        + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "/invoke-with-response-stream"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The stream answered " + response.statusCode());
        }
        long firstByte;
        try (InputStream in = response.body()) {
            in.read();
            firstByte = System.nanoTime() - start;
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return new long[] {firstByte, System.nanoTime() - start};
    }

    private static void awaitReady(HttpClient http, URI ready) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // as the adapter does: try again
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("run.sh was not ready within 2 minutes");
    }
}
