package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Bedrock's Converse request ({@code messages} of {@code role} and {@code content} blocks, {@code system} blocks,
 * {@code inferenceConfig}), read into the same {@link AnthropicMessages.Request} the InvokeModel answer is computed
 * from: the same words counted (text blocks of {@code system} and of every message, 8 per message), the same
 * answer. Blocks other than text (images, documents, tool use and results, cache points, reasoning) are accepted
 * and count no words.
 */
final class ConverseMessages {

    /** The output cap when {@code inferenceConfig.maxTokens} is absent (the model's default applies in Bedrock). */
    static final int DEFAULT_MAX_TOKENS = 4096;
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("messages", "system", "inferenceConfig", "toolConfig",
            "guardrailConfig", "additionalModelRequestFields", "additionalModelResponseFieldPaths",
            "promptVariables", "requestMetadata", "performanceConfig");

    private ConverseMessages() {
    }

    static AnthropicMessages.Request parse(ObjectMapper mapper, byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new AnthropicMessages.InvalidRequest("Malformed input request: the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new AnthropicMessages.InvalidRequest("Malformed input request: the body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL_KEYS.contains(name)) {
                throw new AnthropicMessages.InvalidRequest("Malformed input request: extraneous key [" + name
                        + "] is not permitted");
            }
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new AnthropicMessages.InvalidRequest("A conversation must start with a user message.");
        }
        int words = 8 * messages.size() + textWords(root.get("system"));
        String lastUserText = null;
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new AnthropicMessages.InvalidRequest("Malformed input request: role must be user or assistant");
            }
            words += textWords(message.get("content"));
            if (role.equals("user")) {
                lastUserText = text(message.get("content"));
            }
        }
        if (lastUserText == null) {
            throw new AnthropicMessages.InvalidRequest("A conversation must start with a user message.");
        }
        JsonNode config = root.path("inferenceConfig");
        int maxTokens = config.path("maxTokens").asInt(DEFAULT_MAX_TOKENS);
        if (maxTokens < 1) {
            throw new AnthropicMessages.InvalidRequest("The maximum tokens you requested must be at least 1.");
        }
        List<String> stops = new ArrayList<>();
        config.path("stopSequences").forEach(s -> stops.add(s.asText()));
        return new AnthropicMessages.Request(maxTokens, words, lastUserText, stops);
    }

    private static int textWords(JsonNode blocks) {
        return AnthropicMessages.countWords(text(blocks));
    }

    /** The text blocks of {@code blocks}, joined by a space. */
    private static String text(JsonNode blocks) {
        if (blocks == null || !blocks.isArray()) {
            return "";
        }
        List<String> texts = new ArrayList<>();
        blocks.forEach(block -> {
            if (block.has("text")) {
                texts.add(block.get("text").asText());
            }
        });
        return String.join(" ", texts);
    }
}
