package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * InvokeModelWithResponseStream's answer for a Claude model, as Bedrock sends it: each Anthropic streaming event
 * base64-encoded in the {@code bytes} of a {@code chunk} event, padded with {@code p}. {@code message_start} (its
 * usage with Claude's cache fields), then per block {@code content_block_start}, its deltas and
 * {@code content_block_stop}: a thought ({@code thinking_delta} per token, then one {@code signature_delta}), a text
 * ({@code text_delta} per token: a word of {@link SimulatedModel#answer} with its trailing space, so that the deltas
 * join to the InvokeModel text) or a tool call ({@code input_json_delta} pieces of its input's JSON); then
 * {@code message_delta} and {@code message_stop} with {@code amazon-bedrock-invocationMetrics} (its cache counts
 * when the request marks a cache point).
 */
final class ResponseStream {

    private final ObjectMapper mapper;
    private final SimulatorFaults faults;

    ResponseStream(ObjectMapper mapper, SimulatorFaults faults) {
        this.mapper = mapper;
        this.faults = faults;
    }

    void write(OutputStream out, String model, String messageId, Answer answer, Usage usage, long started)
            throws IOException {
        boolean future = faults.futureShapes();
        if (future) {
            send(out, EventStreamFrames.event("futureEvent", mapper.writeValueAsBytes(
                    mapper.createObjectNode().put("note", "an event type no SDK models yet"))));
        }
        ObjectNode message = mapper.createObjectNode().put("id", messageId).put("type", "message")
                .put("role", "assistant").put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", usage.inputTokens())
                .put("cache_creation_input_tokens", usage.cacheWriteInputTokens())
                .put("cache_read_input_tokens", usage.cacheReadInputTokens())
                .put("output_tokens", 1);
        if (future) {
            message.put("future_field", "a field no SDK models yet");
        }
        chunk(out, mapper.createObjectNode().put("type", "message_start").set("message", message));

        Streams.Pace pace = new Streams.Pace(faults, mapper);
        int index = 0;
        if (answer.thought() != null) {
            ObjectNode start = contentBlock("thinking").put("thinking", "").put("signature", "");
            if (!block(out, pace, started, index, start, "thinking_delta", "thinking",
                    Tokens.pieces(answer.thought().text()))) {
                return;
            }
            ObjectNode signature = mapper.createObjectNode().put("type", "content_block_delta").put("index", index);
            signature.putObject("delta").put("type", "signature_delta").put("signature", answer.thought().signature());
            chunk(out, signature);
            chunk(out, mapper.createObjectNode().put("type", "content_block_stop").put("index", index++));
        }
        boolean whole;
        if (answer.toolCall() != null) {
            ObjectNode start = contentBlock("tool_use").put("id", answer.toolCall().id())
                    .put("name", answer.toolCall().name());
            start.putObject("input");
            whole = block(out, pace, started, index, start, "input_json_delta", "partial_json",
                    ToolCalls.pieces(answer.toolCall().input().toString()));
        } else {
            ObjectNode start = contentBlock("text").put("text", "");
            whole = block(out, pace, started, index, start, "text_delta", "text", Tokens.pieces(answer.text()));
        }
        if (!whole) {
            return;
        }
        chunk(out, mapper.createObjectNode().put("type", "content_block_stop").put("index", index));
        ObjectNode messageDelta = mapper.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", answer.stopReason())
                .put("stop_sequence", answer.stopSequence());
        messageDelta.putObject("usage").put("output_tokens", usage.outputTokens());
        chunk(out, messageDelta);
        ObjectNode stop = mapper.createObjectNode().put("type", "message_stop");
        ObjectNode metrics = stop.putObject("amazon-bedrock-invocationMetrics")
                .put("inputTokenCount", usage.inputTokens())
                .put("outputTokenCount", usage.outputTokens())
                .put("invocationLatency", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .put("firstByteLatency", pace.firstByteMillis());
        if (usage.cachePoints()) {
            metrics.put("cacheReadInputTokenCount", usage.cacheReadInputTokens())
                    .put("cacheWriteInputTokenCount", usage.cacheWriteInputTokens());
        }
        chunk(out, stop);
    }

    /** The block's start and its deltas (not its stop); false if the stream broke off. */
    private boolean block(OutputStream out, Streams.Pace pace, long started, int index, ObjectNode contentBlock,
            String deltaType, String field, List<String> pieces) throws IOException {
        chunk(out, mapper.createObjectNode().put("type", "content_block_start").put("index", index)
                .set("content_block", contentBlock));
        if (index == 0) {
            pace.start(started);
        }
        for (String piece : pieces) {
            if (!pace.next(out)) {
                return false;
            }
            ObjectNode delta = mapper.createObjectNode().put("type", "content_block_delta").put("index", index);
            delta.putObject("delta").put("type", deltaType).put(field, piece);
            chunk(out, delta);
        }
        return true;
    }

    private ObjectNode contentBlock(String type) {
        return mapper.createObjectNode().put("type", type);
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
