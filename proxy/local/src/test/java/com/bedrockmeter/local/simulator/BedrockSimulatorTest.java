package com.bedrockmeter.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class BedrockSimulatorTest {

    private static final String SONNET = "anthropic.claude-3-sonnet-20240229-v1:0";
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String CROSS_REGION_SONNET = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BedrockSimulator simulator;
    private BedrockRuntimeClient bedrock;

    @BeforeEach
    void startSimulator() {
        simulator = BedrockSimulator.start(0);
        bedrock = BedrockRuntimeClient.builder()
                .endpointOverride(simulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stopSimulator() {
        bedrock.close();
        simulator.close();
    }

    @Test
    void start_bindsLoopbackOnAnEphemeralPort() {
        assertThat(simulator.port()).isPositive();
        assertThat(simulator.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + simulator.port()));
    }

    @Test
    void invokeModel_returnsClaudeMessage_withUsageAndTokenHeaders() throws Exception {
        Map<String, Object> request = request(100, "What is the capital of France?");
        request.put("system", "You are terse.");

        InvokeModelResponse response = invoke(SONNET, request);

        assertThat(response.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json");
        JsonNode body = JSON.readTree(response.body().asByteArray());
        assertThat(body.get("id").asText()).matches("msg_bdrk_[A-Za-z0-9]{24}");
        assertThat(body.get("type").asText()).isEqualTo("message");
        assertThat(body.get("role").asText()).isEqualTo("assistant");
        assertThat(body.get("model").asText()).isEqualTo(SONNET);
        assertThat(body.get("content")).hasSize(1);
        assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
        assertThat(body.at("/content/0/text").asText())
                .isEqualTo("Simulated answer from " + SONNET + " to: What is the capital of France?");
        assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.get("stop_sequence").isNull()).isTrue();
        // 3 words of system + 6 words of the message + 8 for the one message
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(17);
        // "Simulated answer from <model> to:" is 5 words, then the 6 words of the prompt
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(11);

        assertThat(header(response, "x-amzn-bedrock-input-token-count"))
                .isEqualTo(body.at("/usage/input_tokens").asText());
        assertThat(header(response, "x-amzn-bedrock-output-token-count"))
                .isEqualTo(body.at("/usage/output_tokens").asText());
        assertThat(header(response, "x-amzn-requestid"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(Long.parseLong(header(response, "x-amzn-bedrock-invocation-latency"))).isNotNegative();
    }

    @Test
    void invokeModel_isDeterministic_forTheSameRequest() throws Exception {
        Map<String, Object> request = request(50, "Tell me a story");

        JsonNode first = JSON.readTree(invoke(HAIKU, request).body().asByteArray());
        JsonNode second = JSON.readTree(invoke(HAIKU, request).body().asByteArray());

        assertThat(second.at("/content/0/text")).isEqualTo(first.at("/content/0/text"));
        assertThat(second.get("usage")).isEqualTo(first.get("usage"));
        assertThat(second.get("stop_reason")).isEqualTo(first.get("stop_reason"));
    }

    @Test
    void invokeModel_countsEveryMessageAndTextBlock_andAnswersTheLastUserMessage() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("anthropic_version", "bedrock-2023-05-31");
        request.put("max_tokens", 200);
        request.put("system", List.of(Map.of("type", "text", "text", "Be brief")));
        request.put("messages", List.of(
                Map.of("role", "user", "content", "first question here"),
                Map.of("role", "assistant", "content", List.of(Map.of("type", "text", "text", "an answer"))),
                Map.of("role", "user", "content", List.of(
                        Map.of("type", "text", "text", "second"),
                        Map.of("type", "text", "text", "question")))));

        JsonNode body = JSON.readTree(invoke(SONNET, request).body().asByteArray());

        // (2 + 3 + 2 + 1 + 1) words + 3 messages * 8
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(33);
        assertThat(body.at("/content/0/text").asText()).endsWith(" to: second question");
    }

    @Test
    void invokeModel_crossRegionProfile_isKnown_andModelHasNoRegionPrefix() throws Exception {
        JsonNode body = JSON.readTree(invoke(CROSS_REGION_SONNET, request(100, "Hi")).body().asByteArray());

        assertThat(body.get("model").asText()).isEqualTo("anthropic.claude-3-5-sonnet-20241022-v2:0");
        assertThat(body.at("/content/0/text").asText())
                .isEqualTo("Simulated answer from " + CROSS_REGION_SONNET + " to: Hi");
    }

    @Test
    void invokeModel_acceptsTheModelIdUnencodedInThePath() throws Exception {
        HttpResponse<String> response = rawPost("/model/" + HAIKU + "/invoke", JSON.writeValueAsString(request(100, "Hi")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/content/0/text").asText())
                .isEqualTo("Simulated answer from " + HAIKU + " to: Hi");
    }

    @Test
    void invokeModel_knowsTodaysClaudeModels_byProfile_andTakesTheMetadataClaudeCodeSends() throws Exception {
        for (String model : List.of("us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "global.anthropic.claude-opus-4-6-v1", "eu.anthropic.claude-sonnet-4-6",
                "anthropic.claude-haiku-4-5-20251001-v1:0")) {
            Map<String, Object> request = request(1, "Hi");
            request.put("metadata", Map.of("user_id", "user_abc"));

            InvokeModelResponse response = invoke(model, request);

            assertThat(response.sdkHttpResponse().statusCode()).as(model).isEqualTo(200);
        }
    }

    @Test
    void invokeModel_unknownModel_throwsValidationException() {
        assertThatThrownBy(() -> invoke("amazon.titan-text-express-v1", request(100, "Hi")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The provided model identifier is invalid.")
                .satisfies(e -> assertThat(((ValidationException) e).statusCode()).isEqualTo(400));
    }

    @Test
    void invokeModel_modelIdLeftInBody_throwsValidationException() {
        Map<String, Object> request = request(100, "Hi");
        request.put("modelId", SONNET);

        assertThatThrownBy(() -> invoke(SONNET, request))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Malformed input request: #: extraneous key [modelId] is not permitted");
    }

    @Test
    void invokeModel_missingMaxTokens_throwsValidationException() {
        Map<String, Object> request = request(100, "Hi");
        request.remove("max_tokens");

        assertThatThrownBy(() -> invoke(SONNET, request))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Malformed input request: #: required key [max_tokens] not found, "
                        + "please reformat your input and try again.");
    }

    @Test
    void invokeModel_malformedJsonOrInvalidFields_throwsValidationException() {
        assertThatThrownBy(() -> invokeRaw(SONNET, "{\"anthropic_version\":"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("not valid JSON");

        Map<String, Object> badRole = request(100, "Hi");
        badRole.put("messages", List.of(Map.of("role", "robot", "content", "Hi")));
        assertThatThrownBy(() -> invoke(SONNET, badRole))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/messages/0/role: robot is not a valid enum value");

        Map<String, Object> noMessages = request(0, "Hi");
        noMessages.put("messages", List.of());
        assertThatThrownBy(() -> invoke(SONNET, noMessages))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/max_tokens: 0 is not greater or equal to 1")
                .hasMessageContaining("#/messages: expected minimum item count: 1, found: 0");
    }

    @Test
    void invokeModel_answerLongerThanMaxTokens_isTruncatedWithStopReasonMaxTokens() throws Exception {
        InvokeModelResponse response = invoke(SONNET, request(4, "one two three four five six"));

        JsonNode body = JSON.readTree(response.body().asByteArray());
        assertThat(body.get("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(4);
        assertThat(body.at("/content/0/text").asText()).isEqualTo("Simulated answer from " + SONNET);
        assertThat(header(response, "x-amzn-bedrock-output-token-count")).isEqualTo("4");
    }

    @Test
    void invokeModel_answerContainingAStopSequence_stopsBeforeIt() throws Exception {
        Map<String, Object> request = request(100, "alpha STOP beta");
        request.put("stop_sequences", List.of("STOP"));

        JsonNode body = JSON.readTree(invoke(SONNET, request).body().asByteArray());

        assertThat(body.get("stop_reason").asText()).isEqualTo("stop_sequence");
        assertThat(body.get("stop_sequence").asText()).isEqualTo("STOP");
        assertThat(body.at("/content/0/text").asText()).isEqualTo("Simulated answer from " + SONNET + " to: alpha ");
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void failNext_throttling_throwsThrottlingException_thenNextCallSucceeds() throws Exception {
        simulator.faults().failNext(1, "ThrottlingException");

        assertThatThrownBy(() -> invoke(SONNET, request(100, "Hi")))
                .isInstanceOf(ThrottlingException.class)
                .satisfies(e -> {
                    ThrottlingException throttled = (ThrottlingException) e;
                    assertThat(throttled.statusCode()).isEqualTo(429);
                    assertThat(throttled.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(throttled.requestId()).isNotBlank();
                });
        assertThat(invoke(SONNET, request(100, "Hi")).sdkHttpResponse().statusCode()).isEqualTo(200);
    }

    @Test
    void failNext_internalServerError_throwsInternalServerException() {
        simulator.faults().failNext(2, "InternalServerException");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> invoke(SONNET, request(100, "Hi")))
                    .isInstanceOf(InternalServerException.class)
                    .satisfies(e -> assertThat(((InternalServerException) e).statusCode()).isEqualTo(500));
        }
    }

    @Test
    void failNext_unknownErrorType_answers500() {
        simulator.faults().failNext(1, "SomethingOddException");

        assertThatThrownBy(() -> invoke(SONNET, request(100, "Hi")))
                .isInstanceOf(BedrockRuntimeException.class)
                .satisfies(e -> {
                    BedrockRuntimeException error = (BedrockRuntimeException) e;
                    assertThat(error.statusCode()).isEqualTo(500);
                    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("SomethingOddException");
                });
    }

    @Test
    void failAlways_failsEveryCall_untilCleared() throws Exception {
        simulator.faults().failAlways("ServiceUnavailableException");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> invoke(SONNET, request(100, "Hi")))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException.class);
        }
        simulator.faults().clear();
        assertThat(invoke(SONNET, request(100, "Hi")).sdkHttpResponse().isSuccessful()).isTrue();
    }

    @Test
    void latency_longerThanApiCallTimeout_throwsApiCallTimeoutException() {
        // a model that would take 10 s, a client that waits 200 ms: the call ends long before the model would
        simulator.faults().latency(Duration.ofSeconds(10));
        InvokeModelRequest request = InvokeModelRequest.builder()
                .modelId(SONNET)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromUtf8String(json(request(100, "Hi"))))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMillis(200)))
                .build();

        long started = System.nanoTime();
        assertThatThrownBy(() -> bedrock.invokeModel(request)).isInstanceOf(ApiCallTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(simulator.invocations()).isEqualTo(1);
    }

    @Test
    void dropConnections_failsTheCallOnTheClient_untilSwitchedOff() throws Exception {
        simulator.faults().dropConnections(true);

        assertThatThrownBy(() -> invoke(SONNET, request(100, "Hi"))).isInstanceOf(SdkClientException.class);

        simulator.faults().dropConnections(false);
        assertThat(invoke(SONNET, request(100, "Hi")).sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(simulator.invocations()).isEqualTo(2);
    }

    @Test
    void otherOperations_answer404UnknownOperation_andAreNotCounted() throws Exception {
        HttpResponse<String> other = rawPost("/model/" + SONNET + "/apply-guardrail", "{}");
        HttpResponse<String> root = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(simulator.endpoint().resolve("/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(other, root)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("x-amzn-errortype")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("UnknownOperationException:"));
            assertThat(response.headers().firstValue("x-amzn-requestid")).isPresent();
            assertThat(JSON.readTree(response.body()).get("message").asText()).isNotBlank();
        }
        assertThat(simulator.invocations()).isZero();
    }

    @Test
    void invocations_countsEveryInvokeModelRequest_includingFailedOnes() throws Exception {
        invoke(SONNET, request(100, "Hi"));
        simulator.faults().failNext(1, "ModelNotReadyException");
        assertThatThrownBy(() -> invoke(SONNET, request(100, "Hi"))).isInstanceOf(BedrockRuntimeException.class);
        assertThatThrownBy(() -> invoke("meta.llama3-8b-instruct-v1:0", request(100, "Hi")))
                .isInstanceOf(ValidationException.class);
        invoke(HAIKU, request(100, "Hi"));

        assertThat(simulator.invocations()).isEqualTo(4);
    }

    private InvokeModelResponse invoke(String modelId, Map<String, Object> body) {
        return invokeRaw(modelId, json(body));
    }

    private InvokeModelResponse invokeRaw(String modelId, String body) {
        return bedrock.invokeModel(InvokeModelRequest.builder()
                .modelId(modelId)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromUtf8String(body))
                .build());
    }

    private HttpResponse<String> rawPost(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(simulator.endpoint().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> request(int maxTokens, String userText) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("anthropic_version", "bedrock-2023-05-31");
        request.put("max_tokens", maxTokens);
        request.put("messages", List.of(Map.of("role", "user", "content", userText)));
        return request;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(InvokeModelResponse response, String name) {
        return response.sdkHttpResponse().firstMatchingHeader(name).orElseThrow(
                () -> new AssertionError("missing header " + name));
    }
}
