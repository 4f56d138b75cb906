package com.bedrockmeter.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Converse's answer in OpenAI's shapes: the whole {@code chat.completion}, and the pieces a stream's chunks share
 * (finish reason, usage). Usage: {@code prompt_tokens} counts every prompt token, cached ones included, as OpenAI
 * does, with the cache reads in {@code prompt_tokens_details.cached_tokens}.
 */
final class ChatAnswers {

    private final ObjectMapper json;

    ChatAnswers(ObjectMapper json) {
        this.json = json;
    }

    /** @param converse Converse's JSON answer */
    byte[] completion(byte[] converse, String id, long created, String model) throws IOException {
        JsonNode answer = json.readTree(converse);
        ObjectNode completion = json.createObjectNode().put("id", id).put("object", "chat.completion")
                .put("created", created).put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = json.createArrayNode();
        for (JsonNode block : answer.path("output").path("message").path("content")) {
            if (block.has("text")) {
                text.append(block.get("text").asText());
            } else if (block.has("toolUse")) {
                JsonNode use = block.get("toolUse");
                ObjectNode call = calls.addObject().put("id", use.path("toolUseId").asText()).put("type", "function");
                call.putObject("function").put("name", use.path("name").asText())
                        .put("arguments", json.writeValueAsString(use.path("input")));
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(answer.path("stopReason").asText()));
        completion.set("usage", usage(answer.path("usage")));
        return json.writeValueAsBytes(completion);
    }

    static String finishReason(String stopReason) {
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "guardrail_intervened", "content_filtered" -> "content_filter";
            default -> "stop";
        };
    }

    /** Converse's {@code usage} as OpenAI's. */
    ObjectNode usage(JsonNode usage) {
        long input = usage.path("inputTokens").asLong(0);
        long output = usage.path("outputTokens").asLong(0);
        long cacheRead = usage.path("cacheReadInputTokens").asLong(0);
        long cacheWrite = usage.path("cacheWriteInputTokens").asLong(0);
        long prompt = input + cacheRead + cacheWrite;
        ObjectNode node = json.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", output)
                .put("total_tokens", prompt + output);
        node.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        return node;
    }
}
