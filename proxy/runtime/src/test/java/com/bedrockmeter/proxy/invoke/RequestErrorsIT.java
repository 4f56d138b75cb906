package com.bedrockmeter.proxy.invoke;

import static com.bedrockmeter.proxy.testsupport.ProxyClient.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.usage.UsageEventSink;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every refusal: its status, its JSON error, and that nothing was counted or forwarded when it says so. */
@ProxyTest
class RequestErrorsIT {

    @Autowired ProxyClient proxy;
    @Autowired CustomerService customers;
    @Autowired ApiKeyService keys;
    @Autowired DynamoUsageRepository usage;
    @Autowired com.bedrockmeter.proxy.metering.UsageMeter meter;
    @Autowired BedrockSimulator simulator;
    @Autowired ObjectMapper json;
    @Autowired UsageEventSink events;

    private CreatedCustomer acme;
    private long invocationsBefore;

    @BeforeEach
    void freshCustomer() {
        acme = Customers.acme(customers);
        invocationsBefore = simulator.invocations();
    }

    @AfterEach
    void clearFaults() {
        simulator.faults().clear();
    }

    @Test
    void missingAuthorization_gets401_andNothingIsForwarded() throws IOException {
        HttpResponse<String> response = proxy.bedrock(null, ProxyClient.guideBody("hi"));
        assertError(response, 401, "missing_token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertNothingForwarded();
    }

    @Test
    void blankOrMalformedAuthorization_gets401() throws IOException {
        for (String header : List.of("   ", "Basic dXNlcjpwYXNz", "Bearer", "Bearer two words")) {
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/bedrock"))
                    .header("Authorization", header)
                    .POST(HttpRequest.BodyPublishers.ofString(ProxyClient.guideBody("hi"))).build());
            assertError(response, 401, header.isBlank() ? "missing_token" : "malformed_authorization");
        }
        assertNothingForwarded();
    }

    @Test
    void unknownToken_gets401() throws IOException {
        assertError(proxy.bedrock("bm_thisTokenWasNeverIssuedToAnyoneAtAll123456", ProxyClient.guideBody("hi")),
                401, "invalid_token");
        assertNothingForwarded();
    }

