package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.base.Ids;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.HttpStatus;

/**
 * Reading and parsing of request bodies shared by the routes: every route reads its body under the size limit and
 * turns it into a {@link ModelCall} here.
 */
public final class RequestBodies {

    /** A conservative characters-per-token ratio for the input estimate behind the monthly token reservation. */
    private static final int BYTES_PER_TOKEN = 3;
    /** Far above any model's output limit (Claude's largest is 128K): a larger value is a mistake or an attack. */
    static final long MAX_TOKENS_CEILING = 1_000_000;

    private final ObjectMapper json;
    /** Strict: one JSON value and nothing after it ({@code {…}garbage} is refused, not half-read). */
    private final ObjectReader strict;

    public RequestBodies(ObjectMapper json) {
        this.json = json;
        this.strict = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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

    /** Converse and ConverseStream: the model is in the path; the output cap is {@code inferenceConfig.maxTokens}. */
    public ModelCall fromConverseBody(String modelId, byte[] body) {
        ObjectNode root = parseObject(body);
        JsonNode config = root.get("inferenceConfig");
        long maxTokens = config instanceof ObjectNode object ? limit(object.get("maxTokens"), "inferenceConfig.maxTokens")
                : 0;
        return new ModelCall(requireModelId(modelId), body, Math.addExact(maxTokens, body.length / BYTES_PER_TOKEN));
    }

    /** CountTokens: a JSON object with its {@code input}, for Bedrock to check; it reserves nothing. */
    public ModelCall fromCountTokensBody(String modelId, byte[] body) {
        ObjectNode root = parseObject(body);
        if (!root.path("input").isObject()) {
            throw badRequest("missing_input", "CountTokens takes {\"input\": {\"invokeModel\": {\"body\": \"...\"}}} or "
                    + "{\"input\": {\"converse\": {\"messages\": [...]}}}.");
        }
        return new ModelCall(requireModelId(modelId), body, 0);
    }

    private ModelCall call(String modelId, byte[] bedrockBody, ObjectNode root, int size) {
        return new ModelCall(modelId, bedrockBody, Math.addExact(maxTokens(root), size / BYTES_PER_TOKEN));
    }

    /**
     * {@code max_tokens} as the monthly token reservation needs it: absent is 0 (the model's own default applies
     * and Bedrock decides), else a whole number from 1 to {@link #MAX_TOKENS_CEILING}; anything else would make a
     * reservation that is negative or overflows, and is refused.
     */
    private static long maxTokens(ObjectNode root) {
        return limit(root.get("max_tokens"), "max_tokens");
    }

    private static long limit(JsonNode value, String name) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1
                || value.asLong() > MAX_TOKENS_CEILING) {
            throw badRequest("invalid_max_tokens", "'" + name + "' must be a whole number from 1 to "
                    + MAX_TOKENS_CEILING + "; got " + truncate(value.toString()) + ".");
        }
        return value.asLong();
    }

    private ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw badRequest("malformed_json", "The request body is empty; send a JSON object.");
        }
        JsonNode root;
        try {
            root = strict.readTree(body);
        } catch (IOException e) {
            throw badRequest("malformed_json", "The request body is not valid JSON (one JSON object, nothing after it).");
        }
        if (root == null || !root.isObject()) {
            throw badRequest("malformed_json", "The request body must be a JSON object.");
        }
        return (ObjectNode) root;
    }

    private static String requireModelId(String modelId) {
        if (modelId == null || !Ids.MODEL_ID.matcher(modelId).matches()) {
            throw badRequest("invalid_model_id", "'" + truncate(modelId) + "' is not a valid model id.");
        }
        return modelId;
    }

    private static String truncate(String value) {
        return value == null ? "" : value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST.value(), code, message);
    }

    /** Reads at most {@code max} bytes: a larger body is refused without being read whole. */
    public static byte[] read(HttpServletRequest request, long max) {
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw new PayloadTooLargeException(max);
        }
        try (InputStream in = request.getInputStream()) {
            // With a declared length, one exact read; without (chunked), up to one byte past the limit.
            byte[] body = declared >= 0 ? in.readNBytes((int) declared)
                    : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw new PayloadTooLargeException(max);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the request body", e);
        }
    }
}
