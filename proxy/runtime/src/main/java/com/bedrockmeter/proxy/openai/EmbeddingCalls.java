package com.bedrockmeter.proxy.openai;

import com.bedrockmeter.proxy.invoke.InvocationPipeline;
import com.bedrockmeter.proxy.invoke.ModelCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/embeddings} on Bedrock's embedding models through InvokeModel, each call through the pipeline
 * (authenticated, admitted, metered as input tokens): Amazon Titan Text Embeddings (one text per call, so a list
 * of N texts is N calls, each counted against the limits) with {@code dimensions} 256, 512 or 1024; Cohere Embed
 * (up to 96 texts per call, embedded as {@code search_document}; no {@code dimensions}). {@code input} is a string
 * or a list of strings; {@code encoding_format} {@code float} or {@code base64} (little-endian float32, what the
 * {@code openai} clients ask for by default).
 */
final class EmbeddingCalls {

    private static final int COHERE_BATCH = 96;
    private static final Set<Integer> TITAN_DIMENSIONS = Set.of(256, 512, 1024);
    private static final Set<String> KNOWN = Set.of("model", "input", "encoding_format", "dimensions", "user");

    /** The translated answer, and the last call's headers (request id, rate limits). */
    record Answer(byte[] body, Map<String, String> headers) {
    }

    private final InvocationPipeline pipeline;
    private final ObjectMapper json;

    EmbeddingCalls(InvocationPipeline pipeline, ObjectMapper json) {
        this.pipeline = pipeline;
        this.json = json;
    }

    Answer embed(String authorization, byte[] body) {
        pipeline.modelsFor(authorization); // authenticated (401, 403) before the body is judged (400)
        ObjectNode request = parse(body);
        String model = request.path("model").asText("");
        List<String> texts = texts(request.get("input"));
        boolean base64 = encoding(request);
        boolean titan = model.contains("amazon.titan-embed");
        boolean cohere = model.contains("cohere.embed");
        JsonNode dimensions = request.get("dimensions");
        List<byte[]> calls = new ArrayList<>();
        if (titan) {
            for (String text : texts) {
                ObjectNode call = json.createObjectNode().put("inputText", text).put("normalize", true);
                if (dimensions != null && !dimensions.isNull()) {
                    if (!dimensions.canConvertToInt() || !TITAN_DIMENSIONS.contains(dimensions.asInt())) {
                        throw ChatRequests.invalid("invalid_dimensions", "dimensions",
                                "Titan Text Embeddings takes 'dimensions' 256, 512 or 1024.");
                    }
                    call.put("dimensions", dimensions.asInt());
                }
                calls.add(bytes(call));
            }
        } else if (cohere) {
            if (dimensions != null && !dimensions.isNull()) {
                throw ChatRequests.invalid("unsupported_parameter", "dimensions",
                        "Cohere Embed has a fixed size; leave 'dimensions' out.");
            }
            for (int from = 0; from < texts.size(); from += COHERE_BATCH) {
                ObjectNode call = json.createObjectNode().put("input_type", "search_document");
                ArrayNode batch = call.putArray("texts");
                texts.subList(from, Math.min(texts.size(), from + COHERE_BATCH)).forEach(batch::add);
                calls.add(bytes(call));
            }
        }
        if (!titan && !cohere) {
            calls.add(body); // one pass through the pipeline: authenticated first, then refused by the parser below
        }
        ObjectNode answer = json.createObjectNode().put("object", "list");
        ArrayNode data = answer.putArray("data");
        long tokens = 0;
        Map<String, String> headers = Map.of();
        for (byte[] call : calls) {
            InvocationPipeline.Response response = pipeline.invoke(new InvocationPipeline.Request(
                    OpenAiRoutes.EMBEDDINGS_ROUTE, authorization, max -> call, bytes -> {
                        if (!titan && !cohere) { // after authentication, so a stranger learns nothing of models
                            throw ChatRequests.invalid("unsupported_model", "model", "'" + model + "' is not an "
                                    + "embedding model this proxy can call (amazon.titan-embed-text-v2:0, "
                                    + "cohere.embed-english-v3, cohere.embed-multilingual-v3).");
                        }
                        return new ModelCall(model, bytes, bytes.length); // a token is at least a byte of text
                    }, OpenAiErrors::restate));
            tokens += response.tokens().input();
            headers = response.headers();
            for (JsonNode vector : vectors(response.body(), titan)) {
                ObjectNode item = data.addObject().put("object", "embedding").put("index", data.size() - 1);
                if (base64) {
                    item.put("embedding", base64(vector));
                } else {
                    item.set("embedding", vector);
                }
            }
        }
        answer.put("model", model);
        answer.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return new Answer(bytes(answer), headers);
    }

    private List<JsonNode> vectors(byte[] body, boolean titan) {
        try {
            JsonNode root = json.readTree(body);
            if (titan) {
                return List.of(root.path("embedding"));
            }
            JsonNode embeddings = root.path("embeddings");
            JsonNode floats = embeddings.isArray() ? embeddings : embeddings.path("float");
            List<JsonNode> vectors = new ArrayList<>();
            floats.forEach(vectors::add);
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(JsonNode vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        vector.forEach(value -> buffer.putFloat(value.floatValue()));
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private ObjectNode parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw ChatRequests.invalid("malformed_json", null, "The request body is not valid JSON.");
        }
        if (!(root instanceof ObjectNode request)) {
            throw ChatRequests.invalid("malformed_json", null, "The request body must be a JSON object.");
        }
        request.fieldNames().forEachRemaining(name -> {
            if (!KNOWN.contains(name)) {
                throw ChatRequests.invalid("unsupported_parameter", name, "The parameter '" + name
                        + "' is not supported.");
            }
        });
        if (request.path("model").asText("").isBlank()) {
            throw ChatRequests.invalid("missing_model_id", "model", "'model' must name an embedding model.");
        }
        return request;
    }

    private static List<String> texts(JsonNode input) {
        List<String> texts = new ArrayList<>();
        if (input != null && input.isTextual()) {
            texts.add(input.asText());
        } else if (input instanceof ArrayNode list) {
            for (JsonNode item : list) {
                if (!item.isTextual()) {
                    throw ChatRequests.invalid("invalid_input", "input", "'input' must be a string or a list of "
                            + "strings (token arrays are not supported).");
                }
                texts.add(item.asText());
            }
        }
        if (texts.isEmpty() || texts.stream().anyMatch(String::isEmpty) || texts.size() > 2048) {
            throw ChatRequests.invalid("invalid_input", "input", "'input' must be 1 to 2048 non-empty strings.");
        }
        return texts;
    }

    private static boolean encoding(ObjectNode request) {
        String format = request.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw ChatRequests.invalid("invalid_encoding_format", "encoding_format",
                    "'encoding_format' is float or base64.");
        }
        return format.equals("base64");
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
