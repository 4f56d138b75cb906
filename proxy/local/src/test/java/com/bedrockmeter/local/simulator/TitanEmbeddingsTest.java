package com.bedrockmeter.local.simulator;

import static com.bedrockmeter.local.testsupport.Bedrock.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Amazon Titan Text Embeddings V2 through InvokeModel, with the AWS SDK's typed client. */
class TitanEmbeddingsTest {

    private static final String TITAN = "amazon.titan-embed-text-v2:0";

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

    private static Map<String, Object> request(String text) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("inputText", text);
        return request;
    }

    private InvokeModelResponse invoke(Map<String, Object> request) throws Exception {
        SdkBytes body = SdkBytes.fromUtf8String(JSON.writeValueAsString(request));
        return bedrock.invokeModel(r -> r.modelId(TITAN).contentType("application/json").accept("application/json")
                .body(body));
    }

    private JsonNode embed(Map<String, Object> request) throws Exception {
        return JSON.readTree(invoke(request).body().asByteArray());
    }

    static double[] vector(JsonNode array) {
        double[] vector = new double[array.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = array.get(i).doubleValue();
        }
        return vector;
    }

    static double norm(double[] vector) {
        double squares = 0;
        for (double component : vector) {
            squares += component * component;
        }
        return Math.sqrt(squares);
    }

    @Test
    void invokeModel_answersAUnitVectorOf1024Floats_byDefault_alsoAsTheFloatEmbeddingByType() throws Exception {
        JsonNode body = embed(request("The capital of France is Paris."));

        double[] embedding = vector(body.get("embedding"));
        assertThat(embedding).hasSize(1024);
        assertThat(norm(embedding)).isCloseTo(1.0, within(1e-5));
        assertThat(body.at("/embeddingsByType/float")).isEqualTo(body.get("embedding"));
        assertThat(body.get("embeddingsByType")).hasSize(1);
    }

    @Test
    void invokeModel_answersTheSameVector_forTheSameText_andAnotherForAnotherText() throws Exception {
        JsonNode first = embed(request("The capital of France is Paris.")).get("embedding");
        JsonNode again = embed(request("The capital of France is Paris.")).get("embedding");
        JsonNode other = embed(request("The capital of Italy is Rome.")).get("embedding");

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        double cosine = 0;
        for (int i = 0; i < 1024; i++) {
            cosine += first.get(i).doubleValue() * other.get(i).doubleValue();
        }
        assertThat(cosine).isBetween(-0.2, 0.2);
    }

    @Test
    void invokeModel_answers256Dimensions_ofUnitLength_whenAsked_theSameEachTime() throws Exception {
        Map<String, Object> request = request("hello world");
        request.put("dimensions", 256);

        JsonNode first = embed(request).get("embedding");
        JsonNode again = embed(request).get("embedding");

        assertThat(first).hasSize(256);
        assertThat(norm(vector(first))).isCloseTo(1.0, within(1e-5));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void invokeModel_withNormalizeFalse_answersAVectorNotOfUnitLength() throws Exception {
        Map<String, Object> request = request("hello world");
        request.put("normalize", false);

        double[] embedding = vector(embed(request).get("embedding"));

        assertThat(embedding).hasSize(1024);
        assertThat(norm(embedding)).isGreaterThan(2);
    }

    @Test
    void invokeModel_countsTheWordsOfTheText_inTheInputTokenHeader_andInTheBody() throws Exception {
        InvokeModelResponse response = invoke(request("one two  three\nfour"));

        assertThat(response.sdkHttpResponse().firstMatchingHeader("x-amzn-bedrock-input-token-count"))
                .contains("4");
        assertThat(JSON.readTree(response.body().asByteArray()).get("inputTextTokenCount").asInt()).isEqualTo(4);
        assertThat(response.sdkHttpResponse().firstMatchingHeader("x-amzn-bedrock-output-token-count")).isEmpty();
        assertThat(response.contentType()).isEqualTo("application/json");
    }

    @Test
    void invokeModel_withEmbeddingTypesBinary_answersZerosAndOnes_thatFollowTheSignsOfTheFloats() throws Exception {
        Map<String, Object> request = request("hello world");
        request.put("embeddingTypes", List.of("binary", "float"));

        JsonNode body = embed(request);

        JsonNode binary = body.at("/embeddingsByType/binary");
        JsonNode floats = body.at("/embeddingsByType/float");
        assertThat(binary).hasSize(1024);
        for (int i = 0; i < 1024; i++) {
            assertThat(binary.get(i).asInt()).isEqualTo(floats.get(i).doubleValue() > 0 ? 1 : 0);
        }
        assertThat(body.get("embedding")).isEqualTo(floats);
    }

    @Test
    void invokeModel_withDimensionsNotOf256_512_1024_throwsValidationException() {
        Map<String, Object> request = request("hello");
        request.put("dimensions", 300);

        assertThatThrownBy(() -> invoke(request)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Malformed input request: #/dimensions: 300 is not a valid enum value");
    }

    @Test
    void invokeModel_withoutTextOrWithAnUnknownKey_throwsValidationException() {
        Map<String, Object> unknownKey = request("hello");
        unknownKey.put("texts", List.of("hello"));

        assertThatThrownBy(() -> invoke(Map.of("dimensions", 512))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#: required key [inputText] not found");
        assertThatThrownBy(() -> invoke(request(""))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/inputText: expected minLength: 1, actual: 0");
        assertThatThrownBy(() -> invoke(unknownKey)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#: extraneous key [texts] is not permitted");
    }

    @Test
    void invokeModel_withATextOverTheModelsLimits_throwsValidationException() throws Exception {
        String tooManyChars = "x".repeat(50_001);
        String tooManyTokens = "a ".repeat(8_193);
        String justEnoughTokens = "a ".repeat(8_192);

        assertThatThrownBy(() -> invoke(request(tooManyChars))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("#/inputText: expected maxLength: 50000, actual: 50001");
        assertThatThrownBy(() -> invoke(request(tooManyTokens))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Too many input tokens. Max input tokens: 8192, request input token count: 8193");
        assertThat(invoke(request(justEnoughTokens)).sdkHttpResponse().statusCode()).isEqualTo(200);
    }
}
