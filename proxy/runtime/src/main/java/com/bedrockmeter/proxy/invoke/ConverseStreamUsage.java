package com.bedrockmeter.proxy.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * ConverseStream's usage: the {@code metadata} event's {@code usage} ({@code inputTokens}, {@code outputTokens}),
 * the last event Bedrock sends; before it (a stream broken off), the text deltas seen, one token each.
 */
final class ConverseStreamUsage implements UsageReader {

    private final ObjectMapper json;
    private final MessageDecoder decoder = new MessageDecoder(this::onMessage);
    private long inputTokens;
    private long outputTokens;
    private long deltas;
    private boolean reported;
    private String exceptionType;
    private boolean unreadable;

    ConverseStreamUsage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) {
        if (unreadable) {
            return;
        }
        try {
            decoder.feed(bytes, offset, length);
        } catch (RuntimeException e) {
            unreadable = true;
        }
    }

    @Override
    public long inputTokens() {
        return inputTokens;
    }

    @Override
    public long outputTokens() {
        return reported ? outputTokens : deltas;
    }

    @Override
    public String exceptionType() {
        return exceptionType;
    }

    private void onMessage(Message message) {
        Map<String, HeaderValue> headers = message.getHeaders();
        HeaderValue kind = headers.get(":message-type");
        if (kind != null && "exception".equals(kind.getString())) {
            HeaderValue type = headers.get(":exception-type");
            exceptionType = type == null ? "exception" : type.getString();
            return;
        }
        HeaderValue event = headers.get(":event-type");
        if (event == null) {
            return;
        }
        switch (event.getString()) {
            case "contentBlockDelta" -> deltas++;
            case "metadata" -> {
                try {
                    JsonNode usage = json.readTree(message.getPayload()).path("usage");
                    inputTokens = usage.path("inputTokens").asLong(inputTokens);
                    outputTokens = usage.path("outputTokens").asLong(outputTokens);
                    reported = true;
                } catch (IOException e) {
                    // not JSON: no usage to read from it
                }
            }
            default -> { }
        }
    }
}
