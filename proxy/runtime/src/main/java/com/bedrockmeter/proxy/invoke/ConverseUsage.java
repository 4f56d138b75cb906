package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.usage.TokenCounts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Converse's usage: the answer is one JSON document whose {@code usage} ({@code inputTokens}, {@code outputTokens},
 * {@code cacheReadInputTokens}, {@code cacheWriteInputTokens}) is read when it is complete. The copy kept for that
 * is bounded (an answer is text of at most the model's output limit); past the bound the usage stays unread and
 * the call is metered without tokens, and logged by the caller.
 */
final class ConverseUsage implements UsageReader {

    static final int MAX_KEPT = 8 * 1024 * 1024;

    private final ObjectMapper json;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private boolean tooLarge;
    private JsonNode usage;

    ConverseUsage(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void feed(byte[] bytes, int offset, int length) {
        if (tooLarge || copy.size() + length > MAX_KEPT) {
            tooLarge = true;
            return;
        }
        copy.write(bytes, offset, length);
    }

    @Override
    public TokenCounts tokens() {
        JsonNode usage = usage();
        return new TokenCounts(count(usage, "inputTokens"), count(usage, "outputTokens"),
                count(usage, "cacheReadInputTokens"), count(usage, "cacheWriteInputTokens"));
    }

    private static long count(JsonNode usage, String field) {
        return Math.max(0, usage.path(field).asLong(0));
    }

    @Override
    public String exceptionType() {
        return null;
    }

    private JsonNode usage() {
        if (usage == null) {
            try {
                usage = tooLarge ? json.missingNode() : json.readTree(copy.toByteArray()).path("usage");
            } catch (IOException e) {
                usage = json.missingNode();
            }
        }
        return usage;
    }
}
