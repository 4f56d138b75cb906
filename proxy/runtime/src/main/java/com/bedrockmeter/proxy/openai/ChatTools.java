package com.bedrockmeter.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Tools between the two APIs: OpenAI's {@code tools} (functions with JSON-schema {@code parameters}) and
 * {@code tool_choice} as Converse's {@code toolConfig}; an assistant's {@code tool_calls} (arguments as a JSON
 * string) as {@code toolUse} blocks (input as JSON); a {@code tool} message as a {@code toolResult} block.
 * {@code tool_choice: "none"} has no Converse equivalent: the tools are left out, unless the conversation already
 * holds tool blocks (Converse then needs the tool configuration), where the model may still call one.
 */
final class ChatTools {

    private ChatTools() {
    }

    static void toolConfig(ObjectNode root, ObjectNode converse, ObjectMapper json) {
        JsonNode tools = root.get("tools");
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!(tools instanceof ArrayNode list)) {
            throw ChatRequests.invalid("invalid_tools", "tools", "'tools' must be an array of functions.");
        }
        JsonNode choice = root.get("tool_choice");
        boolean none = choice != null && "none".equals(choice.asText());
        if (list.isEmpty() || (none && !holdsToolBlocks(converse))) {
            return;
        }
        ObjectNode config = converse.putObject("toolConfig");
        ArrayNode specs = config.putArray("tools");
        for (int i = 0; i < list.size(); i++) {
            JsonNode function = list.get(i).path("function");
            String name = function.path("name").asText("");
            if (!"function".equals(list.get(i).path("type").asText("function")) || name.isBlank()) {
                throw ChatRequests.invalid("invalid_tools", "tools[" + i + "]", "tools[" + i + "] must be "
                        + "{\"type\":\"function\",\"function\":{\"name\":...,\"parameters\":{...}}}.");
            }
            ObjectNode spec = specs.addObject().putObject("toolSpec").put("name", name);
            if (function.hasNonNull("description")) {
                spec.put("description", function.get("description").asText());
            }
            JsonNode parameters = function.get("parameters");
            spec.putObject("inputSchema").set("json", parameters instanceof ObjectNode schema ? schema
                    : json.createObjectNode().put("type", "object").set("properties", json.createObjectNode()));
        }
        if (choice != null && !choice.isNull() && !none) {
            config.set("toolChoice", toolChoice(choice, json));
        }
    }

    private static ObjectNode toolChoice(JsonNode choice, ObjectMapper json) {
        ObjectNode converse = json.createObjectNode();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> converse.putObject("auto");
                case "required" -> converse.putObject("any");
                default -> throw ChatRequests.invalid("invalid_tool_choice", "tool_choice",
                        "'tool_choice' must be none, auto, required or a named function.");
            }
            return converse;
        }
        String name = choice.path("function").path("name").asText("");
        if (name.isBlank()) {
            throw ChatRequests.invalid("invalid_tool_choice", "tool_choice",
                    "A named 'tool_choice' is {\"type\":\"function\",\"function\":{\"name\":...}}.");
        }
        converse.putObject("tool").put("name", name);
        return converse;
    }

    /** An assistant's {@code tool_calls} as {@code toolUse} blocks appended to {@code content}. */
    static void toolUses(JsonNode calls, String where, ArrayNode content, ObjectMapper json) {
        if (calls == null || calls.isNull()) {
            return;
        }
        if (!(calls instanceof ArrayNode list)) {
            throw ChatRequests.invalid("invalid_messages", where + ".tool_calls", where + ": 'tool_calls' must be "
                    + "an array.");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode call = list.get(i);
            String at = where + ".tool_calls[" + i + "]";
            String id = call.path("id").asText("");
            String name = call.path("function").path("name").asText("");
            if (id.isBlank() || name.isBlank()) {
                throw ChatRequests.invalid("invalid_messages", at, at + " needs an 'id' and a function name.");
            }
            JsonNode input;
            try {
                String arguments = call.path("function").path("arguments").asText("");
                input = arguments.isBlank() ? json.createObjectNode() : json.readTree(arguments);
            } catch (IOException e) {
                throw ChatRequests.invalid("invalid_messages", at + ".function.arguments", at
                        + ": 'arguments' must be a JSON object as a string.");
            }
            ObjectNode use = content.addObject().putObject("toolUse").put("toolUseId", id).put("name", name);
            use.set("input", input);
        }
    }

    /** A {@code tool} message as the content of a user message: one {@code toolResult} block. */
    static ArrayNode toolResult(JsonNode message, String where, ObjectMapper json) {
        String id = message.path("tool_call_id").asText("");
        if (id.isBlank()) {
            throw ChatRequests.invalid("invalid_messages", where + ".tool_call_id", where
                    + ": a tool message needs the 'tool_call_id' it answers.");
        }
        ArrayNode content = json.createArrayNode();
        ObjectNode result = content.addObject().putObject("toolResult").put("toolUseId", id);
        ArrayNode parts = result.putArray("content");
        JsonNode text = message.get("content");
        if (text instanceof ArrayNode list) {
            list.forEach(part -> parts.addObject().put("text", part.path("text").asText()));
        } else {
            parts.addObject().put("text", text == null || text.isNull() ? "" : text.asText());
        }
        return content;
    }

    private static boolean holdsToolBlocks(ObjectNode converse) {
        for (JsonNode message : converse.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if (block.has("toolUse") || block.has("toolResult")) {
                    return true;
                }
            }
        }
        return false;
    }
}
