package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;

/**
 * CountTokens ({@code /count-tokens}): every input token of the InvokeModel body (base64, as the SDK sends the blob)
 * or of the Converse request it wraps, cached or not, as the prompt counts them; it caches nothing.
 */
final class CountTokens {

    private CountTokens() {
    }

    static int inputTokens(ObjectMapper mapper, byte[] request) throws IOException {
        JsonNode input = mapper.readTree(request).path("input");
        if (input.path("invokeModel").path("body").isTextual()) {
            byte[] body;
            try {
                body = Base64.getDecoder().decode(input.path("invokeModel").path("body").asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("input.invokeModel.body must be base64");
            }
            return AnthropicMessages.parse(mapper, body).inputTokens();
        }
        if (input.path("converse").isObject()) {
            return ConverseMessages.parse(mapper, mapper.writeValueAsBytes(input.path("converse"))).inputTokens();
        }
        throw new InvalidRequestException("The input must be invokeModel or converse.");
    }
}
