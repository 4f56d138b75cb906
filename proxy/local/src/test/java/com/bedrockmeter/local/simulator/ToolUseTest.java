package com.bedrockmeter.local.simulator;

import static com.bedrockmeter.local.testsupport.Bedrock.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.local.testsupport.Bedrock;
import com.fasterxml.jackson.databind.JsonNode;
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
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Tool use: a call only when asked plainly, its input filling the schema; the answer after a tool result. */
class ToolUseTest {

    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String QUESTION = "What is the weather in Paris?";

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

    private static Document type(String type) {
        return Document.mapBuilder().putString("type", type).build();
    }

    /** get_weather(city: string, days: integer, metric: boolean, unit: celsius|fahrenheit; note: optional). */
    private static Document weatherSchema() {
        return Document.mapBuilder().putString("type", "object")
                .putDocument("properties", Document.mapBuilder()
                        .putDocument("city", type("string"))
                        .putDocument("days", type("integer"))
                        .putDocument("metric", type("boolean"))
                        .putDocument("unit", Document.mapBuilder().putString("type", "string")
                                .putList("enum", l -> l.addString("celsius").addString("fahrenheit")).build())
                        .putDocument("note", type("string"))
                        .build())
                .putList("required", l -> l.addString("city").addString("days").addString("metric").addString("unit"))
                .build();
    }

    private static ToolConfiguration tools(ToolChoice choice) {
        Tool weather = Tool.fromToolSpec(s -> s.name("get_weather").description("Get the weather")
                .inputSchema(ToolInputSchema.fromJson(weatherSchema())));
        Tool time = Tool.fromToolSpec(s -> s.name("get_time").description("Get the time")
                .inputSchema(ToolInputSchema.fromJson(Document.mapBuilder().putString("type", "object")
                        .putDocument("properties", Document.mapBuilder().putDocument("zone", type("string")).build())
                        .putList("required", l -> l.addString("zone")).build())));
        return ToolConfiguration.builder().tools(weather, time).toolChoice(choice).build();
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    @Test
    void converse_withToolChoiceAny_callsTheFirstTool_withItsRequiredInputFilled() {
        ConverseResponse response = bedrock.converse(r -> r.modelId(MODEL).messages(user(QUESTION))
                .toolConfig(tools(ToolChoice.fromAny(a -> { }))));

        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        ToolUseBlock call = response.output().message().content().get(0).toolUse();
        assertThat(call.toolUseId()).matches("toolu_bdrk_[A-Za-z0-9]{24}");
        assertThat(call.name()).isEqualTo("get_weather");
        Map<String, Document> input = call.input().asMap();
        assertThat(input.keySet()).containsExactlyInAnyOrder("city", "days", "metric", "unit");
        assertThat(input.get("city").asString()).isEqualTo(QUESTION);
        assertThat(input.get("days").asNumber().intValue()).isEqualTo(1);
        assertThat(input.get("metric").asBoolean()).isTrue();
        assertThat(input.get("unit").asString()).isEqualTo("celsius");
    }

    @Test
    void converse_offeringToolsWithoutAskingForOne_answersInText_andCountsTheTools() {
        ConverseResponse response = bedrock.converse(r -> r.modelId(MODEL).messages(user("What is up?"))
                .toolConfig(tools(ToolChoice.fromAuto(a -> { }))));

        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.output().message().content().get(0).text())
                .isEqualTo("Simulated answer from " + MODEL + " to: What is up?");
        // get_weather: 1 (name) + 3 (description) + 26 (its schema's keys and values); get_time: 1 + 3 + 8; then
        // 3 words + 8 for the message
        assertThat(response.usage().inputTokens()).isEqualTo(30 + 12 + 11);
    }

