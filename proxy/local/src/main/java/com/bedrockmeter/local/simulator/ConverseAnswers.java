package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Converse's answer as Bedrock gives it ({@code reasoningContent}, {@code text} or {@code toolUse} blocks,
 * {@code stopReason}, {@code usage}, {@code metrics}), and ConverseStream's events as Bedrock streams them
 * ({@code messageStart}; per block its {@code contentBlockDelta}s, one per token or input piece, a tool call opened
 * by a {@code contentBlockStart}, a thought closed by a {@code signature} delta, then {@code contentBlockStop};
 * {@code messageStop}; {@code metadata} with {@code usage} and {@code metrics}), each an event of its own type with a
 * {@code p} padding field, at the pace and with the faults of {@link SimulatorFaults}. The usage carries
 * {@code cacheReadInputTokens} and {@code cacheWriteInputTokens} when the request marks a cache point, and
 * {@code totalTokens} counts them.
 */
final class ConverseAnswers {

    private final ObjectMapper mapper;
    private final SimulatorFaults faults;

    ConverseAnswers(ObjectMapper mapper, SimulatorFaults faults) {
        this.mapper = mapper;
        this.faults = faults;
    }

    byte[] answer(Answer answer, Usage usage, long started) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode message = root.putObject("output").putObject("message").put("role", "assistant");
        ArrayNode content = message.putArray("content");
        if (answer.thought() != null) {
            content.addObject().putObject("reasoningContent").putObject("reasoningText")
                    .put("text", answer.thought().text()).put("signature", answer.thought().signature());
        }
        if (answer.toolCall() != null) {
            content.addObject().putObject("toolUse").put("toolUseId", answer.toolCall().id())
                    .put("name", answer.toolCall().name()).set("input", answer.toolCall().input());
        } else {
            content.addObject().put("text", answer.text());
        }
        root.put("stopReason", answer.stopReason());
        usage(root, usage);
        root.putObject("metrics").put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return mapper.writeValueAsBytes(root);
    }

    void stream(OutputStream out, Answer answer, Usage usage, long started) throws IOException {
        event(out, "messageStart", mapper.createObjectNode().put("role", "assistant"));
        Streams.Pace pace = new Streams.Pace(faults, mapper);
        int index = 0;
        if (answer.thought() != null) {
            pace.start(started);
            if (!deltas(out, pace, index, "reasoningContent", "text", Tokens.pieces(answer.thought().text()))) {
                return;
            }
            ObjectNode signature = mapper.createObjectNode().put("contentBlockIndex", index);
            signature.putObject("delta").putObject("reasoningContent").put("signature", answer.thought().signature());
            event(out, "contentBlockDelta", signature);
            event(out, "contentBlockStop", mapper.createObjectNode().put("contentBlockIndex", index++));
        }
        boolean whole;
        if (answer.toolCall() != null) {
            ObjectNode start = mapper.createObjectNode().put("contentBlockIndex", index);
            start.putObject("start").putObject("toolUse").put("toolUseId", answer.toolCall().id())
                    .put("name", answer.toolCall().name());
            event(out, "contentBlockStart", start);
            if (index == 0) {
                pace.start(started);
            }
            whole = deltas(out, pace, index, "toolUse", "input",
                    ToolCalls.pieces(answer.toolCall().input().toString()));
        } else {
            if (index == 0) {
                pace.start(started);
            }
            whole = deltas(out, pace, index, null, "text", Tokens.pieces(answer.text()));
        }
        if (!whole) {
            return;
        }
        event(out, "contentBlockStop", mapper.createObjectNode().put("contentBlockIndex", index));
        event(out, "messageStop", mapper.createObjectNode().put("stopReason", answer.stopReason()));
        ObjectNode metadata = mapper.createObjectNode();
        usage(metadata, usage);
        metadata.putObject("metrics").put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        event(out, "metadata", metadata);
    }

    /** One delta per piece, {@code delta.<member>.<field>} (or {@code delta.<field>} without a member). */
    private boolean deltas(OutputStream out, Streams.Pace pace, int index, String member, String field,
            List<String> pieces) throws IOException {
        for (String piece : pieces) {
            if (!pace.next(out)) {
                return false;
            }
            ObjectNode event = mapper.createObjectNode().put("contentBlockIndex", index);
            ObjectNode delta = event.putObject("delta");
            (member == null ? delta : delta.putObject(member)).put(field, piece);
            event(out, "contentBlockDelta", event);
        }
        return true;
    }

    private static void usage(ObjectNode parent, Usage usage) {
        ObjectNode node = parent.putObject("usage").put("inputTokens", usage.inputTokens())
                .put("outputTokens", usage.outputTokens())
                .put("totalTokens", usage.totalTokens());
        if (usage.cachePoints()) {
            node.put("cacheReadInputTokens", usage.cacheReadInputTokens())
                    .put("cacheWriteInputTokens", usage.cacheWriteInputTokens());
        }
    }

    private void event(OutputStream out, String type, ObjectNode payload) throws IOException {
        payload.put("p", Streams.padding());
        out.write(EventStreamFrames.event(type, mapper.writeValueAsBytes(payload)));
        out.flush();
    }
}
