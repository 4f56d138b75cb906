package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Amazon Titan Text Embeddings V2 ({@value #MODEL}) through InvokeModel.
 *
 * <p>Request: {@code {"inputText": "...", "dimensions": 1024|512|256, "normalize": true|false,
 * "embeddingTypes": ["float"|"binary", ...]}}, only {@code inputText} required (1 to {@value #MAX_CHARS} characters
 * and at most {@value #MAX_TOKENS} tokens); {@code dimensions} defaults to 1024, {@code normalize} to true,
 * {@code embeddingTypes} to {@code ["float"]}. Any other key is refused, as Bedrock refuses it.
 *
 * <p>Answer: {@code {"embedding": [floats], "inputTextTokenCount": N, "embeddingsByType": {"float": [floats],
 * "binary": [0|1 ...]}}}: {@code embedding} is always the float vector; {@code embeddingsByType} is always present
 * and has the types asked for ({@code float} alone by default). The vector is {@link EmbeddingVectors}' for the model
 * id and the text; {@code binary} has 1 for each positive component.
 */
final class TitanEmbeddings {

    static final String MODEL = "amazon.titan-embed-text-v2:0";
    static final int MAX_TOKENS = 8192;
    static final int MAX_CHARS = 50_000;
    private static final int DEFAULT_DIMENSIONS = 1024;
    private static final Set<String> KEYS = Set.of("inputText", "dimensions", "normalize", "embeddingTypes");
    private static final Set<Integer> DIMENSIONS = Set.of(256, 512, 1024);
    private static final Set<String> TYPES = Set.of("float", "binary");

    private TitanEmbeddings() {
    }

    static Embeddings.Result embed(ObjectMapper mapper, JsonNode root) {
        Violations violations = new Violations();
        violations.onlyKeys("#", root, KEYS);
        String text = violations.requiredString("#", root, "inputText");
        if (text != null) {
            int chars = text.codePointCount(0, text.length());
            if (chars < 1) {
                violations.violation("#/inputText: expected minLength: 1, actual: 0");
            } else if (chars > MAX_CHARS) {
                violations.violation("#/inputText: expected maxLength: " + MAX_CHARS + ", actual: " + chars);
            }
        }
        int dimensions = root.has("dimensions") ? dimensions(root.get("dimensions"), violations) : DEFAULT_DIMENSIONS;
        boolean normalize = true;
        JsonNode normalizeNode = root.get("normalize");
        if (normalizeNode != null) {
            if (normalizeNode.isBoolean()) {
                normalize = normalizeNode.booleanValue();
            } else {
                violations.violation(Violations.typeError("#/normalize", "Boolean", normalizeNode));
            }
        }
        Set<String> types = root.has("embeddingTypes")
                ? Embeddings.types("#/embeddingTypes", root.get("embeddingTypes"), TYPES, violations) : Set.of("float");
        violations.check();
        int tokens = Tokens.words(text);
        if (tokens > MAX_TOKENS) {
            throw new InvalidRequestException("Too many input tokens. Max input tokens: " + MAX_TOKENS
                    + ", request input token count: " + tokens);
        }
        float[] vector = EmbeddingVectors.of(MODEL, text, dimensions, normalize);
        ObjectNode body = mapper.createObjectNode();
        EmbeddingVectors.floats(body.putArray("embedding"), vector);
        body.put("inputTextTokenCount", tokens);
        ObjectNode byType = body.putObject("embeddingsByType");
        for (String type : types) {
            if (type.equals("float")) {
                EmbeddingVectors.floats(byType.putArray("float"), vector);
            } else {
                EmbeddingVectors.signs(byType.putArray("binary"), vector);
            }
        }
        return new Embeddings.Result(tokens, body);
    }

    private static int dimensions(JsonNode node, Violations violations) {
        if (!node.isIntegralNumber()) {
            violations.violation(Violations.typeError("#/dimensions", "Integer", node));
        } else if (!node.canConvertToInt() || !DIMENSIONS.contains(node.intValue())) {
            violations.violation("#/dimensions: " + node.asText() + " is not a valid enum value");
        } else {
            return node.intValue();
        }
        return DEFAULT_DIMENSIONS;
    }
}