    @Test
    void revokedToken_gets401_withinTheCacheTtl() {
        // given
        assertThat(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi")).statusCode()).isEqualTo(200);

        // when
        keys.revokeAll("test", acme.customer().id());

        // then
        Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).until(() ->
                proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi")).statusCode() == 401);
        assertThat(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi")).body()).contains("token_revoked");
    }

    @Test
    void suspendedCustomer_gets403_andNothingIsCounted() throws IOException {
        customers.suspend("test", acme.customer().id());
        Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).until(() ->
                proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi")).statusCode() == 403);
        assertError(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi")), 403, "customer_suspended");
        assertNothingForwarded();
        assertNothingCounted();
        // the refusals are in the analytics stream
        assertThat(todaysEvents()).anySatisfy(event -> {
            assertThat(event.path("customerId").asText()).isEqualTo(acme.customer().id());
            assertThat(event.path("status").asInt()).isEqualTo(403);
            assertThat(event.path("errorCode").asText()).isEqualTo("customer_suspended");
        });
    }

    @Test
    void malformedJson_gets400() throws IOException {
        assertError(proxy.bedrock(acme.token().token(), "{not json"), 400, "malformed_json");
        assertError(proxy.bedrock(acme.token().token(), "[1,2]"), 400, "malformed_json");
        assertError(proxy.bedrock(acme.token().token(), ""), 400, "malformed_json");
        assertNothingForwarded();
        assertNothingCounted();
    }

    @Test
    void bodyWithTrailingGarbageAfterTheJsonObject_gets400() throws IOException {
        assertError(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi") + "garbage"), 400,
                "malformed_json");
        assertError(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi") + "{}"), 400, "malformed_json");
        assertNothingForwarded();
        assertNothingCounted();
    }

    @Test
    void maxTokensNegativeZeroFractionalOrAbsurd_gets400_andReservesNothing() throws IOException {
        for (String maxTokens : List.of("-1000000000", "0", "2.5", "\"100\"", "1000001", "9223372036854775807",
                "99999999999999999999")) {
            String body = ProxyClient.guideBody("hi").replace("\"max_tokens\":1000", "\"max_tokens\":" + maxTokens);
            assertError(proxy.bedrock(acme.token().token(), body), 400, "invalid_max_tokens");
        }
        assertNothingForwarded();
        assertNothingCounted();
    }

    @Test
    void headersOverTheServersLimit_get400WithJsonError() throws IOException {
        // a 10 KB Authorization header and a 64 KB header of another name: refused by Tomcat before our code runs
        for (String[] header : List.of(new String[]{"Authorization", "Bearer " + "x".repeat(10_000)},
                new String[]{"X-Padding", "y".repeat(64 * 1024)})) {
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/bedrock"))
                    .header(header[0], header[1])
                    .POST(HttpRequest.BodyPublishers.ofString(ProxyClient.guideBody("hi"))).build());
            assertError(response, 400, "bad_http_request");
        }
        assertNothingForwarded();
    }

    @Test
    void missingModelId_gets400() throws IOException {
        assertError(proxy.bedrock(acme.token().token(),
                "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,\"messages\":[]}"),
                400, "missing_model_id");
        assertNothingForwarded();
        assertNothingCounted();
    }

    @Test
    void modelNotAllowed_gets400() throws IOException {
        String body = ProxyClient.guideBody("hi").replace(MODEL, "meta.llama3-70b-instruct-v1:0");
        assertError(proxy.bedrock(acme.token().token(), body), 400, "model_not_allowed");
        assertNothingForwarded();
        assertNothingCounted();
    }

    @Test
    void refusedCallOfAKnownCustomer_leavesAUsageEvent_butNoCount() throws IOException {
        // given
        String body = ProxyClient.guideBody("hi").replace(MODEL, "meta.llama3-70b-instruct-v1:0");

        long linesBefore = todaysEvents().size();

        // when: a model refused, a body too large to read, and a call with an unknown token
        HttpResponse<String> response = proxy.bedrock(acme.token().token(), body);
        HttpResponse<String> tooLarge = proxy.bedrock(acme.token().token(),
                ProxyClient.guideBody("x".repeat(1024 * 1024 + 10)));
        HttpResponse<String> unknown = proxy.bedrock("bm_thisTokenWasNeverIssuedToAnyoneAtAll123456", body);

        // then: the two refusals of the known customer are in the analytics stream with their status and code
        // (the second without a model: its body was never read), the unknown caller's is not; no counter moved
        assertError(response, 400, "model_not_allowed");
        assertError(tooLarge, 413, "payload_too_large");
        assertError(unknown, 401, "invalid_token");
        List<JsonNode> all = todaysEvents();
        List<JsonNode> mine = all.stream()
                .filter(event -> event.path("customerId").asText().equals(acme.customer().id())).toList();
        assertThat(mine).hasSize(2);
        JsonNode refusedModel = mine.get(0);
        assertThat(refusedModel.path("status").asInt()).isEqualTo(400);
        assertThat(refusedModel.path("errorCode").asText()).isEqualTo("model_not_allowed");
        assertThat(refusedModel.path("modelId").asText()).isEqualTo("meta.llama3-70b-instruct-v1:0");
        assertThat(refusedModel.path("inputTokens").asLong()).isZero();
        JsonNode refusedBody = mine.get(1);
        assertThat(refusedBody.path("status").asInt()).isEqualTo(413);
        assertThat(refusedBody.path("errorCode").asText()).isEqualTo("payload_too_large");
        assertThat(refusedBody.has("modelId")).isFalse();
        assertThat(all).hasSize((int) linesBefore + 2);
        assertNothingCounted();
        assertNothingForwarded();
    }

    private List<JsonNode> todaysEvents() throws IOException {
        events.flush();
        Path dir = Path.of("target/test-usage-events/dt=" + LocalDate.now(ZoneOffset.UTC));
        List<JsonNode> found = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    found.add(json.readTree(line));
                }
            }
        }
        return found;
    }

