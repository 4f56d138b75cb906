package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Bedrock's Converse request ({@code messages} of {@code role} and {@code content} blocks, {@code system} blocks,
 * {@code inferenceConfig}, {@code toolConfig}, {@code additionalModelRequestFields.thinking}), read into the same
 * {@link Prompt} an InvokeModel body gives: the same tokens counted in the same order ({@link ConverseTools}, then
 * system, then every message: 8 and its blocks), {@code cachePoint} blocks as its cache points, the same answer.
 * Blocks count as Claude's do: text its words, an image, a document or a video {@value Tokens#IMAGE}, a tool use
 * the words of its name and input, a tool result those of its text and JSON, reasoning its words.
 */
final class ConverseMessages {

    /** The output cap when {@code inferenceConfig.maxTokens} is absent (the model's default applies in Bedrock). */
    static final int DEFAULT_MAX_TOKENS = 4096;
    private static final Set<String> TOP_LEVEL_KEYS = Set.of("messages", "system", "inferenceConfig", "toolConfig",
            "guardrailConfig", "additionalModelRequestFields", "additionalModelResponseFieldPaths",
            "promptVariables", "requestMetadata", "performanceConfig");

    private ConverseMessages() {
    }

    static Prompt parse(ObjectMapper mapper, byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new InvalidRequestException("Malformed input request: the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("Malformed input request: the body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL_KEYS.contains(name)) {
                throw new InvalidRequestException("Malformed input request: extraneous key [" + name
                        + "] is not permitted");
            }
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidRequestException("A conversation must start with a user message.");
        }
        Violations violations = new Violations();
        PromptTally tally = new PromptTally();
        ToolOffer tools = ConverseTools.offer(root.get("toolConfig"), violations, tally);
        blocks("system", root.get("system"), violations, tally);
        JsonNode lastUser = null;
        boolean toolBlocks = false;
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new InvalidRequestException("Malformed input request: role must be user or assistant");
            }
            tally.message(role);
            toolBlocks |= blocks("messages", message.get("content"), violations, tally);
            if (role.equals("user")) {
                lastUser = message.get("content");
            }
        }
        if (lastUser == null) {
            throw new InvalidRequestException("A conversation must start with a user message.");
        }
        if (toolBlocks && !root.has("toolConfig")) {
            throw new InvalidRequestException(
                    "The toolConfig field must be defined when using toolUse and toolResult content blocks.");
        }
        JsonNode config = root.path("inferenceConfig");
        int maxTokens = config.path("maxTokens").asInt(DEFAULT_MAX_TOKENS);
        if (maxTokens < 1) {
            throw new InvalidRequestException("The maximum tokens you requested must be at least 1.");
        }
        List<String> stops = new ArrayList<>();
        config.path("stopSequences").forEach(s -> stops.add(s.asText()));
        int thinkingBudget = Thinking.budget("#/additionalModelRequestFields/thinking",
                root.path("additionalModelRequestFields").get("thinking"), maxTokens, violations);
        Thinking.checkChoice(thinkingBudget, tools, violations);
        if (tally.cachePointsMarked() > PromptTally.MAX_CACHE_POINTS) {
            violations.semantic("A maximum of " + PromptTally.MAX_CACHE_POINTS + " cache points may be provided."
                    + " Found " + tally.cachePointsMarked() + ".");
        }
        violations.check();
        return new Prompt(maxTokens, tally.tokens(), texts(lastUser, "text"), stops, tally.prefix(), thinkingBudget,
                tools, toolResult(lastUser));
    }

    /** The TTL of a {@code cachePoint}: {@code 5m} unless it asks for {@code 1h}; null, with a violation, if invalid. */
    static Duration cachePointTtl(String path, JsonNode cachePoint, Violations violations) {
        if (!violations.object(path, cachePoint)) {
            return null;
        }
        String type = cachePoint.path("type").asText("default");
        String ttl = cachePoint.path("ttl").asText("5m");
        if (!type.equals("default") || !(ttl.equals("5m") || ttl.equals("1h"))) {
            violations.violation(path + ": type must be default and ttl 5m or 1h");
            return null;
        }
        return ttl.equals("1h") ? Duration.ofHours(1) : PromptCache.DEFAULT_TTL;
    }

    /** Counts {@code blocks} of {@code field} into the tally; true if they hold a tool use or a tool result. */
    private static boolean blocks(String field, JsonNode blocks, Violations violations, PromptTally tally) {
        if (blocks == null || !blocks.isArray()) {
            return false;
        }
        boolean toolBlocks = false;
        for (JsonNode block : blocks) {
            if (block.has("cachePoint")) {
                Duration ttl = cachePointTtl("#/" + field + "/cachePoint", block.get("cachePoint"), violations);
                if (ttl != null) {
                    tally.cachePoint(ttl);
                }
                continue;
            }
            toolBlocks |= block.has("toolUse") || block.has("toolResult");
            tally.block(field, block, tokens(block));
        }
        return toolBlocks;
    }

    private static int tokens(JsonNode block) {
        if (block.has("text")) {
            return Tokens.words(block.get("text").asText());
        } else if (block.has("image") || block.has("document") || block.has("video")) {
            return Tokens.IMAGE;
        } else if (block.has("toolUse")) {
            return Tokens.words(block.path("toolUse").path("name").asText())
                    + Tokens.json(block.path("toolUse").get("input"));
        } else if (block.has("toolResult")) {
            int tokens = 0;
            for (JsonNode part : block.path("toolResult").path("content")) {
                tokens += part.has("text") ? Tokens.words(part.get("text").asText())
                        : part.has("json") ? Tokens.json(part.get("json")) : Tokens.IMAGE;
            }
            return tokens;
        } else if (block.has("reasoningContent")) {
            return Tokens.words(block.path("reasoningContent").path("reasoningText").path("text").asText());
        }
        return 0;
    }

    /** The text of the tool results among {@code blocks} (their text and JSON, joined by a space); null if none. */
    private static String toolResult(JsonNode blocks) {
        StringJoiner results = null;
        for (JsonNode block : blocks == null ? List.<JsonNode>of() : blocks) {
            if (block.has("toolResult")) {
                results = results == null ? new StringJoiner(" ") : results;
                StringJoiner text = new StringJoiner(" ");
                for (JsonNode part : block.path("toolResult").path("content")) {
                    if (part.has("text")) {
                        text.add(part.get("text").asText());
                    } else if (part.has("json")) {
                        text.add(part.get("json").toString());
                    }
                }
                results.add(text.toString());
            }
        }
        return results == null ? null : results.toString();
    }

    /** The {@code key} text of {@code blocks}, joined by a space. */
    private static String texts(JsonNode blocks, String key) {
        StringJoiner text = new StringJoiner(" ");
        if (blocks != null && blocks.isArray()) {
            blocks.forEach(block -> {
                if (block.has(key)) {
                    text.add(block.get(key).asText());
                }
            });
        }
        return text.toString();
    }
}
