package com.bedrockmeter.proxy.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * InvokeModelWithResponseStream's usage, read out of a copy of Bedrock's event stream as it passes through (never
 * holding it): Claude's
 * {@code message_start} ({@code usage.input_tokens}) and {@code message_delta} ({@code usage.output_tokens}) as they
 * come, and the final {@code message_stop}'s {@code amazon-bedrock-invocationMetrics}, which Bedrock bills by and
 * which therefore wins. An exception frame (Bedrock's, mid-stream) is noted by its type. Only the chunks that can
 * carry usage are parsed as JSON; a text delta costs a base64 decode and a substring search.
 */
final class InvokeStreamUsage implements UsageReader {

    private final ObjectMapper json;
    private final MessageDecoder decoder = new MessageDecoder(this::onMessage);
    private long inputTokens;
    private long outputTokens;
    private long deltas;
    private boolean outputReported;
    private boolean metered;
    private String exceptionType;
    private boolean unreadable;

    InvokeStreamUsage(ObjectMapper json) {
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
            unreadable = true; // not an event stream we can read: the bytes still pass, the usage is what we saw
        }
    }

    @Override
    public long inputTokens() {
        return inputTokens;
    }

    /**
     * The output tokens the stream reported ({@code message_delta}, the final metrics); for a stream broken off
     * before any report, the text deltas received, one token each (a lower bound of what was generated).
     */
    @Override
    public long outputTokens() {
        return outputReported ? outputTokens : deltas;
    }

    /** Whether the stream ended with Bedrock's invocation metrics (the figures it bills). */
    boolean metered() {
        return metered;
    }

    /** The exception Bedrock sent mid-stream ({@code :exception-type}), or null. */
    @Override
    public String exceptionType() {
        return exceptionType;
    }

    private void onMessage(Message message) {
        Map<String, HeaderValue> headers = message.getHeaders();
        if ("exception".equals(header(headers, ":message-type"))) {
            exceptionType = header(headers, ":exception-type");
            return;
        }
        if (!"chunk".equals(header(headers, ":event-type"))) {
            return;
        }
        byte[] event = chunkBytes(message.getPayload());
        if (event == null) {
            return;
        }
        String text = new String(event, StandardCharsets.UTF_8);
        if (!text.contains("\"usage\"") && !text.contains("amazon-bedrock-invocationMetrics")) {
            if (text.contains("\"content_block_delta\"")) {
                deltas++;
            }
            return;
        }
        try {
            JsonNode root = json.readTree(event);
            JsonNode metrics = root.get("amazon-bedrock-invocationMetrics");
            if (metrics != null) {
                inputTokens = metrics.path("inputTokenCount").asLong(inputTokens);
                outputTokens = metrics.path("outputTokenCount").asLong(outputTokens);
                outputReported = true;
                metered = true;
                return;
            }
            switch (root.path("type").asText()) {
                case "message_start" -> inputTokens = root.path("message").path("usage").path("input_tokens")
                        .asLong(inputTokens);
                case "message_delta" -> {
                    outputTokens = root.path("usage").path("output_tokens").asLong(outputTokens);
                    outputReported = true;
                }
                default -> { }
            }
        } catch (IOException e) {
            // a chunk that is not JSON: passed on as it is, it carries no usage we can read
        }
    }

    /** The decoded {@code bytes} of a chunk's payload ({@code {"bytes":"<base64>","p":"..."}}). */
    private static byte[] chunkBytes(byte[] payload) {
        String text = new String(payload, StandardCharsets.ISO_8859_1);
        int start = text.indexOf("\"bytes\":\"");
        if (start < 0) {
            return null;
        }
        start += "\"bytes\":\"".length();
        int end = text.indexOf('"', start);
        if (end < 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text.substring(start, end));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String header(Map<String, HeaderValue> headers, String name) {
        HeaderValue value = headers.get(name);
        return value == null ? null : value.getString();
    }
}
