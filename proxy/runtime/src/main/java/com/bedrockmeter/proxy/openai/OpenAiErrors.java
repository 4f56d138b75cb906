package com.bedrockmeter.proxy.openai;

import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.proxy.base.ErrorResponses;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;

/**
 * Refusals on the OpenAI routes in OpenAI's shape, {@code {"error":{"message","type","code","param"}}}, with our
 * stable code in {@code code} and the native routes' statuses and headers ({@code Retry-After} on a 429,
 * {@code WWW-Authenticate} on a 401), so that the {@code openai} clients raise the error class users expect. One
 * difference: a model this account may not call is a 404 here (OpenAI's "model not found", which the clients raise
 * as {@code NotFoundError}), where the native routes answer 400.
 */
final class OpenAiErrors {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrors.class);

    private OpenAiErrors() {
    }

    /**
     * A refusal as these routes state it, applied by the pipeline before it is metered: a model this account may
     * not call is a 404 ({@code NotFoundError}); everything else as on the native routes.
     */
    static ApiException restate(ApiException e) {
        if ("model_not_allowed".equals(e.code()) && e.status() != 404) {
            return new ApiException(404, e.code(), e.getMessage(), e.headers(), e);
        }
        return e;
    }

    static void write(HttpServletResponse response, ApiException e, ObjectMapper json) throws IOException {
        int status = restate(e).status();
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("message", e.getMessage()).put("type", type(status)).put("code", e.code())
                .put("param", e instanceof InvalidParameterException invalid ? invalid.param()
                        : "model_not_allowed".equals(e.code()) ? "model" : null);
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        ErrorResponses.headers(e).forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void writeUnexpected(HttpServletResponse response, RuntimeException e, ObjectMapper json)
            throws IOException {
        log.error("Unexpected failure on an OpenAI route", e);
        write(response, new ApiException(500, "internal_error", "An unexpected error occurred; it has been logged"),
                json);
    }

    private static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
