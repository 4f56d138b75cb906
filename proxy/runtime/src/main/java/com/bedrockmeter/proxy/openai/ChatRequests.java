package com.bedrockmeter.proxy.openai;

import com.bedrockmeter.model.base.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI chat completion request as Bedrock's Converse request: {@code system} and {@code developer} messages
 * become {@code system} blocks; {@code user}, {@code assistant} and {@code tool} messages become Converse messages
 * (consecutive ones of one role merged, tool results in a user message); text and base64 image parts; the
 * assistant's {@code tool_calls} as {@code toolUse} blocks; {@code tools} / {@code tool_choice} as
 * {@code toolConfig}; {@code max_tokens} / {@code max_completion_tokens}, {@code temperature}, {@code top_p},
 * {@code stop} as {@code inferenceConfig}.
 *
 * <p>Refused with a 400 and the parameter named: what cannot be honoured ({@code n} above 1, {@code logprobs},
 * {@code top_logprobs}, {@code response_format} other than text, {@code audio}, image URLs that are not base64
 * data URLs: the proxy never fetches a URL a caller gives it). Ignored, as harmless to the answer: the
 * parameters in {@link #IGNORED}.
 */
final class ChatRequests {

    /** Accepted and not passed on: they change nothing Bedrock does, or only the caller's bookkeeping. */
    static final Set<String> IGNORED = Set.of("user", "seed", "presence_penalty", "frequency_penalty", "logit_bias",
            "parallel_tool_calls", "store", "metadata", "service_tier", "prediction", "reasoning_effort",
            "modalities", "safety_identifier", "prompt_cache_key", "verbosity", "web_search_options");
    private static final Set<String> USED = Set.of("model", "messages", "max_tokens", "max_completion_tokens",
            "temperature", "top_p", "stop", "tools", "tool_choice", "stream", "stream_options", "n", "logprobs",
            "top_logprobs", "response_format", "audio");
    private static final Pattern DATA_URL = Pattern.compile("^data:image/(png|jpeg|jpg|gif|webp);base64,(.*)$",
            Pattern.DOTALL);

    /** The translated request: the model, the Converse body, and whether and how to stream. */
    record Chat(String model, ObjectNode converse, boolean stream, boolean includeUsage) {
    }

    private final ObjectMapper json;

    ChatRequests(ObjectMapper json) {
        this.json = json;
    }

    /** @throws ApiException 400 for a request that is not a chat completion request this proxy can honour */
    Chat translate(byte[] body) {
        ObjectNode root = object(body);
        root.fieldNames().forEachRemaining(name -> {
            if (!USED.contains(name) && !IGNORED.contains(name)) {
                throw invalid("unsupported_parameter", name, "The parameter '" + name + "' is not supported.");
            }
        });
        refuseWhatCannotBeHonoured(root);
        String model = text(root.get("model"), "model");
        ObjectNode converse = json.createObjectNode();
        ArrayNode system = json.createArrayNode();
        ArrayNode messages = converse.putArray("messages");
        JsonNode input = root.get("messages");
        if (!(input instanceof ArrayNode list) || list.isEmpty()) {
            throw invalid("invalid_messages", "messages", "'messages' must be a non-empty array.");
        }
        for (int i = 0; i < list.size(); i++) {
            message(list.get(i), "messages[" + i + "]", system, messages);
        }
        if (messages.isEmpty()) {
            throw invalid("invalid_messages", "messages", "'messages' needs at least one user message.");
        }
        if (!system.isEmpty()) {
            converse.set("system", system);
        }
        inference(root, converse);
        ChatTools.toolConfig(root, converse, json);
        boolean stream = root.path("stream").asBoolean(false);
        boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        return new Chat(model, converse, stream, includeUsage);
    }

    /** Whether the body asks for a stream, for choosing the route before it is validated (false when unreadable). */
    boolean wantsStream(byte[] body) {
        try {
            return json.readTree(body).path("stream").asBoolean(false);
        } catch (Exception e) {
            return false;
        }
    }

    private void refuseWhatCannotBeHonoured(ObjectNode root) {
        if (root.has("n") && !root.get("n").isNull() && root.get("n").asInt(1) != 1) {
            throw invalid("unsupported_parameter", "n", "Only one choice per request ('n': 1) is supported.");
        }
        if (root.path("logprobs").asBoolean(false) || (root.has("top_logprobs") && !root.get("top_logprobs").isNull())) {
            throw invalid("unsupported_parameter", root.has("top_logprobs") ? "top_logprobs" : "logprobs",
                    "Log probabilities are not available from Bedrock models.");
        }
        String format = root.path("response_format").path("type").asText("text");
        if (!format.equals("text")) {
            throw invalid("unsupported_response_format", "response_format", "response_format '" + format
                    + "' is not supported for Bedrock models through this proxy; ask for JSON in the prompt, "
                    + "or use a tool whose parameters are the schema.");
        }
        if (root.has("audio") && !root.get("audio").isNull()) {
            throw invalid("unsupported_parameter", "audio", "Audio output is not supported.");
        }
    }

    private void message(JsonNode message, String where, ArrayNode system, ArrayNode messages) {
        String role = message.path("role").asText("");
        switch (role) {
            case "system", "developer" -> textParts(message.get("content"), where).forEach(system::add);
            case "user" -> {
                ArrayNode content = userContent(message.get("content"), where);
                if (content.isEmpty()) {
                    throw invalid("invalid_messages", where + ".content", where + ": a user message needs "
                            + "non-empty content.");
                }
                append(messages, "user", content);
            }
            case "assistant" -> {
                ArrayNode content = json.createArrayNode();
                JsonNode text = message.get("content");
                if (text != null && !text.isNull()) {
                    textParts(text, where).forEach(content::add);
                }
                ChatTools.toolUses(message.get("tool_calls"), where, content, json);
                if (content.isEmpty()) {
                    throw invalid("invalid_messages", where, where + ": an assistant message needs content or "
                            + "tool_calls.");
                }
                append(messages, "assistant", content);
            }
            case "tool" -> append(messages, "user", ChatTools.toolResult(message, where, json));
            default -> throw invalid("invalid_messages", where + ".role", where + ": unknown role '" + role
                    + "' (system, developer, user, assistant or tool).");
        }
    }

    /** Converse wants the roles to alternate: a message of the same role as the last one joins it. */
    private void append(ArrayNode messages, String role, ArrayNode content) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("content")).addAll(content);
            return;
        }
        ObjectNode message = messages.addObject().put("role", role);
        message.set("content", content);
    }

    private ArrayNode textParts(JsonNode content, String where) {
        ArrayNode blocks = json.createArrayNode();
        if (content != null && content.isTextual()) {
            if (!content.asText().isEmpty()) { // Converse refuses a blank text block; clients send "" after tools
                blocks.addObject().put("text", content.asText());
            }
            return blocks;
        }
        if (!(content instanceof ArrayNode parts)) {
            throw invalid("invalid_messages", where + ".content", where + ": 'content' must be a string or an "
                    + "array of parts.");
        }
        for (JsonNode part : parts) {
            if (!"text".equals(part.path("type").asText())) {
                throw invalid("invalid_messages", where + ".content", where + ": only text parts are allowed here.");
            }
            if (!part.path("text").asText().isEmpty()) {
                blocks.addObject().put("text", part.path("text").asText());
            }
        }
        return blocks;
    }

    private ArrayNode userContent(JsonNode content, String where) {
        if (content == null || content.isTextual()) {
            return textParts(content, where);
        }
        if (!(content instanceof ArrayNode parts) || parts.isEmpty()) {
            throw invalid("invalid_messages", where + ".content", where + ": 'content' must be a string or a "
                    + "non-empty array of parts.");
        }
        ArrayNode blocks = json.createArrayNode();
        for (JsonNode part : parts) {
            switch (part.path("type").asText()) {
                case "text" -> {
                    if (!part.path("text").asText().isEmpty()) {
                        blocks.addObject().put("text", part.path("text").asText());
                    }
                }
                case "image_url" -> blocks.add(image(part.path("image_url").path("url").asText(""), where));
                default -> throw invalid("invalid_messages", where + ".content", where + ": part type '"
                        + part.path("type").asText() + "' is not supported (text, image_url).");
            }
        }
        return blocks;
    }

    /** A base64 data URL as a Converse image block; any other URL is refused, never fetched. */
    private ObjectNode image(String url, String where) {
        Matcher data = DATA_URL.matcher(url);
        if (!data.matches()) {
            throw invalid("invalid_image_url", where + ".content", "Images must be base64 data URLs "
                    + "(data:image/png;base64,...; png, jpeg, gif or webp): the proxy does not fetch URLs.");
        }
        try {
            Base64.getDecoder().decode(data.group(2).strip());
        } catch (IllegalArgumentException e) {
            throw invalid("invalid_image_url", where + ".content", "The image's data URL is not valid base64.");
        }
        String format = data.group(1).toLowerCase(Locale.ROOT).equals("jpg") ? "jpeg" : data.group(1);
        ObjectNode block = json.createObjectNode();
        block.putObject("image").put("format", format).putObject("source").put("bytes", data.group(2).strip());
        return block;
    }

    private void inference(ObjectNode root, ObjectNode converse) {
        ObjectNode config = json.createObjectNode();
        JsonNode max = root.has("max_completion_tokens") ? root.get("max_completion_tokens") : root.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.canConvertToInt() || max.asInt() < 1) {
                throw invalid("invalid_max_tokens", "max_tokens", "'max_tokens' must be a whole number of 1 or more.");
            }
            config.put("maxTokens", max.asInt());
        }
        number(root, "temperature", config, "temperature");
        number(root, "top_p", config, "topP");
        JsonNode stop = root.get("stop");
        if (stop != null && !stop.isNull()) {
            ArrayNode sequences = config.putArray("stopSequences");
            if (stop.isTextual()) {
                sequences.add(stop.asText());
            } else if (stop instanceof ArrayNode list) {
                list.forEach(s -> sequences.add(s.asText()));
            } else {
                throw invalid("invalid_stop", "stop", "'stop' must be a string or an array of strings.");
            }
        }
        if (!config.isEmpty()) {
            converse.set("inferenceConfig", config);
        }
    }

    private static void number(ObjectNode root, String name, ObjectNode config, String as) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber()) {
            throw invalid("invalid_" + name, name, "'" + name + "' must be a number.");
        }
        config.set(as, value);
    }

    private ObjectNode object(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            if (root instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw invalid("malformed_json", null, "The request body is not valid JSON.");
        } catch (java.io.IOException e) {
            throw invalid("malformed_json", null, "The request body could not be read as JSON.");
        }
        throw invalid("malformed_json", null, "The request body must be a JSON object.");
    }

    private static String text(JsonNode value, String name) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid("missing_model_id", name, "'" + name + "' must name a model this account may call "
                    + "(GET /v1/models lists them).");
        }
        return value.asText();
    }

    static InvalidParameterException invalid(String code, String param, String message) {
        return new InvalidParameterException(code, param, message);
    }
}
