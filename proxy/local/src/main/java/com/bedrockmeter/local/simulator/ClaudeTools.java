package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Claude's {@code tools} and {@code tool_choice} as Bedrock takes them: each tool a {@code name}, a
 * {@code description} and an {@code input_schema} (Anthropic-defined tools, with a {@code type} such as
 * {@code bash_20250124}, need no schema), counted before the system prompt, a {@code cache_control} marking a cache
 * point after its tool; the choice one of {@code auto}, {@code any}, {@code tool} (with the {@code name} of an
 * offered tool) and {@code none}.
 */
final class ClaudeTools {

    private static final Set<String> CHOICE_KEYS = Set.of("type", "name", "disable_parallel_tool_use");

    private ClaudeTools() {
    }

    static ToolOffer offer(JsonNode tools, JsonNode toolChoice, Violations violations, ClaudeBlocks blocks,
            PromptTally tally) {
        List<ToolOffer.Tool> offered = new ArrayList<>();
        if (tools != null && tools.isArray()) {
            for (int i = 0; i < tools.size(); i++) {
                ToolOffer.Tool tool = tool("#/tools/" + i, tools.get(i), violations, blocks, tally);
                if (tool != null) {
                    offered.add(tool);
                }
            }
        } else if (tools != null) {
            violations.violation(Violations.typeError("#/tools", "JSONArray", tools));
        }
        if (toolChoice == null) {
            return new ToolOffer(offered, ToolOffer.Choice.AUTO, null);
        }
        if (!violations.object("#/tool_choice", toolChoice)) {
            return ToolOffer.NONE;
        }
        violations.onlyKeys("#/tool_choice", toolChoice, CHOICE_KEYS);
        String type = violations.requiredString("#/tool_choice", toolChoice, "type");
        ToolOffer.Choice choice;
        try {
            choice = type == null ? ToolOffer.Choice.AUTO : ToolOffer.Choice.valueOf(type.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.violation("#/tool_choice/type: " + type + " is not a valid enum value");
            return ToolOffer.NONE;
        }
        String name = null;
        if (choice == ToolOffer.Choice.TOOL) {
            name = violations.requiredString("#/tool_choice", toolChoice, "name");
        }
        checkChoice(choice, name, offered, violations);
        return new ToolOffer(offered, choice, name);
    }

    /** The choice must name an offered tool, and a choice of any or of one tool needs tools to choose from. */
    static void checkChoice(ToolOffer.Choice choice, String name, List<ToolOffer.Tool> offered, Violations violations) {
        if ((choice == ToolOffer.Choice.ANY || choice == ToolOffer.Choice.TOOL) && offered.isEmpty()) {
            violations.semantic("tool_choice: tool_choice may only be specified while providing tools");
        } else if (name != null && offered.stream().noneMatch(tool -> tool.name().equals(name))) {
            violations.semantic("tool_choice.name: tool " + name + " is not among the tools of the request");
        }
    }

    private static ToolOffer.Tool tool(String path, JsonNode tool, Violations violations, ClaudeBlocks blocks,
            PromptTally tally) {
        if (!violations.object(path, tool)) {
            return null;
        }
        String name = violations.requiredString(path, tool, "name");
        JsonNode type = tool.get("type");
        boolean custom = type == null || type.asText().equals("custom");
        JsonNode schema = tool.get("input_schema");
        if (schema == null && custom) {
            violations.violation(path + ": required key [input_schema] not found");
        } else if (schema != null) {
            violations.object(path + "/input_schema", schema);
        }
        tally.block("tools", tool, Tokens.words(name == null ? "" : name)
                + Tokens.words(tool.path("description").asText()) + Tokens.json(schema));
        JsonNode cacheControl = tool.get("cache_control");
        if (cacheControl != null) {
            Duration ttl = blocks.cacheControl(path + "/cache_control", cacheControl);
            if (ttl != null) {
                tally.cachePoint(ttl);
            }
        }
        return name == null ? null
                : new ToolOffer.Tool(name, schema == null ? JsonNodeFactory.instance.objectNode() : schema);
    }
}
