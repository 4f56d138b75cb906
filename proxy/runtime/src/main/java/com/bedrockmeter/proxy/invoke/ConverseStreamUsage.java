package com.bedrockmeter.proxy.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * ConverseStream's usage: the {@code metadata} event's {@code usage} ({@code inputTokens}, {@code outputTokens},
 * {@code cacheReadInputTokens}, {@code cacheWriteInputTokens}), the last event Bedrock sends.
 */
final class ConverseStreamUsage extends EventStreamUsage {

    ConverseStreamUsage(ObjectMapper json) {
        super(json);
    }

    @Override
    protected void onEvent(String eventType, byte[] payload) {
        switch (eventType) {
            case "contentBlockDelta" -> delta();
            case "metadata" -> {
                try {
                    JsonNode usage = json.readTree(payload).path("usage");
                    input(usage.path("inputTokens").asLong(tokens().input()));
                    output(usage.path("outputTokens").asLong(tokens().output()));
                    cache(usage.path("cacheReadInputTokens"), usage.path("cacheWriteInputTokens"));
                } catch (IOException e) {
                    // not JSON: no usage to read from it
                }
            }
            default -> { }
        }
    }
}
