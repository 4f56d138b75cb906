package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The tools a request offers and how the model may choose among them: Claude's {@code tools} and
 * {@code tool_choice}, or Converse's {@code toolConfig}.
 *
 * @param choiceName the tool a {@link Choice#TOOL} choice names; null otherwise
 */
record ToolOffer(List<Tool> tools, Choice choice, String choiceName) {

    static final ToolOffer NONE = new ToolOffer(List.of(), Choice.AUTO, null);

    /** Claude's {@code auto}, {@code any}, {@code tool}, {@code none}. */
    enum Choice { AUTO, ANY, TOOL, NONE }

    /** A tool: its name and its input's JSON schema (an empty object for a tool that declares none). */
    record Tool(String name, JsonNode inputSchema) {
    }

    ToolOffer {
        tools = List.copyOf(tools);
    }
}
