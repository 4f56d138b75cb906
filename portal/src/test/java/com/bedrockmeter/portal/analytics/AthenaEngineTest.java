package com.bedrockmeter.portal.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.bedrockmeter.portal.analytics.UsageDashboards.DayTrend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * The Athena engine through the real AWS SDK against a local HTTP endpoint that answers Athena's JSON protocol
 * (X-Amz-Target, application/x-amz-json-1.1) with the API's response documents from {@code src/test/resources/athena}:
 * the request shapes, polling, paging, a failed query, a cancelled one, one that times out, and an error answer.
 */
class AthenaEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AnalyticsQuery NOVEMBER = AnalyticsQuery.allCustomers(LocalDate.of(2026, 11, 1),
            LocalDate.of(2026, 11, 30));

    private HttpServer server;
    private final Map<String, Deque<String>> answers = new HashMap<>();
    private final List<Map.Entry<String, JsonNode>> requests = new ArrayList<>();
    private final List<Duration> sleeps = new ArrayList<>();
    private AthenaClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target.substring(target.indexOf('.') + 1);
            synchronized (requests) {
                requests.add(Map.entry(operation, JSON.readTree(exchange.getRequestBody())));
            }
            Deque<String> queue = answers.get(operation);
            String fixture = queue == null || queue.isEmpty() ? null : queue.size() > 1 ? queue.poll() : queue.peek();
            int status = fixture != null && fixture.startsWith("400:") ? 400 : fixture == null ? 500 : 200;
            byte[] body = fixture == null ? "{\"__type\":\"InternalServerException\",\"Message\":\"unscripted\"}"
                    .getBytes(StandardCharsets.UTF_8) : fixture(fixture.replace("400:", ""));
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().add("x-amzn-RequestId", "test-" + requests.size());
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = AthenaClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void aDashboard_startsTheQueryInTheWorkgroup_pollsUntilDone_andReadsEveryPage() {
        // given
        script("StartQueryExecution", "start-query-execution");
        script("GetQueryExecution", "get-query-execution-queued", "get-query-execution-running",
                "get-query-execution-succeeded");
        script("GetQueryResults", "get-query-results-page-1", "get-query-results-page-2");

        // when
        List<DayTrend> trend = dashboards(Duration.ofSeconds(30)).usageTrend(NOVEMBER);

        // then: the rows of both pages, the header row left out, a missing value read as 0
        assertThat(trend).containsExactly(
                new DayTrend("2026-11-01", 1204, 31, 1_210_443, 480_112, 412),
                new DayTrend("2026-11-02", 998, 0, 1_002_211, 390_876, 398),
                new DayTrend("2026-11-03", 1530, 12, 1_499_871, 601_233, 0));
        JsonNode start = request("StartQueryExecution", 0);
        assertThat(start.get("QueryString").asText())
                .isEqualTo(UsageDashboards.sql(UsageDashboards.USAGE_TREND, UsageDashboards.ERRORS, false,
                        UsageDashboards.MAX_ROWS));
        assertThat(start.get("WorkGroup").asText()).isEqualTo("bedrock-meter-analytics");
        assertThat(start.at("/QueryExecutionContext/Database").asText()).isEqualTo("bedrock_usage_db");
        assertThat(start.get("ExecutionParameters")).extracting(JsonNode::asText)
                .containsExactly("'2026-11-01'", "'2026-11-30'");
        assertThat(operations()).containsExactly("StartQueryExecution", "GetQueryExecution", "GetQueryExecution",
                "GetQueryExecution", "GetQueryResults", "GetQueryResults");
        assertThat(request("GetQueryExecution", 0).get("QueryExecutionId").asText())
                .isEqualTo("3f1b2c4d-8e9a-4b7c-a1d2-5e6f7a8b9c0d");
        assertThat(request("GetQueryResults", 0).has("NextToken")).isFalse();
        assertThat(request("GetQueryResults", 1).get("NextToken").asText()).startsWith("AcZXZFnOIRLK6HPM");
        assertThat(request("GetQueryResults", 1).get("MaxResults").asInt()).isEqualTo(AthenaEngine.PAGE);
        assertThat(sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofMillis(250)));
    }

    @Test
    void aCustomerFilter_isAnExecutionParameter_quotedAsAnSqlLiteral() {
        // given
        script("StartQueryExecution", "start-query-execution");
        script("GetQueryExecution", "get-query-execution-succeeded");
        script("GetQueryResults", "get-query-results-page-2");

        // when
        dashboards(Duration.ofSeconds(30)).usageTrend(new AnalyticsQuery(LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 30), "0b5e3c1a-7d7e-4f0a-9c1e-3a2b1c0d9e8f"));

        // then
        JsonNode start = request("StartQueryExecution", 0);
        assertThat(start.get("QueryString").asText()).endsWith("AND customerid = ?\nGROUP BY dt\nORDER BY dt\n"
                + "LIMIT " + UsageDashboards.MAX_ROWS);
        assertThat(start.get("ExecutionParameters")).extracting(JsonNode::asText)
                .containsExactly("'2026-11-01'", "'2026-11-30'", "'0b5e3c1a-7d7e-4f0a-9c1e-3a2b1c0d9e8f'");
        assertThat(AthenaEngine.literal("O'Brien")).isEqualTo("'O''Brien'");
    }

    @Test
    void aFailedQuery_surfacesAthenasReason() {
        script("StartQueryExecution", "start-query-execution");
        script("GetQueryExecution", "get-query-execution-running", "get-query-execution-failed");

        assertThatThrownBy(() -> dashboards(Duration.ofSeconds(30)).usageTrend(NOVEMBER))
                .isInstanceOf(AnalyticsException.class)
                .hasFieldOrPropertyWithValue("code", "analytics_query_failed")
                .hasMessageContaining("COLUMN_NOT_FOUND: line 1:8: Column 'customerid' cannot be resolved");
        assertThat(operations()).doesNotContain("GetQueryResults");
    }

    @Test
    void aCancelledQuery_saysSo() {
        script("StartQueryExecution", "start-query-execution");
        script("GetQueryExecution", "get-query-execution-cancelled");

        assertThatThrownBy(() -> dashboards(Duration.ofSeconds(30)).usageTrend(NOVEMBER))
                .isInstanceOf(AnalyticsException.class)
                .hasFieldOrPropertyWithValue("code", "analytics_query_cancelled")
                .hasMessageContaining("Query cancelled by user");
    }

    @Test
    void aQueryThatOutlastsTheTimeout_isStopped() {
        script("StartQueryExecution", "start-query-execution");
        script("GetQueryExecution", "get-query-execution-running");
        script("StopQueryExecution", "stop-query-execution");

        assertThatThrownBy(() -> dashboards(Duration.ZERO).usageTrend(NOVEMBER))
                .isInstanceOf(AnalyticsException.class)
                .hasFieldOrPropertyWithValue("code", "analytics_query_timeout");
        assertThat(operations()).endsWith("StopQueryExecution");
        assertThat(request("StopQueryExecution", 0).get("QueryExecutionId").asText())
                .isEqualTo("3f1b2c4d-8e9a-4b7c-a1d2-5e6f7a8b9c0d");
    }

    @Test
    void anInterruptedWait_stopsTheQueryInAthena_beforeGivingUp() {
        // given: the admin leaves (the portal cancels the query's thread) while Athena is still running it
        script("StartQueryExecution", "start-query-execution");
        script("GetQueryExecution", "get-query-execution-running");
        script("StopQueryExecution", "stop-query-execution");
        var engine = new UsageDashboards(new AthenaEngine(client, "bedrock-meter-analytics", "bedrock_usage_db",
                Duration.ofMillis(250), Duration.ofSeconds(30), d -> {
                    throw new InterruptedException("cancelled");
                }));

        // when
        Throwable thrown = catchThrowable(() -> engine.usageTrend(NOVEMBER));
        boolean interrupted = Thread.interrupted(); // reads and clears the flag the engine restored

        // then
        assertThat(thrown).isInstanceOf(AnalyticsException.class)
                .hasFieldOrPropertyWithValue("code", "analytics_query_cancelled");
        assertThat(interrupted).isTrue();
        assertThat(operations()).endsWith("StopQueryExecution");
    }

    @Test
    void aResultWithNoRows_isEmpty() {
        script("StartQueryExecution", "start-query-execution");
        script("GetQueryExecution", "get-query-execution-succeeded");
        script("GetQueryResults", "get-query-results-header-only");

        assertThat(dashboards(Duration.ofSeconds(30)).usageTrend(NOVEMBER)).isEmpty();
    }

    @Test
    void anErrorAnswer_fromAthena_isAFailedQuery_withAthenasMessage() {
        script("StartQueryExecution", "400:invalid-request");

        assertThatThrownBy(() -> dashboards(Duration.ofSeconds(30)).usageTrend(NOVEMBER))
                .isInstanceOf(AnalyticsException.class)
                .hasFieldOrPropertyWithValue("code", "analytics_query_failed")
                .hasMessageContaining("WorkGroup bedrock-meter-analytics is not found");
    }

    private UsageDashboards dashboards(Duration timeout) {
        return new UsageDashboards(new AthenaEngine(client, "bedrock-meter-analytics", "bedrock_usage_db",
                Duration.ofMillis(250), timeout, sleeps::add));
    }

    /** Answers to one operation, in order; the last one repeats. */
    private void script(String operation, String... fixtures) {
        answers.put(operation, new ArrayDeque<>(List.of(fixtures)));
    }

    private JsonNode request(String operation, int index) {
        return requests.stream().filter(r -> r.getKey().equals(operation)).skip(index).findFirst().orElseThrow()
                .getValue();
    }

    private List<String> operations() {
        return requests.stream().map(Map.Entry::getKey).toList();
    }

    private static byte[] fixture(String name) {
        try (InputStream in = AthenaEngineTest.class.getResourceAsStream("/athena/" + name + ".json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
