package com.bedrockmeter.proxy.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** ConverseStream's usage: the {@code metadata} event's {@code usage}, the last event Bedrock sends. */
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
                    input(usage.path("inputTokens").asLong(inputTokens()));
                    output(usage.path("outputTokens").asLong(outputTokens()));
                } catch (IOException e) {
                    // not JSON: no usage to read from it
                }
            }
            default -> { }
        }
    }
}
