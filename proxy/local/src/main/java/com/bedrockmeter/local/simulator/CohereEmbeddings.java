package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cohere Embed v3 ({@code cohere.embed-english-v3}, {@code cohere.embed-multilingual-v3}) through InvokeModel.
 *
 * <p>Request: {@code {"texts": ["...", ...], "input_type": "search_document"|"search_query"|"classification"|
 * "clustering", "truncate": "NONE"|"START"|"END", "embedding_types": ["float"|"int8"|"uint8"|"binary"|"ubinary",
 * ...]}}: {@code texts} (1 to {@value #MAX_TEXTS}, each at most {@value #MAX_CHARS} characters) and
 * {@code input_type} required; any other key refused. A text of more than {@value #MAX_TOKENS} tokens is refused
 * with {@code truncate} {@code NONE} (the default), cut to its last ({@code START}) or first ({@code END})
 * {@value #MAX_TOKENS} words otherwise. Images ({@code images}, {@code input_type} {@code image}) are not simulated.
 *
 * <p>Answer: {@code {"id": "<uuid>", "texts": [the texts as sent], "embeddings": [[1024 floats], ...],
 * "response_type": "embeddings_floats"}}; with {@code embedding_types}, {@code embeddings} is an object of the types
 * asked for ({@code {"float": [[...]], "int8": [[...]], ...}}) and {@code response_type} is
 * {@code embeddings_by_type}. The body carries no token count: the words of the (cut) texts are in the header only.
 * Vectors are {@link EmbeddingVectors}' for the model id and the (cut) text, unit length; {@code input_type} does not
 * change them.
 */
final class CohereEmbeddings {

    static final Set<String> MODELS = Set.of("cohere.embed-english-v3", "cohere.embed-multilingual-v3");
    static final int DIMENSIONS = 1024;
    static final int MAX_TEXTS = 96;
    static final int MAX_CHARS = 2048;
    static final int MAX_TOKENS = 512;
    private static final Set<String> KEYS = Set.of("texts", "input_type", "truncate", "embedding_types", "images");
    private static final Set<String> INPUT_TYPES = Set.of("search_document", "search_query", "classification",
            "clustering");
    private static final Set<String> TRUNCATIONS = Set.of("NONE", "START", "END");
    private static final Set<String> TYPES = Set.of("float", "int8", "uint8", "binary", "ubinary");

    private CohereEmbeddings() {
    }

    static Embeddings.Result embed(ObjectMapper mapper, String modelId, JsonNode root) {
        Violations violations = new Violations();
        violations.onlyKeys("#", root, KEYS);
        List<String> texts = texts(root.get("texts"), violations);
        if (root.has("input_type")) {
            violations.oneOf("#/input_type", root.get("input_type"), INPUT_TYPES);
        } else {
            violations.violation("#: required key [input_type] not found");
        }
        String truncate = root.has("truncate") ? violations.oneOf("#/truncate", root.get("truncate"), TRUNCATIONS)
                : "NONE";
        Set<String> types = root.has("embedding_types")
                ? Embeddings.types("#/embedding_types", root.get("embedding_types"), TYPES, violations) : null;
        if (root.has("images")) {
            violations.semantic("The Bedrock simulator does not embed images; send texts.");
        }
        violations.check();
        int tokens = 0;
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = cut(i, texts.get(i), truncate);
            tokens += Tokens.words(text);
            vectors.add(EmbeddingVectors.of(modelId, text, DIMENSIONS, true));
        }
        ObjectNode body = mapper.createObjectNode().put("id", Ids.requestId());
        ArrayNode echoed = body.putArray("texts");
        texts.forEach(echoed::add);
        if (types == null) {
            ArrayNode embeddings = body.putArray("embeddings");
            vectors.forEach(vector -> EmbeddingVectors.floats(embeddings.addArray(), vector));
            body.put("response_type", "embeddings_floats");
        } else {
            ObjectNode byType = body.putObject("embeddings");
            for (String type : types) {
                ArrayNode ofType = byType.putArray(type);
                vectors.forEach(vector -> typed(ofType.addArray(), type, vector));
            }
            body.put("response_type", "embeddings_by_type");
        }
        return new Embeddings.Result(tokens, body);
    }

    private static List<String> texts(JsonNode node, Violations violations) {
        if (node == null) {
            violations.violation("#: required key [texts] not found");
            return List.of();
        }
        if (node.isArray() && (node.isEmpty() || node.size() > MAX_TEXTS)) {
            violations.violation("#/texts: expected " + (node.isEmpty() ? "minimum item count: 1" : "maximum item"
                    + " count: " + MAX_TEXTS) + ", found: " + node.size());
            return List.of();
        }
        List<String> texts = violations.strings("#/texts", node);
        for (int i = 0; i < texts.size(); i++) {
            int chars = texts.get(i).codePointCount(0, texts.get(i).length());
            if (chars > MAX_CHARS) {
                violations.violation("#/texts/" + i + ": expected maxLength: " + MAX_CHARS + ", actual: " + chars);
            }
        }
        return texts;
    }

    /** Text {@code i} within the model's {@value #MAX_TOKENS} tokens as {@code truncate} says, or refused. */
    private static String cut(int i, String text, String truncate) {
        int words = Tokens.words(text);
        if (words <= MAX_TOKENS) {
            return text;
        }
        return switch (truncate) {
            case "START" -> Tokens.lastWords(text, MAX_TOKENS);
            case "END" -> Tokens.firstWords(text, MAX_TOKENS);
            default -> throw new InvalidRequestException("texts[" + i + "] has " + words + " tokens, more than the"
                    + " model's " + MAX_TOKENS + ": shorten it, or set truncate to START or END.");
        };
    }

    private static void typed(ArrayNode array, String type, float[] vector) {
        switch (type) {
            case "int8" -> EmbeddingVectors.bytes(array, vector, 0);
            case "uint8" -> EmbeddingVectors.bytes(array, vector, 128);
            case "binary" -> EmbeddingVectors.packedBits(array, vector, -128);
            case "ubinary" -> EmbeddingVectors.packedBits(array, vector, 0);
            default -> EmbeddingVectors.floats(array, vector);
        }
    }
}
