package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.usage.TokenCounts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * InvokeModelWithResponseStream's usage: Claude's {@code message_start} ({@code usage.input_tokens},
 * {@code cache_read_input_tokens}, {@code cache_creation_input_tokens}) and {@code message_delta}
 * ({@code usage.output_tokens}) as they come, and the final {@code message_stop}'s
 * {@code amazon-bedrock-invocationMetrics} (token counts, cache included), which Bedrock bills by and which
 * therefore wins. Only the chunks that
 * can carry usage are parsed as JSON; a text delta costs a base64 decode and a substring search.
 */
final class InvokeStreamUsage extends EventStreamUsage {

    InvokeStreamUsage(ObjectMapper json) {
        super(json);
    }

    @Override
    protected void onEvent(String eventType, byte[] payload) {
        if (!"chunk".equals(eventType)) {
            return;
        }
        byte[] event = chunkBytes(payload);
        if (event == null) {
            return;
        }
        String text = new String(event, StandardCharsets.UTF_8);
        if (!text.contains("\"usage\"") && !text.contains("amazon-bedrock-invocationMetrics")) {
            if (text.contains("\"content_block_delta\"")) {
                delta();
            }
            return;
        }
        try {
            JsonNode root = json.readTree(event);
            JsonNode metrics = root.get("amazon-bedrock-invocationMetrics");
            if (metrics != null) {
                TokenCounts so = tokens();
                input(metrics.path("inputTokenCount").asLong(so.input()));
                output(metrics.path("outputTokenCount").asLong(so.output()));
                cache(metrics.path("cacheReadInputTokenCount"), metrics.path("cacheWriteInputTokenCount"));
                return;
            }
            switch (root.path("type").asText()) {
                case "message_start" -> {
                    JsonNode usage = root.path("message").path("usage");
                    input(usage.path("input_tokens").asLong(tokens().input()));
                    cache(usage.path("cache_read_input_tokens"), usage.path("cache_creation_input_tokens"));
                }
                case "message_delta" -> output(root.path("usage").path("output_tokens").asLong(tokens().output()));
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
}
