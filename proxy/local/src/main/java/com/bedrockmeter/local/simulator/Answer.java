package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simulated model's answer ({@link SimulatedModel}): its blocks in order (a thought, then a text or a tool call),
 * the tokens it wrote, and why it stopped.
 *
 * @param thought      the extended thinking before the answer; null without thinking
 * @param text         the text answer; null when the model calls a tool instead
 * @param toolCall     the tool the model calls; null when it answers in text
 * @param outputTokens every token written, thinking and tool call included
 * @param stopReason   {@code end_turn}, {@code tool_use}, {@code stop_sequence} or {@code max_tokens}
 * @param stopSequence the stop sequence met; null unless {@code stopReason} is {@code stop_sequence}
 */
record Answer(Thought thought, String text, ToolCall toolCall, int outputTokens, String stopReason,
              String stopSequence) {

    /** An extended thinking block: its text and the signature that comes with it. */
    record Thought(String text, String signature) {
    }

    /** A call of a tool the request offered, with the input its schema requires. */
    record ToolCall(String id, String name, ObjectNode input) {
    }
}
