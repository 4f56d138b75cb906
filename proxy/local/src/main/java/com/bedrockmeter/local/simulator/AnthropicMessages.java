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
 * Validates an Anthropic Messages request body as Bedrock takes it and computes the simulator's
 * deterministic answer. See {@link BedrockSimulator} for the token-count rule.
 */
final class AnthropicMessages {

    static final int MAX_PROMPT_ECHO_CHARS = 200;

    /**
     * Top-level keys Bedrock accepts for current Claude models; the last five are accepted and ignored
     * ({@code metadata} with its {@code user_id} is what Claude Code sends).
     */
    private static final Set<String> TOP_LEVEL_KEYS = Set.of(
            "anthropic_version", "max_tokens", "messages", "system", "temperature", "top_p", "top_k",
            "stop_sequences", "anthropic_beta", "tools", "tool_choice", "thinking", "metadata");
    private static final Set<String> MESSAGE_KEYS = Set.of("role", "content");
    private static final Set<String> TEXT_BLOCK_KEYS = Set.of("type", "text", "cache_control");

    /** A request that Bedrock would refuse; the message is Bedrock's ValidationException message. */
    static final class InvalidRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** What the simulator needs from a valid request. */
    record Request(int maxTokens, int inputTokens, String lastUserText, List<String> stopSequences) {
    }

    /** The simulated completion. {@code stopSequence} is null unless {@code stopReason} is {@code stop_sequence}. */
    record Answer(String text, int outputTokens, String stopReason, String stopSequence) {
    }

    private AnthropicMessages() {
    }

