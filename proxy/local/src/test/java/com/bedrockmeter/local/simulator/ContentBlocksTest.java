package com.bedrockmeter.local.simulator;

import static com.bedrockmeter.local.testsupport.Bedrock.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.local.testsupport.Bedrock;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Images and the request keys Bedrock takes for Claude: accepted and counted, or refused as Bedrock refuses them. */
class ContentBlocksTest {

    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

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

    private static Map<String, Object> image(String mediaType) {
        return Map.of("type", "image", "source", Map.of("type", "base64", "media_type", mediaType,
                "data", java.util.Base64.getEncoder().encodeToString(PNG)));
    }

    private static Map<String, Object> request(Object content) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("anthropic_version", "bedrock-2023-05-31");
        request.put("max_tokens", 2000);
        request.put("messages", List.of(Map.of("role", "user", "content", content)));
        return request;
    }

    private JsonNode invoke(Map<String, Object> request) throws Exception {
        SdkBytes body = SdkBytes.fromUtf8String(JSON.writeValueAsString(request));
        return JSON.readTree(bedrock.invokeModel(r -> r.modelId(MODEL).contentType("application/json").body(body))
                .body().asByteArray());
    }

    @Test
    void invokeModel_takesAnImageBlock_andCountsItAsAHundredTokens() throws Exception {
        JsonNode body = invoke(request(List.of(image("image/png"), Map.of("type", "text", "text", "What is this?"))));

        // the image 100 + 3 words + 8 for the message
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(111);
        assertThat(body.at("/content/0/text").asText()).endsWith(" to: What is this?");
    }

    @Test
    void converse_takesAnImageBlock_andCountsItAsAHundredTokens() {
        ConverseResponse response = bedrock.converse(r -> r.modelId(MODEL).messages(m -> m.role(ConversationRole.USER)
                .content(ContentBlock.fromImage(i -> i.format(ImageFormat.PNG)
                                .source(ImageSource.fromBytes(SdkBytes.fromByteArray(PNG)))),
                        ContentBlock.fromText("What is this?"))));

        assertThat(response.usage().inputTokens()).isEqualTo(111);
        assertThat(response.output().message().content().get(0).text()).endsWith(" to: What is this?");
    }

    @Test
    void invokeModel_takesEveryKeyBedrockAcceptsForCurrentClaudeModels() throws Exception {
        Map<String, Object> request = request(List.of(Map.of("type", "text", "text", "What is up?",
                "cache_control", Map.of("type", "ephemeral", "ttl", "1h"))));
        request.put("system", List.of(Map.of("type", "text", "text", "Be brief.",
                "cache_control", Map.of("type", "ephemeral"))));
        request.put("tools", List.of(Map.of("name", "get_weather", "description", "Get the weather",
                "input_schema", Map.of("type", "object"), "cache_control", Map.of("type", "ephemeral"))));
        request.put("tool_choice", Map.of("type", "auto"));
        request.put("thinking", Map.of("type", "enabled", "budget_tokens", 1024));
        request.put("metadata", Map.of("user_id", "user_abc"));
        request.put("anthropic_beta", List.of("interleaved-thinking-2025-05-14"));
        request.put("stop_sequences", List.of("\n\nHuman:"));
        request.put("temperature", 1);
        request.put("top_p", 0.9);
        request.put("top_k", 40);

        JsonNode body = invoke(request);

        assertThat(body.get("content")).extracting(block -> block.get("type").asText())
                .containsExactly("thinking", "text");
        assertThat(body.at("/usage/cache_creation_input_tokens").asInt()).isPositive();
    }

    @Test
    void invokeModel_refusesAnUnknownKey_anUnknownBlockType_anImageInTheSystemPrompt_orAnUnsupportedImage() {
        Map<String, Object> unknownKey = request("Hi");
        unknownKey.put("output_format", Map.of("type", "json"));
        assertThatThrownBy(() -> invoke(unknownKey)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#: extraneous key [output_format] is not permitted");

        assertThatThrownBy(() -> invoke(request(List.of(Map.of("type", "audio", "data", "x")))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/messages/0/content/0/type: audio is not a valid enum value");

        Map<String, Object> systemImage = request("Hi");
        systemImage.put("system", List.of(image("image/png")));
        assertThatThrownBy(() -> invoke(systemImage)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/system/0/type: image is not a valid enum value");

        assertThatThrownBy(() -> invoke(request(List.of(image("image/bmp"), Map.of("type", "text", "text", "Hi")))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/messages/0/content/0/source/media_type: image/bmp is not a valid enum value");

        assertThatThrownBy(() -> invoke(request(List.of(Map.of("type", "text", "text", "Hi",
                "cache_control", Map.of("type", "persistent"))))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/messages/0/content/0/cache_control/type: persistent is not a valid enum value");
    }
}
