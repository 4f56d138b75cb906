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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Extended thinking: a thought and its signature before the answer, in every operation's shape. */
class ThinkingTest {

    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String ANSWER = "Simulated answer from " + MODEL + " to: What is up?";
    private static final Document THINKING = Document.mapBuilder().putDocument("thinking", Document.mapBuilder()
            .putString("type", "enabled").putNumber("budget_tokens", 2000).build()).build();

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

    private static Map<String, Object> thinkingRequest(Map<String, Object> thinking, int maxTokens) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("anthropic_version", "bedrock-2023-05-31");
        request.put("max_tokens", maxTokens);
        request.put("thinking", thinking);
        request.put("messages", List.of(Map.of("role", "user", "content", "What is up?")));
        return request;
    }

    private static Map<String, Object> enabled(int budget) {
        return Map.of("type", "enabled", "budget_tokens", budget);
    }

    private JsonNode invoke(Map<String, Object> request) throws Exception {
        SdkBytes body = SdkBytes.fromUtf8String(JSON.writeValueAsString(request));
        return JSON.readTree(bedrock.invokeModel(r -> r.modelId(MODEL).contentType("application/json").body(body))
                .body().asByteArray());
    }

    @Test
    void invokeModel_withThinking_answersAThinkingBlockBeforeTheText_andCountsItsTokens() throws Exception {
        JsonNode body = invoke(thinkingRequest(enabled(2000), 4000));

        assertThat(body.get("content")).hasSize(2);
        assertThat(body.at("/content/0/type").asText()).isEqualTo("thinking");
        assertThat(body.at("/content/0/thinking").asText()).isEqualTo("Thinking about: What is up?");
        assertThat(body.at("/content/0/signature").asText()).isNotBlank();
        assertThat(body.at("/content/1/type").asText()).isEqualTo("text");
        assertThat(body.at("/content/1/text").asText()).isEqualTo(ANSWER);
        // 5 words of thought + 8 of answer
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(13);
        assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
    }

    @Test
    void invokeModel_withAdaptiveThinking_thinksToo_butNotWhenDisabled() throws Exception {
        assertThat(invoke(thinkingRequest(Map.of("type", "adaptive"), 4000)).at("/content/0/type").asText())
                .isEqualTo("thinking");
        assertThat(invoke(thinkingRequest(Map.of("type", "disabled"), 4000)).get("content")).hasSize(1);
    }

    @Test
    void invokeModelWithResponseStream_withThinking_streamsTheThoughtAndItsSignature_thenTheTextAtIndexOne()
            throws Exception {
        List<Bedrock.Frame> frames = Bedrock.stream(simulator.endpoint(),
                Bedrock.path(MODEL, "invoke-with-response-stream"),
                JSON.writeValueAsString(thinkingRequest(enabled(2000), 4000)));

        List<String> events = new ArrayList<>();
        StringBuilder thought = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (Bedrock.Frame frame : frames) {
            JsonNode event = frame.payload();
            String type = event.get("type").asText();
            String detail = type.equals("content_block_start") ? event.at("/content_block/type").asText()
                    : type.equals("content_block_delta") ? event.at("/delta/type").asText() : "";
            events.add(type + (detail.isEmpty() ? "" : ":" + detail) + (event.has("index") ? "@" + event.get("index") : ""));
            thought.append(event.at("/delta/thinking").asText(""));
            text.append(event.at("/delta/text").asText(""));
        }
        assertThat(events.stream().distinct().toList()).containsExactly("message_start",
                "content_block_start:thinking@0", "content_block_delta:thinking_delta@0",
                "content_block_delta:signature_delta@0", "content_block_stop@0",
                "content_block_start:text@1", "content_block_delta:text_delta@1", "content_block_stop@1",
                "message_delta", "message_stop");
        assertThat(thought.toString()).isEqualTo("Thinking about: What is up?");
        assertThat(text.toString()).isEqualTo(ANSWER);
        JsonNode metrics = frames.get(frames.size() - 1).payload().get("amazon-bedrock-invocationMetrics");
        assertThat(metrics.get("outputTokenCount").asInt()).isEqualTo(13);
    }

    @Test
    void converse_withThinkingInAdditionalModelRequestFields_answersReasoningContentBeforeTheText() {
        ConverseResponse response = bedrock.converse(r -> r.modelId(MODEL).messages(user("What is up?"))
                .additionalModelRequestFields(THINKING).inferenceConfig(c -> c.maxTokens(4000)));

        List<ContentBlock> content = response.output().message().content();
        assertThat(content).hasSize(2);
        assertThat(content.get(0).reasoningContent().reasoningText().text()).isEqualTo("Thinking about: What is up?");
        assertThat(content.get(0).reasoningContent().reasoningText().signature()).isNotBlank();
        assertThat(content.get(1).text()).isEqualTo(ANSWER);
        assertThat(response.usage().outputTokens()).isEqualTo(13);
    }

    @Test
    void converseStream_withThinking_streamsReasoningTextThenItsSignature_thenTheText() {
        List<ContentBlockDeltaEvent> deltas = new CopyOnWriteArrayList<>();
        AtomicReference<ConverseStreamMetadataEvent> metadata = new AtomicReference<>();
        try (BedrockRuntimeAsyncClient async = Bedrock.asyncClient(simulator.endpoint())) {
            async.converseStream(r -> r.modelId(MODEL).messages(user("What is up?"))
                            .additionalModelRequestFields(THINKING).inferenceConfig(c -> c.maxTokens(4000)),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(deltas::add).onMetadata(metadata::set).build()).build()).join();
        }

        StringBuilder reasoning = new StringBuilder();
        StringBuilder text = new StringBuilder();
        List<String> signatures = new ArrayList<>();
        for (ContentBlockDeltaEvent delta : deltas) {
            if (delta.delta().reasoningContent() != null) {
                assertThat(delta.contentBlockIndex()).isZero();
                assertThat(signatures).as("no reasoning text after the signature").isEmpty();
                if (delta.delta().reasoningContent().signature() != null) {
                    signatures.add(delta.delta().reasoningContent().signature());
                } else {
                    reasoning.append(delta.delta().reasoningContent().text());
                }
            } else {
                assertThat(delta.contentBlockIndex()).isEqualTo(1);
                text.append(delta.delta().text());
            }
        }
        assertThat(reasoning.toString()).isEqualTo("Thinking about: What is up?");
        assertThat(signatures).singleElement().asString().isNotBlank();
        assertThat(text.toString()).isEqualTo(ANSWER);
        assertThat(metadata.get().usage().outputTokens()).isEqualTo(13);
    }

    @Test
    void thinking_isRefused_belowABudgetOf1024_orWithABudgetNotBelowMaxTokens_orWithAForcedToolCall() {
        assertThatThrownBy(() -> invoke(thinkingRequest(enabled(500), 4000))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/thinking/budget_tokens: 500 is not greater or equal to 1024");
        assertThatThrownBy(() -> invoke(thinkingRequest(enabled(4000), 4000))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("`max_tokens` must be greater than `thinking.budget_tokens`");
        Map<String, Object> forced = thinkingRequest(enabled(2000), 4000);
        forced.put("tools", List.of(Map.of("name", "get_weather", "input_schema", Map.of("type", "object"))));
        forced.put("tool_choice", Map.of("type", "any"));
        assertThatThrownBy(() -> invoke(forced)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Thinking may not be enabled when tool_choice forces tool use.");
    }
}
