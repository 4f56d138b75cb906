package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The embedding models the simulator knows ({@link TitanEmbeddings}, {@link CohereEmbeddings}), answered through
 * InvokeModel only, as Bedrock answers them: the model's JSON body and the {@code X-Amzn-Bedrock-Input-Token-Count}
 * header (the words of the texts, {@link Tokens}); no output-token header, an embedding has no output tokens.
 * The other operations refuse them with a {@code ValidationException}: Converse and ConverseStream take only text
 * and chat models, Bedrock streams no embedding model, and CountTokens counts only for Claude here.
 */
final class Embeddings {

    /** The token count of an embedding request and the body of its answer. */
    record Result(int inputTokens, ObjectNode body) {
    }

    private final ObjectMapper mapper;

    Embeddings(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Whether {@code modelId} names an embedding model of this simulator (exactly, without a region prefix). */
    static boolean knows(String modelId) {
        return TitanEmbeddings.MODEL.equals(modelId) || CohereEmbeddings.MODELS.contains(modelId);
    }

    /** Answers {@code request} for the embedding model {@code modelId}; throws {@link InvalidRequestException}. */
    void answer(HttpExchange exchange, Operation operation, String modelId, byte[] request, long started)
            throws IOException {
        switch (operation) {
            case CONVERSE, CONVERSE_STREAM -> throw new InvalidRequestException("This action doesn't support the model"
                    + " that you provided. Try again with a supported text or chat model.");
            case INVOKE_STREAM -> throw new InvalidRequestException("The model is unsupported for streaming.");
            case COUNT_TOKENS -> throw new InvalidRequestException("The provided model doesn't support counting tokens.");
            default -> {
                // InvokeModel: answered below
            }
        }
        JsonNode root = Violations.jsonObject(mapper, request);
        Result result = TitanEmbeddings.MODEL.equals(modelId) ? TitanEmbeddings.embed(mapper, root)
                : CohereEmbeddings.embed(mapper, modelId, root);
        exchange.getResponseHeaders().set("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(result.inputTokens()));
        Replies.send(exchange, 200, mapper.writeValueAsBytes(result.body()), started);
    }

    /**
     * The embedding types asked for in {@code node} (a non-empty list of strings among {@code allowed}), in their
     * order, each once; the valid ones, with a violation for every other item.
     */
    static Set<String> types(String path, JsonNode node, Set<String> allowed, Violations violations) {
        Set<String> types = new LinkedHashSet<>();
        if (node.isArray() && node.isEmpty()) {
            violations.violation(path + ": expected minimum item count: 1, found: 0");
        } else if (!node.isArray()) {
            violations.violation(Violations.typeError(path, "JSONArray", node));
        } else {
            for (int i = 0; i < node.size(); i++) {
                String type = violations.oneOf(path + "/" + i, node.get(i), allowed);
                if (type != null) {
                    types.add(type);
                }
            }
        }
        return types;
    }
}
