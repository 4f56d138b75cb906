package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.proxy.base.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** Parsing of request bodies shared by the routes: every route turns its body into a {@link ModelCall} here. */
public final class RequestBodies {

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,256}");
    /** A conservative characters-per-token ratio for the input estimate behind the monthly token reservation. */
    private static final int BYTES_PER_TOKEN = 3;

    private final ObjectMapper json;

    public RequestBodies(ObjectMapper json) {
        this.json = json;
    }

    /** The guide's {@code POST /bedrock}: {@code modelId} travels in the body and is removed before Bedrock. */
    public ModelCall fromGuideBody(byte[] body) {
        ObjectNode root = parseObject(body);
        JsonNode modelId = root.remove("modelId");
        if (modelId == null || modelId.isNull() || (modelId.isTextual() && modelId.asText().isBlank())) {
            throw badRequest("missing_model_id", "The body must name the model in the field 'modelId'.");
        }
        if (!modelId.isTextual()) {
            throw badRequest("invalid_model_id", "The field 'modelId' must be a string.");
        }
        try {
            return call(requireModelId(modelId.asText()), json.writeValueAsBytes(root), root, body.length);
        } catch (IOException e) {
            throw new IllegalStateException("A parsed JSON tree always serialises", e);
        }
    }

    /** Bedrock-native routes: the model is in the path and the body goes to Bedrock as sent. */
    public ModelCall fromNativeBody(String modelId, byte[] body) {
        ObjectNode root = parseObject(body);
        return call(requireModelId(modelId), body, root, body.length);
    }

    private ModelCall call(String modelId, byte[] bedrockBody, ObjectNode root, int size) {
        long maxTokens = Math.max(0, root.path("max_tokens").asLong(0));
        return new ModelCall(modelId, bedrockBody, maxTokens + size / BYTES_PER_TOKEN);
    }

    private ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw badRequest("malformed_json", "The request body is empty; send a JSON object.");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw badRequest("malformed_json", "The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw badRequest("malformed_json", "The request body must be a JSON object.");
        }
        return (ObjectNode) root;
    }

    private static String requireModelId(String modelId) {
        if (modelId == null || !MODEL_ID.matcher(modelId).matches()) {
            throw badRequest("invalid_model_id", "'" + truncate(modelId) + "' is not a valid model id.");
        }
        return modelId;
    }

    private static String truncate(String value) {
        return value == null ? "" : value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }
}
