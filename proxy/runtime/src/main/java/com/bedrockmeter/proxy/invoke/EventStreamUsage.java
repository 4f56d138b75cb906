package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.usage.TokenCounts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * Usage read from a copy of an event stream as it passes through (never holding it), with the SDK's decoder: an
 * exception frame is noted by its type, every event goes to {@link #onEvent}. What the stream reported wins; for a
 * stream broken off before any report, the text deltas received count, one token each (a lower bound).
 */
abstract class EventStreamUsage implements UsageReader {

    protected final ObjectMapper json;
    private final MessageDecoder decoder = new MessageDecoder(this::onMessage);
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private long deltas;
    private boolean outputReported;
    private String exceptionType;
    private boolean unreadable;

    EventStreamUsage(ObjectMapper json) {
        this.json = json;
    }

    /** One event of the stream: its {@code :event-type} and its payload. */
    protected abstract void onEvent(String eventType, byte[] payload);

    @Override
    public final void feed(byte[] bytes, int offset, int length) {
        if (unreadable) {
            return;
        }
        try {
            decoder.feed(bytes, offset, length);
        } catch (RuntimeException e) {
            unreadable = true; // not an event stream we can read: the bytes still pass, the usage is what we saw
        }
    }

    @Override
    public final TokenCounts tokens() {
        return new TokenCounts(inputTokens, outputReported ? outputTokens : deltas, cacheReadTokens,
                cacheWriteTokens);
    }

    /** The exception Bedrock sent mid-stream ({@code :exception-type}), or null. */
    @Override
    public final String exceptionType() {
        return exceptionType;
    }

    protected final void input(long tokens) {
        inputTokens = Math.max(0, tokens);
    }

    /** Prompt tokens read from and written to the cache, when the stream reports them. */
    protected final void cache(JsonNode read, JsonNode write) {
        cacheReadTokens = Math.max(0, read.asLong(cacheReadTokens));
        cacheWriteTokens = Math.max(0, write.asLong(cacheWriteTokens));
    }

    protected final void output(long tokens) {
        outputTokens = Math.max(0, tokens);
        outputReported = true;
    }

    protected final void delta() {
        deltas++;
    }

    private void onMessage(Message message) {
        HeaderValue kind = message.getHeaders().get(":message-type");
        if (kind != null && "exception".equals(kind.getString())) {
            HeaderValue type = message.getHeaders().get(":exception-type");
            exceptionType = type == null ? "exception" : type.getString();
            return;
        }
        HeaderValue event = message.getHeaders().get(":event-type");
        if (event != null) {
            onEvent(event.getString(), message.getPayload());
        }
    }
}
