package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * InvokeModelWithResponseStream's answer for a Claude model, as Bedrock sends it: each Anthropic streaming event
 * ({@code message_start}, {@code content_block_start}, one {@code content_block_delta} per token,
 * {@code content_block_stop}, {@code message_delta}, {@code message_stop}) base64-encoded in the {@code bytes} of a
 * {@code chunk} event, padded with {@code p}; {@code message_stop} carries
 * {@code amazon-bedrock-invocationMetrics}. A token is a word of {@link AnthropicMessages#answer} (with its
 * trailing space), so the deltas join to the InvokeModel answer and their count is its {@code output_tokens}.
 */
final class ResponseStream {

    private final ObjectMapper mapper;
    private final SimulatorFaults faults;

    ResponseStream(ObjectMapper mapper, SimulatorFaults faults) {
        this.mapper = mapper;
        this.faults = faults;
    }

    void write(OutputStream out, String model, String messageId, AnthropicMessages.Request request,
               AnthropicMessages.Answer answer, long started) throws IOException {
        boolean future = faults.futureShapes();
        if (future) {
            send(out, EventStreamFrames.event("futureEvent", mapper.writeValueAsBytes(
                    mapper.createObjectNode().put("note", "an event type no SDK models yet"))));
        }
        ObjectNode message = mapper.createObjectNode().put("id", messageId).put("type", "message")
                .put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", request.inputTokens()).put("output_tokens", 1);
        if (future) {
            message.put("future_field", "a field no SDK models yet");
        }
        chunk(out, mapper.createObjectNode().put("type", "message_start").set("message", message));
        ObjectNode blockStart = mapper.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        chunk(out, blockStart);

        Streams.pause(faults.firstTokenNanos());
        long firstByteMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        List<String> tokens = tokens(answer.text());
        int failAfter = faults.streamFailAfter();
        long interval = faults.tokenIntervalNanos();
        for (int i = 0; i < tokens.size(); i++) {
            if (i == failAfter) {
                String type = faults.streamFailType();
                send(out, Streams.breakOff(mapper, type, i));
                return;
            }
            if (i > 0) {
                Streams.pause(interval);
            }
            ObjectNode delta = mapper.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", tokens.get(i));
            chunk(out, delta);
        }
        chunk(out, mapper.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode messageDelta = mapper.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", answer.stopReason())
                .put("stop_sequence", answer.stopSequence());
        messageDelta.putObject("usage").put("output_tokens", answer.outputTokens());
        chunk(out, messageDelta);
        ObjectNode stop = mapper.createObjectNode().put("type", "message_stop");
        stop.putObject("amazon-bedrock-invocationMetrics")
                .put("inputTokenCount", request.inputTokens())
                .put("outputTokenCount", answer.outputTokens())
                .put("invocationLatency", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .put("firstByteLatency", firstByteMs);
        chunk(out, stop);
    }

    /** The answer's words, each with the whitespace that follows it (the last one without). */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(text.substring(start, i));
            }
            start = i;
        }
        return tokens;
    }

    private void chunk(OutputStream out, ObjectNode event) throws IOException {
        ObjectNode payload = mapper.createObjectNode()
                .put("bytes", Base64.getEncoder().encodeToString(mapper.writeValueAsBytes(event)))
                .put("p", Streams.padding());
        send(out, EventStreamFrames.event("chunk", mapper.writeValueAsBytes(payload)));
    }

    private static void send(OutputStream out, byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }


}
