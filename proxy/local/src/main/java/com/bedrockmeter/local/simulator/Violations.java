package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * What is wrong with one request, as Bedrock says it: the violations of the model's JSON schema (all of them, in one
 * {@code Malformed input request} message) and the first semantic error (alone, once the schema holds).
 */
final class Violations {

    private final List<String> schema = new ArrayList<>(0);
    private String semantic;

    void violation(String message) {
        schema.add(message);
    }

    void semantic(String message) {
        if (semantic == null) {
            semantic = message;
        }
    }

    int count() {
        return schema.size();
    }

    /** Throws the violations as Bedrock's ValidationException message, if there are any. */
    void check() {
        if (!schema.isEmpty()) {
            throw malformed(String.join(", ", schema));
        }
        if (semantic != null) {
            throw new InvalidRequestException(semantic);
        }
    }

    /** Every key of {@code object} not among {@code allowed} is a violation. */
    void onlyKeys(String path, JsonNode object, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                violation(path + ": extraneous key [" + name + "] is not permitted");
            }
        }
    }

    /** {@code node} must be an object; false (a violation) if it is not. */
    boolean object(String path, JsonNode node) {
        if (node.isObject()) {
            return true;
        }
        violation(typeError(path, "JSONObject", node));
        return false;
    }

    /** The string {@code key} of {@code object}; null, with a violation, if it is missing or not a string. */
    String requiredString(String path, JsonNode object, String key) {
        JsonNode node = object.get(key);
        if (node == null) {
            violation(path + ": required key [" + key + "] not found");
        } else if (!node.isTextual()) {
            violation(typeError(path + "/" + key, "String", node));
        } else {
            return node.asText();
        }
        return null;
    }

    /** {@code node} as an int of at least {@code min}; 0, with a violation, if it is none. */
    int integer(String path, JsonNode node, int min) {
        if (!node.isIntegralNumber()) {
            violation(typeError(path, "Integer", node));
        } else if (!node.canConvertToInt()) {
            violation(path + ": " + node.asText() + " is not less or equal to " + Integer.MAX_VALUE);
        } else if (node.intValue() < min) {
            violation(path + ": " + node.intValue() + " is not greater or equal to " + min);
        } else {
            return node.intValue();
        }
        return 0;
    }

    /** {@code node} must be a number from 0 to 1. */
    void fraction(String path, JsonNode node) {
        if (!node.isNumber()) {
            violation(typeError(path, "Number", node));
        } else if (node.doubleValue() < 0) {
            violation(path + ": " + node.asText() + " is not greater or equal to 0");
        } else if (node.doubleValue() > 1) {
            violation(path + ": " + node.asText() + " is not less or equal to 1");
        }
    }

    /** {@code node} as one of {@code values}; null, with a violation, if it is not a string among them. */
    String oneOf(String path, JsonNode node, Set<String> values) {
        if (!node.isTextual()) {
            violation(typeError(path, "String", node));
        } else if (!values.contains(node.asText())) {
            violation(path + ": " + node.asText() + " is not a valid enum value");
        } else {
            return node.asText();
        }
        return null;
    }

    /** {@code node} as a list of strings; the strings it has, with a violation for anything else. */
    List<String> strings(String path, JsonNode node) {
        if (!node.isArray()) {
            violation(typeError(path, "JSONArray", node));
            return List.of();
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual()) {
                values.add(item.asText());
            } else {
                violation(typeError(path + "/" + i, "String", item));
            }
        }
        return values;
    }

    /** {@code body} as a JSON object; throws Bedrock's ValidationException if it is not valid JSON or no object. */
    static JsonNode jsonObject(ObjectMapper mapper, byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("the request body is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw malformed("the request body could not be read");
        }
        if (root == null || root.isMissingNode()) {
            throw malformed("the request body is empty");
        }
        if (!root.isObject()) {
            throw malformed(typeError("#", "JSONObject", root));
        }
        return root;
    }

    static InvalidRequestException malformed(String detail) {
        return new InvalidRequestException("Malformed input request: " + detail
                + ", please reformat your input and try again.");
    }

    static String typeError(String path, String expected, JsonNode found) {
        return path + ": expected type: " + expected + ", found: " + typeName(found);
    }

    private static String typeName(JsonNode node) {
        if (node.isNull()) {
            return "null";
        } else if (node.isTextual()) {
            return "String";
        } else if (node.isIntegralNumber()) {
            return "Integer";
        } else if (node.isNumber()) {
            return "Number";
        } else if (node.isBoolean()) {
            return "Boolean";
        } else if (node.isArray()) {
            return "JSONArray";
        }
        return "JSONObject";
    }
}