    /** Parses and validates {@code body}; throws {@link InvalidRequest} as Bedrock would. */
    static Request parse(ObjectMapper mapper, byte[] body) {
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
        Walk walk = new Walk();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL_KEYS.contains(name)) {
                walk.violation("#: extraneous key [" + name + "] is not permitted");
            }
        }
        for (String required : new String[] {"anthropic_version", "max_tokens", "messages"}) {
            if (!root.has(required)) {
                walk.violation("#: required key [" + required + "] not found");
            }
        }
        JsonNode version = root.get("anthropic_version");
        if (version != null) {
            if (!version.isTextual()) {
                walk.violation(typeError("#/anthropic_version", "String", version));
            } else if (version.asText().isBlank()) {
                walk.violation("#/anthropic_version: expected a non-empty string");
            }
        }
        int maxTokens = walk.integer(root, "max_tokens", 1);
        walk.number(root, "temperature");
        walk.number(root, "top_p");
        walk.integer(root, "top_k", 0);
        List<String> stopSequences = walk.strings(root, "stop_sequences");
        walk.strings(root, "anthropic_beta");
        JsonNode system = root.get("system");
        if (system != null) {
            walk.content("#/system", "system", system);
        }
        int lastUser = -1;
        JsonNode messages = root.get("messages");
        if (messages != null) {
            if (!messages.isArray()) {
                walk.violation(typeError("#/messages", "JSONArray", messages));
            } else if (messages.isEmpty()) {
                walk.violation("#/messages: expected minimum item count: 1, found: 0");
            } else {
                for (int i = 0; i < messages.size(); i++) {
                    if (walk.message(i, messages.get(i), i == messages.size() - 1)) {
                        lastUser = i;
                    }
                }
                walk.words += 8 * messages.size();
            }
        }
        if (!walk.violations.isEmpty()) {
            throw malformed(String.join(", ", walk.violations));
        }
        if (walk.semanticError != null) {
            throw new InvalidRequest(walk.semanticError);
        }
        if (lastUser < 0) {
            throw new InvalidRequest("messages: at least one message must use the \"user\" role");
        }
        return new Request(maxTokens, walk.words, userText(messages.get(lastUser).get("content")), stopSequences);
    }

    /**
     * The deterministic answer: {@code Simulated answer from <modelId> to: <last user text, at most 200 chars>},
     * cut before the earliest stop sequence it contains, then cut to {@code max_tokens} words.
     */
    static Answer answer(String modelId, Request request) {
        String prompt = request.lastUserText();
        if (prompt.length() > MAX_PROMPT_ECHO_CHARS) {
            int end = MAX_PROMPT_ECHO_CHARS;
            if (Character.isHighSurrogate(prompt.charAt(end - 1))) {
                end--;
            }
            prompt = prompt.substring(0, end);
        }
        String text = "Simulated answer from " + modelId + " to: " + prompt;
        String stopReason = "end_turn";
        String stopSequence = null;
        int cut = -1;
        for (String candidate : request.stopSequences()) {
            int at = candidate.isEmpty() ? -1 : text.indexOf(candidate);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
                stopSequence = candidate;
            }
        }
        if (cut >= 0) {
            text = text.substring(0, cut);
            stopReason = "stop_sequence";
        }
        int words = countWords(text);
        if (words > request.maxTokens()) {
            text = text.substring(0, endOfWord(text, request.maxTokens()));
            words = request.maxTokens();
            stopReason = "max_tokens";
            stopSequence = null;
        }
        return new Answer(text, words, stopReason, stopSequence);
    }

    /** Number of maximal runs of non-whitespace characters. */
    static int countWords(CharSequence text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /** Index just past the {@code n}-th word of {@code text} (which has more than {@code n} words). */
    private static int endOfWord(String text, int n) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (space && inWord && words == n) {
                return i;
            }
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return text.length();
    }

    private static String userText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(block.get("text").asText());
        }
        return text.toString();
    }

    private static InvalidRequest malformed(String detail) {
        return new InvalidRequest("Malformed input request: " + detail + ", please reformat your input and try again.");
    }

    private static String typeError(String path, String expected, JsonNode found) {
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

    /** Validation state of one request: schema violations, the first semantic error, the word count. */
    private static final class Walk {
        final List<String> violations = new ArrayList<>(0);
        String semanticError;
        int words;

        void violation(String message) {
            violations.add(message);
        }

        void semantic(String message) {
            if (semanticError == null) {
                semanticError = message;
            }
        }

        int integer(JsonNode root, String key, int min) {
            JsonNode node = root.get(key);
            if (node == null) {
                return 0;
            }
            String path = "#/" + key;
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

        void number(JsonNode root, String key) {
            JsonNode node = root.get(key);
            if (node == null) {
                return;
            }
            String path = "#/" + key;
            if (!node.isNumber()) {
                violation(typeError(path, "Number", node));
            } else if (node.doubleValue() < 0) {
                violation(path + ": " + node.asText() + " is not greater or equal to 0");
            } else if (node.doubleValue() > 1) {
                violation(path + ": " + node.asText() + " is not less or equal to 1");
            }
        }

        List<String> strings(JsonNode root, String key) {
            JsonNode node = root.get(key);
            if (node == null) {
                return List.of();
            }
            String path = "#/" + key;
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

        /** Validates message {@code i}; true if it is a valid user message. */
        boolean message(int i, JsonNode message, boolean last) {
            String path = "#/messages/" + i;
            if (!message.isObject()) {
                violation(typeError(path, "JSONObject", message));
                return false;
            }
            for (Iterator<String> names = message.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!MESSAGE_KEYS.contains(name)) {
                    violation(path + ": extraneous key [" + name + "] is not permitted");
                }
            }
            JsonNode role = message.get("role");
            boolean user = false;
            boolean assistant = false;
            if (role == null) {
                violation(path + ": required key [role] not found");
            } else if (!role.isTextual()) {
                violation(typeError(path + "/role", "String", role));
            } else {
                user = "user".equals(role.asText());
                assistant = "assistant".equals(role.asText());
                if (!user && !assistant) {
                    violation(path + "/role: " + role.asText() + " is not a valid enum value");
                }
            }
            JsonNode content = message.get("content");
            if (content == null) {
                violation(path + ": required key [content] not found");
                return false;
            }
            boolean valid = content("#/messages/" + i + "/content", "messages", content);
            if (valid && !(last && assistant) && (content.isTextual() ? content.asText().isEmpty() : content.isEmpty())) {
                semantic("messages." + i + ": all messages must have non-empty content"
                        + " except for the optional final assistant message");
            }
            return valid && user;
        }

        /** Validates a string-or-text-blocks value and counts its words; true if its shape is valid. */
        boolean content(String path, String field, JsonNode content) {
            if (content.isTextual()) {
                words += countWords(content.asText());
                return true;
            }
            if (!content.isArray()) {
                violation(typeError(path, "String or JSONArray", content));
                return false;
            }
            int before = violations.size();
            for (int j = 0; j < content.size(); j++) {
                block(path + "/" + j, field, content.get(j));
            }
            return violations.size() == before;
        }

        private void block(String path, String field, JsonNode block) {
            if (!block.isObject()) {
                violation(typeError(path, "JSONObject", block));
                return;
            }
            JsonNode type = block.get("type");
            if (type == null) {
                violation(path + ": required key [type] not found");
                return;
            }
            if (!"text".equals(type.asText())) {
                violation(path + "/type: content blocks of type [" + type.asText()
                        + "] are not supported by the Bedrock simulator (text blocks only)");
                return;
            }
            for (Iterator<String> names = block.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!TEXT_BLOCK_KEYS.contains(name)) {
                    violation(path + ": extraneous key [" + name + "] is not permitted");
                }
            }
            JsonNode text = block.get("text");
            if (text == null) {
                violation(path + ": required key [text] not found");
            } else if (!text.isTextual()) {
                violation(typeError(path + "/text", "String", text));
            } else if (text.asText().isEmpty()) {
                semantic(field + ": text content blocks must be non-empty");
            } else {
                words += countWords(text.asText());
            }
        }
    }
}
