package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Claude's content blocks as Bedrock takes them, in {@code system} (text only) and in {@code messages} (text, image,
 * document, tool_use, tool_result, thinking, redacted_thinking): validated, counted into the {@link PromptTally}
 * ({@link Tokens}), each {@code cache_control} marking a cache point after its block.
 */
final class ClaudeBlocks {

    private static final Map<String, Set<String>> KEYS = Map.of(
            "text", Set.of("type", "text", "cache_control", "citations"),
            "image", Set.of("type", "source", "cache_control"),
            "document", Set.of("type", "source", "title", "context", "citations", "cache_control"),
            "tool_use", Set.of("type", "id", "name", "input", "cache_control"),
            "tool_result", Set.of("type", "tool_use_id", "content", "is_error", "cache_control"),
            "thinking", Set.of("type", "thinking", "signature"),
            "redacted_thinking", Set.of("type", "data"));
    private static final Set<String> RESULT_TYPES = Set.of("text", "image", "document", "search_result");
    private static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    /** What one content holds: its text blocks joined by a space, its tool results' text (null: none). */
    record Content(boolean valid, String text, String toolResult) {
    }

    private final Violations violations;
    private final PromptTally tally;

    ClaudeBlocks(Violations violations, PromptTally tally) {
        this.violations = violations;
        this.tally = tally;
    }

    /** Validates and counts a string-or-blocks value of {@code field} ({@code system} or {@code messages}). */
    Content content(String path, String field, JsonNode content) {
        if (content.isTextual()) {
            tally.block(field, content, Tokens.words(content.asText()));
            return new Content(true, content.asText(), null);
        }
        if (!content.isArray()) {
            violations.violation(Violations.typeError(path, "String or JSONArray", content));
            return new Content(false, "", null);
        }
        int before = violations.count();
        StringJoiner text = new StringJoiner(" ");
        StringJoiner results = null;
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String type = block(path + "/" + j, field, block);
            if ("text".equals(type)) {
                text.add(block.path("text").asText());
            } else if ("tool_result".equals(type)) {
                results = results == null ? new StringJoiner(" ") : results;
                results.add(resultText(block.get("content")));
            }
        }
        return new Content(violations.count() == before, text.toString(), results == null ? null : results.toString());
    }

    /** The TTL of a valid {@code cache_control}; null, with a violation, if it is not one. */
    Duration cacheControl(String path, JsonNode cacheControl) {
        if (!violations.object(path, cacheControl)) {
            return null;
        }
        violations.onlyKeys(path, cacheControl, Set.of("type", "ttl"));
        String type = violations.requiredString(path, cacheControl, "type");
        if (type != null && !type.equals("ephemeral")) {
            violations.violation(path + "/type: " + type + " is not a valid enum value");
            return null;
        }
        JsonNode ttl = cacheControl.get("ttl");
        if (ttl == null || ttl.asText().equals("5m")) {
            return PromptCache.DEFAULT_TTL;
        } else if (ttl.asText().equals("1h")) {
            return Duration.ofHours(1);
        }
        violations.violation(path + "/ttl: " + ttl.asText() + " is not a valid enum value");
        return null;
    }

    /** Validates and counts one block; its type, or null if it has no valid one. */
    private String block(String path, String field, JsonNode block) {
        if (!violations.object(path, block)) {
            return null;
        }
        String type = violations.requiredString(path, block, "type");
        if (type == null) {
            return null;
        }
        Set<String> keys = KEYS.get(type);
        if (keys == null || (field.equals("system") && !type.equals("text"))) {
            violations.violation(path + "/type: " + type + " is not a valid enum value");
            return null;
        }
        violations.onlyKeys(path, block, keys);
        int tokens = switch (type) {
            case "text" -> text(path, field, block);
            case "image" -> image(path, block);
            case "tool_use" -> toolUse(path, block);
            case "tool_result" -> toolResult(path, block);
            case "thinking" -> thinking(path, block);
            case "redacted_thinking" -> Tokens.words(nullToEmpty(violations.requiredString(path, block, "data")));
            default -> Tokens.IMAGE; // a document, whatever its source
        };
        tally.block(field, block, tokens);
        JsonNode cacheControl = block.get("cache_control");
        if (cacheControl != null) {
            Duration ttl = cacheControl(path + "/cache_control", cacheControl);
            if (ttl != null) {
                tally.cachePoint(ttl);
            }
        }
        return type;
    }

    private int text(String path, String field, JsonNode block) {
        String text = violations.requiredString(path, block, "text");
        if (text != null && text.isEmpty()) {
            violations.semantic(field + ": text content blocks must be non-empty");
        }
        return Tokens.words(nullToEmpty(text));
    }

    private int image(String path, JsonNode block) {
        JsonNode source = block.get("source");
        if (source == null) {
            violations.violation(path + ": required key [source] not found");
        } else if (violations.object(path + "/source", source)) {
            String type = violations.requiredString(path + "/source", source, "type");
            if ("base64".equals(type)) {
                String mediaType = violations.requiredString(path + "/source", source, "media_type");
                if (mediaType != null && !MEDIA_TYPES.contains(mediaType)) {
                    violations.violation(path + "/source/media_type: " + mediaType + " is not a valid enum value");
                }
                violations.requiredString(path + "/source", source, "data");
            } else if ("url".equals(type)) {
                violations.requiredString(path + "/source", source, "url");
            } else if (type != null) {
                violations.violation(path + "/source/type: " + type + " is not a valid enum value");
            }
        }
        return Tokens.IMAGE;
    }

    private int toolUse(String path, JsonNode block) {
        violations.requiredString(path, block, "id");
        String name = violations.requiredString(path, block, "name");
        JsonNode input = block.get("input");
        if (input == null) {
            violations.violation(path + ": required key [input] not found");
        } else {
            violations.object(path + "/input", input);
        }
        return Tokens.words(nullToEmpty(name)) + Tokens.json(input);
    }

    private int toolResult(String path, JsonNode block) {
        violations.requiredString(path, block, "tool_use_id");
        JsonNode content = block.get("content");
        if (content == null || content.isTextual()) {
            return content == null ? 0 : Tokens.words(content.asText());
        }
        if (!content.isArray()) {
            violations.violation(Violations.typeError(path + "/content", "String or JSONArray", content));
            return 0;
        }
        int tokens = 0;
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String partPath = path + "/content/" + k;
            String type = violations.object(partPath, part) ? violations.requiredString(partPath, part, "type") : null;
            if (type != null && !RESULT_TYPES.contains(type)) {
                violations.violation(partPath + "/type: " + type + " is not a valid enum value");
            } else if ("text".equals(type)) {
                tokens += Tokens.words(nullToEmpty(violations.requiredString(partPath, part, "text")));
            } else if (type != null) {
                tokens += Tokens.IMAGE;
            }
        }
        return tokens;
    }

    private int thinking(String path, JsonNode block) {
        String thinking = violations.requiredString(path, block, "thinking");
        violations.requiredString(path, block, "signature");
        return Tokens.words(nullToEmpty(thinking));
    }

    /** A tool result's text: its string, or its text blocks joined by a space. */
    private static String resultText(JsonNode content) {
        if (content == null || content.isTextual()) {
            return content == null ? "" : content.asText();
        }
        StringJoiner text = new StringJoiner(" ");
        content.forEach(part -> {
            if (part.path("type").asText().equals("text")) {
                text.add(part.path("text").asText());
            }
        });
        return text.toString();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