    @Test
    void bodyOverTheSizeLimit_gets413() throws IOException {
        String big = ProxyClient.guideBody("x".repeat(1024 * 1024 + 10));
        assertError(proxy.bedrock(acme.token().token(), big), 413, "payload_too_large");
        assertNothingForwarded();
        assertNothingCounted();
    }

    @Test
    void chunkedBodyOverTheSizeLimit_gets413_withoutBeingReadWhole() throws IOException {
        byte[] big = ProxyClient.guideBody("x".repeat(1024 * 1024 + 10)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/bedrock"))
                .header("Authorization", "Bearer " + acme.token().token())
                // No Content-Length: the body arrives chunked and the limit is enforced while reading.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build());
        assertError(response, 413, "payload_too_large");
        assertNothingForwarded();
        assertNothingCounted();
    }

    @Test
    void chunkedBodyWithinTheLimit_isForwarded() {
        byte[] body = ProxyClient.guideBody("hi").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/bedrock"))
                .header("Authorization", "Bearer " + acme.token().token())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(simulator.invocations()).isEqualTo(invocationsBefore + 1);
    }

    @Test
    void wrongMethodOnAnInvokeRoute_gets405WithAllow_andNothingIsForwarded() throws IOException {
        for (String path : List.of("/bedrock", "/model/" + MODEL + "/invoke")) {
            HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri(path))
                    .header("Authorization", "Bearer " + acme.token().token()).GET().build());
            assertError(response, 405, "method_not_allowed");
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        }
        assertNothingForwarded();
        assertNothingCounted();
    }

    @Test
    void bedrockThrottling_gets429_andGivesTheQuotaBack() throws IOException {
        simulator.faults().failNext(1, "ThrottlingException");
        HttpResponse<String> response = proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi"));
        assertError(response, 429, "bedrock_throttled");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertCountedAsOneError();
    }

    @Test
    void bedrockValidationError_gets400() throws IOException {
        String body = ProxyClient.guideBody("hi").replace("\"max_tokens\":1000,", "");
        assertError(proxy.bedrock(acme.token().token(), body), 400, "bedrock_validation_error");
        assertCountedAsOneError();
    }

    @Test
    void bedrockFailing_gets502() throws IOException {
        simulator.faults().failNext(1, "InternalServerException");
        assertError(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi")), 502, "bedrock_unavailable");
        assertCountedAsOneError();
    }

    @Test
    void bedrockUnreachable_gets502() throws IOException {
        simulator.faults().dropConnections(true);
        assertError(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi")), 502, "bedrock_unavailable");
        assertCountedAsOneError();
    }

    @Test
    void bedrockModelTimeout_gets504() throws IOException {
        simulator.faults().failNext(1, "ModelTimeoutException");
        assertError(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi")), 504, "bedrock_timeout");
        assertCountedAsOneError();
    }

    @Test
    void bedrockNotAnsweringInTime_gets504() throws IOException {
        simulator.faults().latency(java.time.Duration.ofSeconds(3));
        assertError(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("hi")), 504, "bedrock_timeout");
        assertCountedAsOneError();
    }

    @Test
    void unknownRoute_gets404WithJsonError() throws IOException {
        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/prod/bedrock"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertError(response, 404, "not_found");
        assertThat(json.readTree(response.body()).path("error").path("message").asText())
                .startsWith("No route POST /prod/bedrock;").contains("POST /bedrock");
    }

    private void assertError(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    private void assertNothingForwarded() {
        assertThat(simulator.invocations()).isEqualTo(invocationsBefore);
    }

    private void assertNothingCounted() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(flushed().days(acme.customer().id(), today, today)).isEmpty();
        assertThat(flushed().counters(acme.customer().id(), DynamoUsageRepository.month(YearMonth.from(today))))
                .isEmpty();
    }

    private void assertCountedAsOneError() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(flushed().days(acme.customer().id(), today, today)).singleElement().satisfies(day -> {
            assertThat(day.totals().requests()).isZero();
            assertThat(day.totals().errors()).isEqualTo(1);
            assertThat(day.totals().inputTokens()).isZero();
        });
    }

    /** Coalesced counters are written every flush interval; write them now before reading. */
    private DynamoUsageRepository flushed() {
        meter.flush();
        return usage;
    }
}
