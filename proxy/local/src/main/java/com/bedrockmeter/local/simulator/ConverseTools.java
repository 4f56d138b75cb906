package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Converse's {@code toolConfig}: {@code tools} ({@code toolSpec} with {@code name}, {@code description},
 * {@code inputSchema.json}; a {@code cachePoint} after the tools it caches), counted as Claude's tools are, and
 * {@code toolChoice} ({@code auto}, {@code any}, {@code tool} with a {@code name}).
 */
final class ConverseTools {

    private ConverseTools() {
    }

    static ToolOffer offer(JsonNode toolConfig, Violations violations, PromptTally tally) {
        if (toolConfig == null) {
            return ToolOffer.NONE;
        }
        JsonNode tools = toolConfig.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            violations.violation("#/toolConfig/tools: expected minimum item count: 1");
            return ToolOffer.NONE;
        }
        List<ToolOffer.Tool> offered = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (tool.has("cachePoint")) {
                Duration ttl = ConverseMessages.cachePointTtl("#/toolConfig/tools/" + i + "/cachePoint",
                        tool.get("cachePoint"), violations);
                if (ttl != null) {
                    tally.cachePoint(ttl);
                }
                continue;
            }
            JsonNode spec = tool.path("toolSpec");
            String name = spec.path("name").asText("");
            JsonNode schema = spec.path("inputSchema").path("json");
            if (name.isEmpty()) {
                violations.violation("#/toolConfig/tools/" + i + ": a toolSpec with a name is required");
                continue;
            }
            tally.block("tools", tool, Tokens.words(name) + Tokens.words(spec.path("description").asText())
                    + Tokens.json(schema));
            offered.add(new ToolOffer.Tool(name, schema.isObject() ? schema : JsonNodeFactory.instance.objectNode()));
        }
        JsonNode choice = toolConfig.path("toolChoice");
        ToolOffer.Choice kind = ToolOffer.Choice.AUTO;
        String name = null;
        if (choice.has("any")) {
            kind = ToolOffer.Choice.ANY;
        } else if (choice.has("tool")) {
            kind = ToolOffer.Choice.TOOL;
            name = choice.path("tool").path("name").asText("");
        }
        ClaudeTools.checkChoice(kind, name, offered, violations);
        return new ToolOffer(offered, kind, name);
    }
}
