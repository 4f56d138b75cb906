package com.bedrockmeter.local.simulator;

/**
 * The simulated model: a deterministic answer to a {@link Prompt}. In order,
 * <ol>
 *   <li>with thinking, a {@link Thinking thought} ({@code Thinking about: <what it answers>}, at most the budget);</li>
 *   <li>a {@linkplain ToolCalls tool call} when asked for one ({@code stop_reason} {@code tool_use}), or else the
 *       text {@code Simulated answer from <modelId> to: <last user text>} (that text cut to its first 200
 *       characters), or, when the last user message carries a tool result, {@code The tool returned: <its text>};</li>
 *   <li>the text is cut before the earliest stop sequence it contains ({@code stop_sequence}), then to the
 *       {@code max_tokens} left after the thought ({@code max_tokens}); a tool call that does not fit is still
 *       made, with {@code max_tokens} as its stop reason and the tokens left as its count.</li>
 * </ol>
 * The output tokens are the words of the thought and of the text, or of the tool's name and input ({@link Tokens}).
 */
final class SimulatedModel {

    private SimulatedModel() {
    }

    static Answer answer(String modelId, Prompt prompt) {
        String subject = prompt.toolResult() != null ? prompt.toolResult() : prompt.lastUserText();
        Answer.Thought thought = Thinking.thought(prompt, subject);
        int thoughtTokens = thought == null ? 0 : Tokens.words(thought.text());
        int room = prompt.maxTokens() - thoughtTokens;
        Answer.ToolCall call = ToolCalls.call(prompt);
        if (call != null) {
            int tokens = ToolCalls.tokens(call);
            return new Answer(thought, null, call, thoughtTokens + Math.min(tokens, room),
                    tokens <= room ? "tool_use" : "max_tokens", null);
        }
        String text = prompt.toolResult() != null
                ? "The tool returned: " + Tokens.echo(prompt.toolResult())
                : "Simulated answer from " + modelId + " to: " + Tokens.echo(prompt.lastUserText());
        String stopReason = "end_turn";
        String stopSequence = null;
        int cut = -1;
        for (String candidate : prompt.stopSequences()) {
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
        int words = Tokens.words(text);
        if (words > room) {
            text = Tokens.firstWords(text, room);
            words = room;
            stopReason = "max_tokens";
            stopSequence = null;
        }
        return new Answer(thought, text, null, thoughtTokens + words, stopReason, stopSequence);
    }
}
