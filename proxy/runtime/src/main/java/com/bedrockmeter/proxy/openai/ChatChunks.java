package com.bedrockmeter.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * ConverseStream's event stream in, OpenAI's server-sent {@code chat.completion.chunk} events out, as the events
 * arrive: the role on {@code messageStart}, a text delta per {@code contentBlockDelta}, a tool call's id and name
 * on its {@code contentBlockStart} and its arguments as they come, the finish reason on {@code messageStop}, and,
 * when asked ({@code stream_options.include_usage}), a last chunk with no choices and the usage. An exception
 * frame becomes an {@code error} event, which the {@code openai} clients raise. {@code data: [DONE]} is written by
 * whoever ends the stream ({@link #done}). A write that fails (the client left) throws, as a plain stream would.
 */
final class ChatChunks extends OutputStream {

    private final OutputStream client;
    private final ObjectMapper json;
    private final ChatAnswers answers;
    private final String id;
    private final long created;
    private final String model;
    private final boolean includeUsage;
    private final MessageDecoder decoder = new MessageDecoder(this::onMessage);
    /** Converse's content block index to OpenAI's tool call index. */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    /** Whether the client was told how the answer ended (its finish reason, or an error). */
    private boolean ended;
    /** Bytes that are not an event stream (cannot happen with Bedrock): passed over, the stream ends in an error. */
    private boolean undecodable;

    ChatChunks(OutputStream client, ObjectMapper json, String id, long created, String model, boolean includeUsage) {
        this.client = client;
        this.json = json;
        this.answers = new ChatAnswers(json);
        this.id = id;
        this.created = created;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (undecodable) {
            return;
        }
        try {
            decoder.feed(bytes, offset, length);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the client's connection failed: the caller reads on and meters the answer
        } catch (RuntimeException e) {
            undecodable = true; // a frame broken off mid-way and another after it: the stream ends in an error
        }
    }

    @Override
    public void flush() throws IOException {
        client.flush();
    }

    /**
     * The end of the stream for the {@code openai} clients: an error event first if the answer ended without its
     * finish reason (the connection to Bedrock broke part-way), so that the client raises instead of taking a
     * truncated answer for a whole one; then {@code data: [DONE]}.
     */
    void done() throws IOException {
        if (!ended) {
            send(error("bedrock_stream_broken", "The answer broke off before its end; the tokens received so far "
                    + "are billed."));
        }
        client.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        client.flush();
    }

    private ObjectNode error(String code, String message) {
        ObjectNode error = json.createObjectNode();
        error.putObject("error").put("message", message).put("type", "api_error").put("code", code).putNull("param");
        return error;
    }

    private void onMessage(Message message) {
        HeaderValue kind = message.getHeaders().get(":message-type");
        try {
            if (kind != null && "exception".equals(kind.getString())) {
                HeaderValue type = message.getHeaders().get(":exception-type");
                send(error("bedrock_stream_" + (type == null ? "exception" : type.getString()),
                        payload(message).path("message").asText("The stream failed.")));
                ended = true;
                return;
            }
            HeaderValue event = message.getHeaders().get(":event-type");
            if (event != null) {
                onEvent(event.getString(), payload(message));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to the client failed
        }
    }

    private void onEvent(String type, JsonNode event) throws IOException {
        switch (type) {
            case "messageStart" -> {
                ObjectNode chunk = chunk();
                delta(chunk).put("role", "assistant").put("content", "");
                send(chunk);
            }
            case "contentBlockStart" -> {
                JsonNode use = event.path("start").path("toolUse");
                if (!use.isMissingNode()) {
                    int index = toolCalls.size();
                    toolCalls.put(event.path("contentBlockIndex").asInt(), index);
                    ObjectNode chunk = chunk();
                    ObjectNode call = delta(chunk).putArray("tool_calls").addObject().put("index", index)
                            .put("id", use.path("toolUseId").asText()).put("type", "function");
                    call.putObject("function").put("name", use.path("name").asText()).put("arguments", "");
                    send(chunk);
                }
            }
            case "contentBlockDelta" -> {
                JsonNode delta = event.path("delta");
                if (delta.has("text")) {
                    ObjectNode chunk = chunk();
                    delta(chunk).put("content", delta.get("text").asText());
                    send(chunk);
                } else if (delta.has("toolUse")) {
                    Integer index = toolCalls.get(event.path("contentBlockIndex").asInt());
                    ObjectNode chunk = chunk();
                    delta(chunk).putArray("tool_calls").addObject().put("index", index == null ? 0 : index)
                            .putObject("function").put("arguments", delta.get("toolUse").path("input").asText());
                    send(chunk);
                }
            }
            case "messageStop" -> {
                ObjectNode chunk = chunk();
                delta(chunk);
                ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason",
                        ChatAnswers.finishReason(event.path("stopReason").asText()));
                send(chunk);
                ended = true;
            }
            case "metadata" -> {
                if (includeUsage) {
                    ObjectNode chunk = json.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
                            .put("created", created).put("model", model);
                    chunk.putArray("choices");
                    chunk.set("usage", answers.usage(event.path("usage")));
                    send(chunk);
                }
            }
            default -> { } // reasoning deltas and event types newer than this translation have no OpenAI form
        }
    }

    /** An event's JSON payload; one that is not JSON (not Bedrock's) reads as an empty object. */
    private JsonNode payload(Message message) {
        try {
            return json.readTree(message.getPayload());
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private ObjectNode chunk() {
        ObjectNode chunk = json.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
                .put("created", created).put("model", model);
        chunk.putArray("choices").addObject().put("index", 0).putNull("finish_reason");
        return chunk;
    }

    private static ObjectNode delta(ObjectNode chunk) {
        return ((ObjectNode) chunk.get("choices").get(0)).putObject("delta");
    }

    private void send(ObjectNode event) throws IOException {
        client.write(("data: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