    @Test
    void converse_whenTheUserTextNamesATool_callsIt_butNotForAWordThatOnlyContainsItsName() {
        ConverseResponse named = bedrock.converse(r -> r.modelId(MODEL)
                .messages(user("Please call get_time, then tell me")).toolConfig(tools(ToolChoice.fromAuto(a -> { }))));
        ConverseResponse near = bedrock.converse(r -> r.modelId(MODEL)
                .messages(user("What do get_times return?")).toolConfig(tools(ToolChoice.fromAuto(a -> { }))));

        assertThat(named.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(named.output().message().content().get(0).toolUse().name()).isEqualTo("get_time");
        assertThat(near.stopReason()).isEqualTo(StopReason.END_TURN);
    }

    @Test
    void converse_afterAToolResult_answersWhatTheToolReturned_inText() {
        Message call = Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromToolUse(u -> u
                .toolUseId("tooluse_1").name("get_weather").input(Document.mapBuilder()
                        .putString("city", "Paris").build()))).build();
        Message result = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(t -> t
                .toolUseId("tooluse_1").content(ToolResultContentBlock.fromText("Sunny, 21 C")))).build();

        ConverseResponse response = bedrock.converse(r -> r.modelId(MODEL)
                .messages(user("Use get_weather for Paris"), call, result)
                .toolConfig(tools(ToolChoice.fromAny(a -> { }))));

        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.output().message().content().get(0).text()).isEqualTo("The tool returned: Sunny, 21 C");
    }

    @Test
    void converseStream_withAChosenTool_streamsItsStart_andInputDeltasThatJoinToItsJson() throws Exception {
        List<ContentBlockStartEvent> starts = new CopyOnWriteArrayList<>();
        StringBuilder input = new StringBuilder();
        AtomicReference<StopReason> stopReason = new AtomicReference<>();
        try (BedrockRuntimeAsyncClient async = Bedrock.asyncClient(simulator.endpoint())) {
            async.converseStream(r -> r.modelId(MODEL).messages(user("Which time is it in Paris?"))
                            .toolConfig(tools(ToolChoice.fromTool(t -> t.name("get_time")))),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockStart(starts::add)
                            .onContentBlockDelta(d -> input.append(d.delta().toolUse().input()))
                            .onMessageStop(m -> stopReason.set(m.stopReason())).build()).build()).join();
        }

        assertThat(starts).singleElement().satisfies(start -> {
            assertThat(start.start().toolUse().name()).isEqualTo("get_time");
            assertThat(start.start().toolUse().toolUseId()).startsWith("toolu_");
        });
        assertThat(JSON.readTree(input.toString())).isEqualTo(JSON.createObjectNode()
                .put("zone", "Which time is it in Paris?"));
        assertThat(stopReason.get()).isEqualTo(StopReason.TOOL_USE);
    }

    @Test
    void invokeModel_withAToolChoiceOfOneTool_answersItsToolUseBlock() throws Exception {
        Map<String, Object> request = claudeRequest(QUESTION);
        request.put("tool_choice", Map.of("type", "tool", "name", "get_weather"));

        JsonNode body = invoke(request);

        assertThat(body.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(body.get("content")).hasSize(1);
        JsonNode call = body.at("/content/0");
        assertThat(call.get("type").asText()).isEqualTo("tool_use");
        assertThat(call.get("id").asText()).matches("toolu_bdrk_[A-Za-z0-9]{24}");
        assertThat(call.get("name").asText()).isEqualTo("get_weather");
        assertThat(call.get("input")).isEqualTo(JSON.createObjectNode().put("city", QUESTION));
        // 1 word of name + the input: 1 key and the 6 words of the question
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void invokeModelWithResponseStream_aToolCall_streamsInputJsonDeltasThatJoinToItsInput() throws Exception {
        Map<String, Object> request = claudeRequest("Call get_weather please");

        List<Bedrock.Frame> frames = Bedrock.stream(simulator.endpoint(),
                Bedrock.path(MODEL, "invoke-with-response-stream"), JSON.writeValueAsString(request));

        JsonNode start = frames.stream().map(Bedrock.Frame::payload)
                .filter(e -> e.get("type").asText().equals("content_block_start")).findFirst().orElseThrow();
        assertThat(start.at("/content_block/type").asText()).isEqualTo("tool_use");
        assertThat(start.at("/content_block/name").asText()).isEqualTo("get_weather");
        assertThat(start.at("/content_block/id").asText()).startsWith("toolu_bdrk_");
        assertThat(start.at("/content_block/input")).isEqualTo(JSON.createObjectNode());
        StringBuilder partial = new StringBuilder();
        frames.stream().map(Bedrock.Frame::payload)
                .filter(e -> e.at("/delta/type").asText().equals("input_json_delta"))
                .forEach(e -> partial.append(e.at("/delta/partial_json").asText()));
        assertThat(JSON.readTree(partial.toString()))
                .isEqualTo(JSON.createObjectNode().put("city", "Call get_weather please"));
        JsonNode messageDelta = frames.get(frames.size() - 2).payload();
        assertThat(messageDelta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(messageDelta.at("/usage/output_tokens").asInt()).isEqualTo(1 + 1 + 3);
    }

    @Test
    void invokeModel_aClaudeCodeTurnWithAToolResult_answersWhatTheToolReturned() throws Exception {
        Map<String, Object> request = claudeRequest(null);
        request.put("messages", List.of(
                Map.of("role", "user", "content", "Call get_weather for Paris"),
                Map.of("role", "assistant", "content", List.of(
                        Map.of("type", "text", "text", "Let me check."),
                        Map.of("type", "tool_use", "id", "toolu_1", "name", "get_weather",
                                "input", Map.of("city", "Paris")))),
                Map.of("role", "user", "content", List.of(Map.of("type", "tool_result", "tool_use_id", "toolu_1",
                        "content", List.of(Map.of("type", "text", "text", "Sunny, 21 C")),
                        "cache_control", Map.of("type", "ephemeral"))))));

        JsonNode body = invoke(request);

        assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.at("/content/0/text").asText()).isEqualTo("The tool returned: Sunny, 21 C");
    }

    @Test
    void toolChoiceNone_neverCalls_andAChoiceOfAnUnknownTool_orToolBlocksWithoutToolConfig_areRefused()
            throws Exception {
        Map<String, Object> none = claudeRequest("Call get_weather please");
        none.put("tool_choice", Map.of("type", "none"));
        assertThat(invoke(none).get("stop_reason").asText()).isEqualTo("end_turn");

        Map<String, Object> unknown = claudeRequest(QUESTION);
        unknown.put("tool_choice", Map.of("type", "tool", "name", "get_stock"));
        assertThatThrownBy(() -> invoke(unknown)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("get_stock");

        Message call = Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromToolUse(u -> u
                .toolUseId("tooluse_1").name("get_weather").input(Document.mapBuilder().build()))).build();
        assertThatThrownBy(() -> bedrock.converse(r -> r.modelId(MODEL).messages(user("Hi"), call, user("Go on"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The toolConfig field must be defined when using toolUse and toolResult");
    }

    /** A Claude request offering get_weather(city), as Claude Code offers its tools. */
    private static Map<String, Object> claudeRequest(String question) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("anthropic_version", "bedrock-2023-05-31");
        request.put("max_tokens", 200);
        request.put("tools", List.of(Map.of("name", "get_weather", "description", "Get the weather",
                "input_schema", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
                        "required", List.of("city")))));
        request.put("messages", List.of(Map.of("role", "user", "content", question == null ? "" : question)));
        return request;
    }

    private JsonNode invoke(Map<String, Object> request) throws Exception {
        SdkBytes body = SdkBytes.fromUtf8String(JSON.writeValueAsString(request));
        return JSON.readTree(bedrock.invokeModel(r -> r.modelId(MODEL).contentType("application/json").body(body))
                .body().asByteArray());
    }
}
