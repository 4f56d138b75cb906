package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Extended thinking: Claude's {@code thinking} ({@code {"type":"enabled","budget_tokens":N}}, N at least 1024 and
 * below {@code max_tokens}; {@code adaptive} thinks within {@code max_tokens}; {@code disabled}), in an InvokeModel
 * body or in Converse's {@code additionalModelRequestFields}, and the thought the simulated model writes before it
 * answers: {@code Thinking about: <what it answers>}, cut to the budget, with a signature (a hash of the thought, as
 * opaque to the client as Claude's).
 */
final class Thinking {

    static final int MIN_BUDGET = 1024;

    private Thinking() {
    }

    /** The budget that {@code thinking} grants (0: none), with a violation for anything Bedrock refuses. */
    static int budget(String path, JsonNode thinking, int maxTokens, Violations violations) {
        if (thinking == null || !violations.object(path, thinking)) {
            return 0;
        }
        String type = violations.requiredString(path, thinking, "type");
        if (type == null) {
            return 0;
        }
        switch (type) {
            case "enabled" -> {
                violations.onlyKeys(path, thinking, java.util.Set.of("type", "budget_tokens"));
                JsonNode budget = thinking.get("budget_tokens");
                if (budget == null) {
                    violations.violation(path + ": required key [budget_tokens] not found");
                    return 0;
                }
                int tokens = violations.integer(path + "/budget_tokens", budget, MIN_BUDGET);
                if (tokens > 0 && maxTokens > 0 && tokens >= maxTokens) {
                    violations.semantic("`max_tokens` must be greater than `thinking.budget_tokens`");
                }
                return tokens;
            }
            case "adaptive" -> {
                return Math.max(0, maxTokens - 1);
            }
            case "disabled" -> {
                return 0;
            }
            default -> {
                violations.violation(path + "/type: " + type + " is not a valid enum value");
                return 0;
            }
        }
    }

    /** Claude refuses to think when the request forces a tool call. */
    static void checkChoice(int budget, ToolOffer tools, Violations violations) {
        if (budget > 0 && (tools.choice() == ToolOffer.Choice.ANY || tools.choice() == ToolOffer.Choice.TOOL)) {
            violations.semantic("Thinking may not be enabled when tool_choice forces tool use.");
        }
    }

    /** The thought before the answer to {@code subject}; null if the prompt grants no thinking. */
    static Answer.Thought thought(Prompt prompt, String subject) {
        if (prompt.thinkingBudget() <= 0) {
            return null;
        }
        String text = "Thinking about: " + Tokens.echo(subject);
        if (Tokens.words(text) > prompt.thinkingBudget()) {
            text = Tokens.firstWords(text, prompt.thinkingBudget());
        }
        return new Answer.Thought(text, signature(text));
    }

    private static String signature(String thought) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("bedrock-simulator thought\n" + thought).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
