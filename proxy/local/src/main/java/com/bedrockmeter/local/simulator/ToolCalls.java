package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the simulated model calls a tool, and with what input. It calls one only when asked plainly, so that a client
 * that always offers tools (Claude Code does) gets no call it did not ask for:
 * <ul>
 *   <li>never when the last user message carries a tool result (the model then says what the tool returned), nor
 *       for a choice of {@code none};</li>
 *   <li>a choice of {@code any} calls the first tool offered, a choice of {@code tool} the tool it names;</li>
 *   <li>otherwise ({@code auto}, or no choice) the tool whose exact name the last user message's text holds as a
 *       word (delimited by anything but a letter, a digit, {@code _} and {@code -}), the first so named.</li>
 * </ul>
 * The input fills the {@code required} properties of the tool's schema: a string with the user's text (its first
 * 200 characters), a number or integer with 1, a boolean with true, an array with [], an object likewise with its
 * own required properties, an enum with its first value.
 */
final class ToolCalls {

    private static final int PIECE_CHARS = 12;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ToolCalls() {
    }

    /** The call the model makes for {@code prompt}, or null if it answers in text. */
    static Answer.ToolCall call(Prompt prompt) {
        ToolOffer offer = prompt.tools();
        if (offer.tools().isEmpty() || prompt.toolResult() != null) {
            return null;
        }
        ToolOffer.Tool tool = switch (offer.choice()) {
            case NONE -> null;
            case ANY -> offer.tools().get(0);
            case TOOL -> offer.tools().stream().filter(t -> t.name().equals(offer.choiceName())).findFirst()
                    .orElse(null);
            case AUTO -> named(offer.tools(), prompt.lastUserText());
        };
        if (tool == null) {
            return null;
        }
        return new Answer.ToolCall(Ids.toolUseId(), tool.name(),
                input(tool.inputSchema(), Tokens.echo(prompt.lastUserText())));
    }

    /** A call's tokens: the words of the tool's name and of its input. */
    static int tokens(Answer.ToolCall call) {
        return Tokens.words(call.name()) + Tokens.json(call.input());
    }

    /** The input's JSON cut in the pieces a stream sends it in. */
    static List<String> pieces(String json) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < json.length()) {
            int end = Math.min(json.length(), start + PIECE_CHARS);
            if (end < json.length() && Character.isHighSurrogate(json.charAt(end - 1))) {
                end++;
            }
            pieces.add(json.substring(start, end));
            start = end;
        }
        return pieces;
    }

    private static ToolOffer.Tool named(List<ToolOffer.Tool> tools, String text) {
        ToolOffer.Tool first = null;
        int firstAt = Integer.MAX_VALUE;
        for (ToolOffer.Tool tool : tools) {
            Matcher word = Pattern.compile("(?<![\\p{L}\\p{N}_-])" + Pattern.quote(tool.name()) + "(?![\\p{L}\\p{N}_-])")
                    .matcher(text);
            if (!tool.name().isEmpty() && word.find() && word.start() < firstAt) {
                first = tool;
                firstAt = word.start();
            }
        }
        return first;
    }

    /** An object that {@code schema} accepts: its required properties filled with simple values. */
    static ObjectNode input(JsonNode schema, String text) {
        ObjectNode input = JSON.objectNode();
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            input.set(required.asText(), value(properties.path(required.asText()), text));
        }
        return input;
    }

    private static JsonNode value(JsonNode property, String text) {
        if (property.path("enum").isArray() && !property.path("enum").isEmpty()) {
            return property.path("enum").get(0).deepCopy();
        }
        if (property.has("const")) {
            return property.get("const").deepCopy();
        }
        String type = property.path("type").asText(property.has("properties") ? "object" : "string");
        for (JsonNode option : property.path("type")) {
            if (!option.asText().equals("null")) {
                type = option.asText();
                break;
            }
        }
        return switch (type) {
            case "integer", "number" -> JSON.numberNode(1);
            case "boolean" -> JSON.booleanNode(true);
            case "array" -> JSON.arrayNode();
            case "object" -> input(property, text);
            case "null" -> JSON.nullNode();
            default -> JSON.textNode(text);
        };
    }
}
