package com.bedrockmeter.local.simulator;

import static com.bedrockmeter.local.simulator.TitanEmbeddingsTest.norm;
import static com.bedrockmeter.local.simulator.TitanEmbeddingsTest.vector;
import static com.bedrockmeter.local.testsupport.Bedrock.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.bedrockmeter.local.testsupport.Bedrock;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Cohere Embed v3 through InvokeModel, with the AWS SDK's typed client. */
class CohereEmbeddingsTest {

    private static final String ENGLISH = "cohere.embed-english-v3";
    private static final String MULTILINGUAL = "cohere.embed-multilingual-v3";

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

    private static Map<String, Object> request(String... texts) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("texts", List.of(texts));
        request.put("input_type", "search_document");
        return request;
    }

    private InvokeModelResponse invoke(String modelId, Map<String, Object> request) throws Exception {
        SdkBytes body = SdkBytes.fromUtf8String(JSON.writeValueAsString(request));
        return bedrock.invokeModel(r -> r.modelId(modelId).contentType("application/json").body(body));
    }

    private JsonNode embed(String modelId, Map<String, Object> request) throws Exception {
        return JSON.readTree(invoke(modelId, request).body().asByteArray());
    }

    @Test
    void invokeModel_withThreeTexts_answersThreeDistinctUnitVectorsOf1024_asEmbeddingsFloats() throws Exception {
        InvokeModelResponse response = invoke(ENGLISH, request("first text", "the second text", "a third one here"));

        JsonNode body = JSON.readTree(response.body().asByteArray());
        assertThat(body.get("response_type").asText()).isEqualTo("embeddings_floats");
        assertThat(body.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(body.get("texts")).containsExactly(JSON.valueToTree("first text"),
                JSON.valueToTree("the second text"), JSON.valueToTree("a third one here"));
        JsonNode embeddings = body.get("embeddings");
        assertThat(embeddings).hasSize(3);
        for (JsonNode embedding : embeddings) {
            assertThat(embedding).hasSize(1024);
            assertThat(norm(vector(embedding))).isCloseTo(1.0, within(1e-5));
        }
        assertThat(embeddings.get(0)).isNotEqualTo(embeddings.get(1)).isNotEqualTo(embeddings.get(2));
        assertThat(embeddings.get(1)).isNotEqualTo(embeddings.get(2));
        // 2 + 3 + 4 words; the body has no count of its own
        assertThat(response.sdkHttpResponse().firstMatchingHeader("x-amzn-bedrock-input-token-count")).contains("9");
        assertThat(body.has("meta")).isFalse();
    }

    @Test
    void invokeModel_answersTheSameVectorForTheSameText_inAnyBatch_butAnotherWithTheOtherModel() throws Exception {
        JsonNode alone = embed(ENGLISH, request("hello")).at("/embeddings/0");
        JsonNode inBatch = embed(ENGLISH, request("other", "hello")).at("/embeddings/1");
        JsonNode multilingual = embed(MULTILINGUAL, request("hello")).at("/embeddings/0");

        assertThat(inBatch).isEqualTo(alone);
        assertThat(multilingual).hasSize(1024).isNotEqualTo(alone);
    }

    @Test
    void invokeModel_withEmbeddingTypes_answersAnObjectByType_derivedFromTheFloats() throws Exception {
        Map<String, Object> request = request("hello", "world");
        request.put("embedding_types", List.of("float", "int8", "ubinary"));

        JsonNode body = embed(ENGLISH, request);

        assertThat(body.get("response_type").asText()).isEqualTo("embeddings_by_type");
        JsonNode embeddings = body.get("embeddings");
        assertThat(embeddings.isObject()).isTrue();
        assertThat(embeddings).hasSize(3);
        assertThat(embeddings.get("float")).hasSize(2);
        assertThat(embeddings.get("float").get(0)).isEqualTo(embed(ENGLISH, request("hello")).at("/embeddings/0"));
        JsonNode floats = embeddings.at("/float/0");
        JsonNode int8 = embeddings.at("/int8/0");
        JsonNode ubinary = embeddings.at("/ubinary/0");
        assertThat(int8).hasSize(1024);
        assertThat(ubinary).hasSize(128);
        for (int i = 0; i < 1024; i++) {
            assertThat(int8.get(i).asInt()).isBetween(-127, 127);
            assertThat(Integer.signum(int8.get(i).asInt())).isIn(0, (int) Math.signum(floats.get(i).doubleValue()));
            int bit = ubinary.get(i / 8).asInt() >> (7 - i % 8) & 1;
            assertThat(bit).isEqualTo(floats.get(i).doubleValue() > 0 ? 1 : 0);
        }
    }

    @Test
    void invokeModel_withoutInputType_throwsValidationException() {
        Map<String, Object> request = request("hello");
        request.remove("input_type");

        assertThatThrownBy(() -> invoke(ENGLISH, request)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Malformed input request: #: required key [input_type] not found");
    }

    @Test
    void invokeModel_withBadTextsOrValues_throwsValidationException() {
        Map<String, Object> badType = request("hello");
        badType.put("input_type", "search");
        Map<String, Object> badTruncate = request("hello");
        badTruncate.put("truncate", "MIDDLE");

        assertThatThrownBy(() -> invoke(ENGLISH, request())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/texts: expected minimum item count: 1, found: 0");
        assertThatThrownBy(() -> invoke(ENGLISH, request(Collections.nCopies(97, "hi").toArray(String[]::new))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/texts: expected maximum item count: 96, found: 97");
        assertThatThrownBy(() -> invoke(ENGLISH, request("x".repeat(2049)))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/texts/0: expected maxLength: 2048, actual: 2049");
        assertThatThrownBy(() -> invoke(ENGLISH, badType)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/input_type: search is not a valid enum value");
        assertThatThrownBy(() -> invoke(ENGLISH, badTruncate)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/truncate: MIDDLE is not a valid enum value");
    }

    @Test
    void invokeModel_aTextOver512Tokens_isRefused_unlessTruncated_thenCountsTheTokensKept() throws Exception {
        String longText = "a ".repeat(600);
        Map<String, Object> truncated = request(longText);
        truncated.put("truncate", "END");

        assertThatThrownBy(() -> invoke(ENGLISH, request(longText))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("600 tokens, more than the model's 512");
        InvokeModelResponse response = invoke(ENGLISH, truncated);
        assertThat(response.sdkHttpResponse().firstMatchingHeader("x-amzn-bedrock-input-token-count"))
                .contains("512");
        assertThat(JSON.readTree(response.body().asByteArray()).at("/texts/0").asText()).isEqualTo(longText);
    }
}
