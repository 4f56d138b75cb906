package com.bedrockmeter.proxy;

import static com.bedrockmeter.proxy.testsupport.ProxyClient.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.proxy.testsupport.ExternalProcess;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
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
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * The streaming function's zip run the way the AWS Lambda Web Adapter runs it: its {@code run.sh} started with
 * Lambda's variables ({@code LAMBDA_TASK_ROOT}, {@code AWS_LWA_PORT}) and the template's settings, polled on
 * {@code /ready} until it passes (when Lambda would take the SnapStart snapshot), then called over HTTP as the adapter
 * forwards an invocation. What the adapter itself does (events to HTTP, the Runtime API) cannot run here.
 */
@ProxyTest
class LambdaStreamPackageIT {

    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired BedrockSimulator simulator;

    @TempDir Path taskRoot;
    private ExternalProcess function;

    @AfterEach
    void stop() {
        simulator.faults().clear();
        if (function != null) {
            function.stop();
        }
    }

    @Test
    void runSh_servesAStreamAsItArrives_andHasWrittenTheCountersAndTheEventWhenTheAnswerEnds() throws Exception {
        // given: the zip unpacked as Lambda does, started as the adapter starts it
        unzip(streamZip(), taskRoot);
        assertThat(Files.getPosixFilePermissions(taskRoot.resolve("run.sh")))
                .contains(PosixFilePermission.OWNER_EXECUTE);
        int port = Dynalite.freePort();
        function = ExternalProcess.start(Map.ofEntries(
                Map.entry("LAMBDA_TASK_ROOT", taskRoot.toString()),
                Map.entry("AWS_LWA_PORT", Integer.toString(port)),
                Map.entry("BEDROCK_METER_MODE", "local"),
                Map.entry("BEDROCK_METER_DYNAMODB_ENDPOINT", Dynalite.sharedEndpoint().toString()),
                Map.entry("BEDROCK_METER_BEDROCK_ENDPOINT", simulator.endpoint().toString()),
                Map.entry("BEDROCK_METER_USAGE_SINK", "stdout"),
                Map.entry("BEDROCK_METER_USAGE_COUNTER_FLUSH_INTERVAL", "0"),
                Map.entry("BEDROCK_METER_SNAP_START_PRIME_BEFORE_READY", "true"),
                Map.entry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")),
                List.of("sh", taskRoot.resolve("run.sh").toString()));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base = URI.create("http://127.0.0.1:" + port);

        // when: the adapter's readiness check, then an invocation
        awaitReady(http, base.resolve("/ready"));
        CreatedCustomer acme = Customers.acme(customers);
        simulator.faults().streamPace(Duration.ZERO, 20);
        List<Long> arrivals = new ArrayList<>();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(base.resolve("/model/"
                        + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "/invoke-with-response-stream"))
                .header("Authorization", "Bearer " + acme.token().token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"anthropic_version\":\"bedrock-2023-05-31\","
                        + "\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"one two three four\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            MessageDecoder decoder = new MessageDecoder(m -> arrivals.add(System.nanoTime()));
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                decoder.feed(buffer, 0, n);
            }
        }
        var counters = usage.counters(acme.customer().id(),
                DynamoUsageRepository.day(LocalDate.now(ZoneOffset.UTC)));

        // then: frames spread over time (streamed, not buffered), primed before ready, and the moment the answer
        // ended (when the adapter ends the invocation and Lambda may freeze the process) the counters were written
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1_000_000).isGreaterThan(250);
        assertThat(counters).hasValueSatisfying(c -> {
            assertThat(c).containsEntry("requests", 1L);
            assertThat(c.get("outputTokens")).isPositive();
        });
        function.awaitOutput("\"customerId\":\"" + acme.customer().id() + "\"", Duration.ofSeconds(2));
        assertThat(function.stdout()).contains("SnapStart priming in").doesNotContain(acme.token().token());
    }

    @Test
    void streamZip_holdsRunShTheServerAndTheModel_andNoDevelopmentClass() throws IOException {
        // when
        List<String> entries;
        try (java.util.zip.ZipFile file = new java.util.zip.ZipFile(streamZip().toFile())) {
            entries = file.stream().map(e -> e.getName()).toList();
        }

        // then: Tomcat is this package's server; nothing else of the development code
        assertThat(entries).contains("run.sh", "com/bedrockmeter/proxy/ProxyApplication.class")
                .anyMatch(e -> e.matches("lib/tomcat-embed-core-.*\\.jar"))
                .anyMatch(e -> e.matches("lib/model-.*\\.jar"));
        assertThat(entries).noneMatch(e -> LambdaPackageIT.DEVELOPMENT.stream()
                .filter(d -> !d.equals("lib/tomcat-embed-core")).anyMatch(e::contains));
    }

    /** As the adapter's readiness check: until {@code /ready} answers 200 (the JVM, Spring, Tomcat and priming). */
    private static void awaitReady(HttpClient http, URI ready) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200);
    }

    static Path streamZip() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda-stream.zip")).findFirst()
                    .orElseThrow();
        }
    }

    /** With Info-ZIP's unzip, which keeps the Unix modes stored in the zip, as Lambda does. */
    private static void unzip(Path zip, Path into) {
        ExternalProcess.Result unzipped = ExternalProcess.run(Map.of(),
                List.of("unzip", "-q", zip.toAbsolutePath().toString(), "-d", into.toString()), Duration.ofSeconds(60));
        assertThat(unzipped.exitCode()).as(unzipped.output()).isZero();
    }
}
