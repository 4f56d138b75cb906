package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Converse's answer as Bedrock gives it, and ConverseStream's events as Bedrock streams them ({@code messageStart},
 * one {@code contentBlockDelta} per token, {@code contentBlockStop}, {@code messageStop}, {@code metadata} with
 * {@code usage} and {@code metrics}), each an event of its own type with a {@code p} padding field, at the pace and
 * with the faults of {@link SimulatorFaults}.
 */
final class ConverseAnswers {

    private final ObjectMapper mapper;
    private final SimulatorFaults faults;

    ConverseAnswers(ObjectMapper mapper, SimulatorFaults faults) {
        this.mapper = mapper;
        this.faults = faults;
    }

    byte[] answer(AnthropicMessages.Request request, AnthropicMessages.Answer answer, long started)
            throws IOException {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode message = root.putObject("output").putObject("message").put("role", "assistant");
        message.putArray("content").addObject().put("text", answer.text());
        root.put("stopReason", answer.stopReason());
        usage(root, request, answer);
        root.putObject("metrics").put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return mapper.writeValueAsBytes(root);
    }

    void stream(OutputStream out, AnthropicMessages.Request request, AnthropicMessages.Answer answer, long started)
            throws IOException {
        event(out, "messageStart", mapper.createObjectNode().put("role", "assistant"));
        Streams.pause(faults.firstTokenNanos());
        List<String> tokens = ResponseStream.tokens(answer.text());
        long interval = faults.tokenIntervalNanos();
        for (int i = 0; i < tokens.size(); i++) {
            if (i == faults.streamFailAfter()) {
                String type = faults.streamFailType();
                out.write(Streams.breakOff(mapper, type, i));
                out.flush();
                return;
            }
            if (i > 0) {
                Streams.pause(interval);
            }
            ObjectNode delta = mapper.createObjectNode().put("contentBlockIndex", 0);
            delta.putObject("delta").put("text", tokens.get(i));
            event(out, "contentBlockDelta", delta);
        }
        event(out, "contentBlockStop", mapper.createObjectNode().put("contentBlockIndex", 0));
        event(out, "messageStop", mapper.createObjectNode().put("stopReason", answer.stopReason()));
        ObjectNode metadata = mapper.createObjectNode();
        usage(metadata, request, answer);
        metadata.putObject("metrics").put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        event(out, "metadata", metadata);
    }

    private static void usage(ObjectNode parent, AnthropicMessages.Request request, AnthropicMessages.Answer answer) {
        parent.putObject("usage").put("inputTokens", request.inputTokens())
                .put("outputTokens", answer.outputTokens())
                .put("totalTokens", request.inputTokens() + answer.outputTokens());
    }

    private void event(OutputStream out, String type, ObjectNode payload) throws IOException {
        payload.put("p", Streams.padding());
        out.write(EventStreamFrames.event(type, mapper.writeValueAsBytes(payload)));
        out.flush();
    }


}
