package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;

/**
 * An Anthropic Messages request body as Bedrock takes it for Claude, validated and read into a {@link Prompt}: its
 * tokens counted in the order Claude caches them ({@code tools}, {@code system}, {@code messages}: {@link
 * ClaudeTools}, {@link ClaudeBlocks}), its cache points, its {@link Thinking} budget, its tools. See
 * {@link BedrockSimulator} for the token-count rule.
 */
final class AnthropicMessages {

    /**
     * Top-level keys Bedrock accepts for current Claude models ({@code metadata} with its {@code user_id} is what
     * Claude Code sends; {@code anthropic_beta} is accepted and not acted on).
     */
    private static final Set<String> TOP_LEVEL_KEYS = Set.of(
            "anthropic_version", "max_tokens", "messages", "system", "temperature", "top_p", "top_k",
            "stop_sequences", "anthropic_beta", "tools", "tool_choice", "thinking", "metadata");
    private static final Set<String> MESSAGE_KEYS = Set.of("role", "content");

    private AnthropicMessages() {
    }

    /** Parses and validates {@code body}; throws {@link InvalidRequestException} as Bedrock would. */
    static Prompt parse(ObjectMapper mapper, byte[] body) {
        JsonNode root = Violations.jsonObject(mapper, body);
        Violations violations = new Violations();
        violations.onlyKeys("#", root, TOP_LEVEL_KEYS);
        for (String required : new String[] {"anthropic_version", "max_tokens", "messages"}) {
            if (!root.has(required)) {
                violations.violation("#: required key [" + required + "] not found");
            }
        }
        JsonNode version = root.get("anthropic_version");
        if (version != null) {
            if (!version.isTextual()) {
                violations.violation(Violations.typeError("#/anthropic_version", "String", version));
            } else if (version.asText().isBlank()) {
                violations.violation("#/anthropic_version: expected a non-empty string");
            }
        }
        int maxTokens = root.has("max_tokens") ? violations.integer("#/max_tokens", root.get("max_tokens"), 1) : 0;
        for (String fraction : new String[] {"temperature", "top_p"}) {
            if (root.has(fraction)) {
                violations.fraction("#/" + fraction, root.get(fraction));
            }
        }
        if (root.has("top_k")) {
            violations.integer("#/top_k", root.get("top_k"), 0);
        }
        List<String> stopSequences = root.has("stop_sequences")
                ? violations.strings("#/stop_sequences", root.get("stop_sequences")) : List.of();
        if (root.has("anthropic_beta")) {
            violations.strings("#/anthropic_beta", root.get("anthropic_beta"));
        }
        PromptTally tally = new PromptTally();
        ClaudeBlocks blocks = new ClaudeBlocks(violations, tally);
        ToolOffer tools = ClaudeTools.offer(root.get("tools"), root.get("tool_choice"), violations, blocks, tally);
        int thinkingBudget = Thinking.budget("#/thinking", root.get("thinking"), maxTokens, violations);
        Thinking.checkChoice(thinkingBudget, tools, violations);
        JsonNode system = root.get("system");
        if (system != null) {
            blocks.content("#/system", "system", system);
        }
        ClaudeBlocks.Content lastUser = null;
        JsonNode messages = root.get("messages");
        if (messages != null) {
            if (!messages.isArray()) {
                violations.violation(Violations.typeError("#/messages", "JSONArray", messages));
            } else if (messages.isEmpty()) {
                violations.violation("#/messages: expected minimum item count: 1, found: 0");
            } else {
                for (int i = 0; i < messages.size(); i++) {
                    ClaudeBlocks.Content user = message(i, messages.get(i), i == messages.size() - 1, violations,
                            blocks, tally);
                    lastUser = user == null ? lastUser : user;
                }
            }
        }
        if (tally.cachePointsMarked() > PromptTally.MAX_CACHE_POINTS) {
            violations.semantic("A maximum of " + PromptTally.MAX_CACHE_POINTS
                    + " blocks with cache_control may be provided. Found " + tally.cachePointsMarked() + ".");
        }
        violations.check();
        if (lastUser == null) {
            throw new InvalidRequestException("messages: at least one message must use the \"user\" role");
        }
        return new Prompt(maxTokens, tally.tokens(), lastUser.text(), stopSequences, tally.prefix(), thinkingBudget,
                tools, lastUser.toolResult());
    }

    /** Validates and counts message {@code i}; its content if it is a valid user message, else null. */
    private static ClaudeBlocks.Content message(int i, JsonNode message, boolean last, Violations violations,
            ClaudeBlocks blocks, PromptTally tally) {
        String path = "#/messages/" + i;
        if (!violations.object(path, message)) {
            return null;
        }
        violations.onlyKeys(path, message, MESSAGE_KEYS);
        JsonNode role = message.get("role");
        boolean user = false;
        boolean assistant = false;
        if (role == null) {
            violations.violation(path + ": required key [role] not found");
        } else if (!role.isTextual()) {
            violations.violation(Violations.typeError(path + "/role", "String", role));
        } else {
            user = "user".equals(role.asText());
            assistant = "assistant".equals(role.asText());
            if (!user && !assistant) {
                violations.violation(path + "/role: " + role.asText() + " is not a valid enum value");
            }
        }
        JsonNode content = message.get("content");
        if (content == null) {
            violations.violation(path + ": required key [content] not found");
            return null;
        }
        tally.message(role == null ? "" : role.asText());
        ClaudeBlocks.Content read = blocks.content(path + "/content", "messages", content);
        if (read.valid() && !(last && assistant)
                && (content.isTextual() ? content.asText().isEmpty() : content.isEmpty())) {
            violations.semantic("messages." + i + ": all messages must have non-empty content"
                    + " except for the optional final assistant message");
        }
        return read.valid() && user ? read : null;
    }
}
