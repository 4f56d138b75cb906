package com.bedrockmeter.local.simulator;

import static com.bedrockmeter.local.testsupport.Bedrock.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.local.testsupport.Bedrock;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Prompt caching: the prefix up to the last cache point is written once, then read, in every operation's shape. */
class PromptCachingTest {

    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    /** 1,500 words: a system prompt large enough to be worth caching. */
    private static final String LONG_SYSTEM = "word ".repeat(1500).trim();
    private static final SystemContentBlock CACHE_POINT =
            SystemContentBlock.fromCachePoint(c -> c.type(CachePointType.DEFAULT));

    private BedrockSimulator simulator;
    private BedrockRuntimeClient bedrock;

    @BeforeEach
    void start() {
        simulator = BedrockSimulator.start(0);
        bedrock = Bedrock.client(simulator.endpoint());
    }

    @AfterEach
    void stop() {
        bedrock.close();
        simulator.close();
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private static ConverseRequest cachedSystem(String question) {
        return ConverseRequest.builder().modelId(MODEL).system(SystemContentBlock.fromText(LONG_SYSTEM), CACHE_POINT)
                .messages(user(question)).build();
    }

    @Test
    void converse_reportsTheCachedPrefixAsWrittenFirst_thenAsRead() {
        // when
        TokenUsage first = bedrock.converse(cachedSystem("What is up?")).usage();
        TokenUsage second = bedrock.converse(cachedSystem("What is up?")).usage();

        // then: the 1,500 system words are the prefix; 3 words + 8 for the message come after it
        assertThat(first.cacheWriteInputTokens()).isEqualTo(1500);
        assertThat(first.cacheReadInputTokens()).isZero();
        assertThat(first.inputTokens()).isEqualTo(11);
        assertThat(first.outputTokens()).isEqualTo(8);
        assertThat(first.totalTokens()).isEqualTo(11 + 8 + 1500);
        assertThat(second.cacheReadInputTokens()).isEqualTo(1500);
        assertThat(second.cacheWriteInputTokens()).isZero();
        assertThat(second.inputTokens()).isEqualTo(11);
        assertThat(second.totalTokens()).isEqualTo(first.totalTokens());
    }

    @Test
    void converse_withoutACachePoint_reportsNoCacheFields() {
        TokenUsage usage = bedrock.converse(r -> r.modelId(MODEL).system(SystemContentBlock.fromText(LONG_SYSTEM))
                .messages(user("What is up?"))).usage();

        assertThat(usage.inputTokens()).isEqualTo(1511);
        assertThat(usage.cacheReadInputTokens()).isNull();
        assertThat(usage.cacheWriteInputTokens()).isNull();
        assertThat(usage.totalTokens()).isEqualTo(1511 + 8);
    }

    @Test
    void converseStream_reportsTheCacheTokensInItsMetadata() {
        try (BedrockRuntimeAsyncClient async = Bedrock.asyncClient(simulator.endpoint())) {
            List<TokenUsage> usages = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                AtomicReference<ConverseStreamMetadataEvent> metadata = new AtomicReference<>();
                async.converseStream(r -> r.modelId(MODEL).system(SystemContentBlock.fromText(LONG_SYSTEM), CACHE_POINT)
                                .messages(user("hello there")),
                        ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor
                                .builder().onMetadata(metadata::set).build()).build()).join();
                usages.add(metadata.get().usage());
            }

            assertThat(usages).extracting(TokenUsage::cacheWriteInputTokens).containsExactly(1500, 0);
            assertThat(usages).extracting(TokenUsage::cacheReadInputTokens).containsExactly(0, 1500);
            assertThat(usages).extracting(TokenUsage::inputTokens).containsExactly(10, 10);
        }
    }

    @Test
    void invokeModel_reportsTheCacheTokensInTheBodyAndInTheHeaders() throws Exception {
        // when
        InvokeModelResponse first = invoke(claudeCachedSystem("What is up?"));
        InvokeModelResponse second = invoke(claudeCachedSystem("What is up?"));

        // then
        JsonNode firstUsage = JSON.readTree(first.body().asByteArray()).get("usage");
        assertThat(firstUsage.get("cache_creation_input_tokens").asInt()).isEqualTo(1500);
        assertThat(firstUsage.get("cache_read_input_tokens").asInt()).isZero();
        assertThat(firstUsage.get("input_tokens").asInt()).isEqualTo(11);
        assertThat(header(first, "X-Amzn-Bedrock-Cache-Write-Input-Token-Count")).isEqualTo("1500");
        assertThat(header(first, "X-Amzn-Bedrock-Cache-Read-Input-Token-Count")).isEqualTo("0");
        assertThat(header(first, "X-Amzn-Bedrock-Input-Token-Count")).isEqualTo("11");
        JsonNode secondUsage = JSON.readTree(second.body().asByteArray()).get("usage");
        assertThat(secondUsage.get("cache_read_input_tokens").asInt()).isEqualTo(1500);
        assertThat(secondUsage.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(header(second, "X-Amzn-Bedrock-Cache-Read-Input-Token-Count")).isEqualTo("1500");
        assertThat(header(second, "X-Amzn-Bedrock-Cache-Write-Input-Token-Count")).isEqualTo("0");
    }

    @Test
    void invokeModel_withoutACachePoint_reportsZeroCacheTokensInTheBody_andNoCacheHeaders() throws Exception {
        Map<String, Object> request = claudeRequest("What is up?");
        request.put("system", LONG_SYSTEM);

        InvokeModelResponse response = invoke(request);

        JsonNode usage = JSON.readTree(response.body().asByteArray()).get("usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(1511);
        assertThat(usage.get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(usage.get("cache_read_input_tokens").asInt()).isZero();
        assertThat(response.sdkHttpResponse().firstMatchingHeader("X-Amzn-Bedrock-Cache-Read-Input-Token-Count"))
                .isEmpty();
    }

    @Test
    void invokeModelWithResponseStream_reportsTheCacheTokensInMessageStart_andInTheInvocationMetrics()
            throws Exception {
        String body = JSON.writeValueAsString(claudeCachedSystem("hello there"));

        List<Bedrock.Frame> first = Bedrock.stream(simulator.endpoint(),
                Bedrock.path(MODEL, "invoke-with-response-stream"), body);
        List<Bedrock.Frame> second = Bedrock.stream(simulator.endpoint(),
                Bedrock.path(MODEL, "invoke-with-response-stream"), body);

        assertThat(first.get(0).payload().at("/message/usage/cache_creation_input_tokens").asInt()).isEqualTo(1500);
        assertThat(first.get(0).payload().at("/message/usage/input_tokens").asInt()).isEqualTo(10);
        JsonNode firstMetrics = first.get(first.size() - 1).payload().get("amazon-bedrock-invocationMetrics");
        assertThat(firstMetrics.get("cacheWriteInputTokenCount").asInt()).isEqualTo(1500);
        assertThat(firstMetrics.get("cacheReadInputTokenCount").asInt()).isZero();
        assertThat(firstMetrics.get("inputTokenCount").asInt()).isEqualTo(10);
        assertThat(second.get(0).payload().at("/message/usage/cache_read_input_tokens").asInt()).isEqualTo(1500);
        JsonNode secondMetrics = second.get(second.size() - 1).payload().get("amazon-bedrock-invocationMetrics");
        assertThat(secondMetrics.get("cacheReadInputTokenCount").asInt()).isEqualTo(1500);
        assertThat(secondMetrics.get("cacheWriteInputTokenCount").asInt()).isZero();
    }

    @Test
    void invokeModel_aConversationThatMovesItsCachePoint_readsTheTurnBefore_andWritesTheNewTurn() throws Exception {
        // given: turn 1 caches the system prompt and the question, as Claude Code does
        Map<String, Object> turn1 = claudeCachedSystem(null);
        turn1.put("messages", List.of(Map.of("role", "user", "content", List.of(Map.of("type", "text",
                "text", "first question", "cache_control", Map.of("type", "ephemeral"))))));
        JsonNode usage1 = JSON.readTree(invoke(turn1).body().asByteArray()).get("usage");
        // turn 2: the cache point moves to the new question
        Map<String, Object> turn2 = claudeCachedSystem(null);
        turn2.put("messages", List.of(
                Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "first question"))),
                Map.of("role", "assistant", "content", "an answer"),
                Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "second question",
                        "cache_control", Map.of("type", "ephemeral"))))));

        // when
        JsonNode usage2 = JSON.readTree(invoke(turn2).body().asByteArray()).get("usage");

        // then: turn 1 wrote 1,500 + 8 + 2; turn 2 reads that and writes its two new messages (2 * (8 + 2))
        assertThat(usage1.get("cache_creation_input_tokens").asInt()).isEqualTo(1510);
        assertThat(usage2.get("cache_read_input_tokens").asInt()).isEqualTo(1510);
        assertThat(usage2.get("cache_creation_input_tokens").asInt()).isEqualTo(20);
        assertThat(usage2.get("input_tokens").asInt()).isZero();
    }

    @Test
    void countTokens_countsTheCachedTokensToo_andCachesNothing() {
        int counted = bedrock.countTokens(r -> r.modelId(MODEL).input(CountTokensInput.fromConverse(c -> c
                .system(SystemContentBlock.fromText(LONG_SYSTEM), CACHE_POINT).messages(user("What is up?")))))
                .inputTokens();

        assertThat(counted).isEqualTo(1511);
        assertThat(bedrock.converse(cachedSystem("What is up?")).usage().cacheWriteInputTokens()).isEqualTo(1500);
    }

    @Test
    void invokeModel_withMoreThanFourCachePoints_throwsValidationException() {
        Map<String, Object> request = claudeRequest("Hi");
        List<Map<String, Object>> system = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            system.add(Map.of("type", "text", "text", "part " + i, "cache_control", Map.of("type", "ephemeral")));
        }
        request.put("system", system);

        assertThatThrownBy(() -> invoke(request)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("A maximum of 4 blocks with cache_control may be provided. Found 5.");
    }

    private static Map<String, Object> claudeRequest(String question) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("anthropic_version", "bedrock-2023-05-31");
        request.put("max_tokens", 100);
        request.put("messages", List.of(Map.of("role", "user", "content", question == null ? "" : question)));
        return request;
    }

    private static Map<String, Object> claudeCachedSystem(String question) {
        Map<String, Object> request = claudeRequest(question);
        request.put("system", List.of(Map.of("type", "text", "text", LONG_SYSTEM,
                "cache_control", Map.of("type", "ephemeral"))));
        return request;
    }

    private InvokeModelResponse invoke(Map<String, Object> body) throws Exception {
        SdkBytes json = SdkBytes.fromUtf8String(JSON.writeValueAsString(body));
        return bedrock.invokeModel(r -> r.modelId(MODEL).contentType("application/json").body(json));
    }

    private static String header(InvokeModelResponse response, String name) {
        return response.sdkHttpResponse().firstMatchingHeader(name)
                .orElseThrow(() -> new AssertionError("missing header " + name));
    }
}
