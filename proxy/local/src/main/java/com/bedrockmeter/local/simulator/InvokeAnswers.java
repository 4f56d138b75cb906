package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import java.io.IOException;

/**
 * InvokeModel's answer for a Claude model: Claude's message ({@code thinking}, {@code text} or {@code tool_use}
 * blocks; {@code usage} with {@code input_tokens}, {@code cache_creation_input_tokens},
 * {@code cache_read_input_tokens} and {@code output_tokens}, the cache counts always present as Claude sends them),
 * and Bedrock's token-count headers (the cache ones when the request marks a cache point).
 */
final class InvokeAnswers {

    private final ObjectMapper mapper;

    InvokeAnswers(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] body(String model, Answer answer, Usage usage) throws IOException {
        ObjectNode root = mapper.createObjectNode().put("id", Ids.messageId()).put("type", "message")
                .put("role", "assistant").put("model", model);
        ArrayNode content = root.putArray("content");
        if (answer.thought() != null) {
            content.addObject().put("type", "thinking").put("thinking", answer.thought().text())
                    .put("signature", answer.thought().signature());
        }
        if (answer.toolCall() != null) {
            content.addObject().put("type", "tool_use").put("id", answer.toolCall().id())
                    .put("name", answer.toolCall().name()).set("input", answer.toolCall().input());
        } else {
            content.addObject().put("type", "text").put("text", answer.text());
        }
        root.put("stop_reason", answer.stopReason()).put("stop_sequence", answer.stopSequence());
        root.putObject("usage").put("input_tokens", usage.inputTokens())
                .put("cache_creation_input_tokens", usage.cacheWriteInputTokens())
                .put("cache_read_input_tokens", usage.cacheReadInputTokens())
                .put("output_tokens", usage.outputTokens());
        return mapper.writeValueAsBytes(root);
    }

    static void headers(Headers headers, Usage usage) {
        headers.set("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(usage.inputTokens()));
        headers.set("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(usage.outputTokens()));
        if (usage.cachePoints()) {
            headers.set("X-Amzn-Bedrock-Cache-Read-Input-Token-Count", Integer.toString(usage.cacheReadInputTokens()));
            headers.set("X-Amzn-Bedrock-Cache-Write-Input-Token-Count",
                    Integer.toString(usage.cacheWriteInputTokens()));
        }
    }
}
