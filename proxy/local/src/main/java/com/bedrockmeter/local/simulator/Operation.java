package com.bedrockmeter.local.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The Bedrock runtime operations the simulator answers, each {@code POST /model/{modelId}<suffix>} (the model id raw
 * or URL-encoded, e.g. {@code %3A} for {@code :}).
 */
enum Operation {

    INVOKE_STREAM("/invoke-with-response-stream"),
    CONVERSE_STREAM("/converse-stream"),
    CONVERSE("/converse"),
    COUNT_TOKENS("/count-tokens"),
    INVOKE("/invoke");

    private final String suffix;

    Operation(String suffix) {
        this.suffix = suffix;
    }

    /** The operation whose suffix ends the path, or null for a path of no operation simulated here. */
    static Operation of(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        if (path == null) {
            return null;
        }
        for (Operation operation : values()) {
            if (path.endsWith(operation.suffix)) {
                return operation;
            }
        }
        return null;
    }

    boolean streams() {
        return this == INVOKE_STREAM || this == CONVERSE_STREAM;
    }

    boolean converse() {
        return this == CONVERSE || this == CONVERSE_STREAM;
    }

    /** The decoded model id if this is {@code POST /model/{modelId}<suffix>}, else null. */
    String modelId(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        if (!"POST".equals(exchange.getRequestMethod()) || path == null
                || !path.startsWith("/model/") || !path.endsWith(suffix)) {
            return null;
        }
        int end = path.length() - suffix.length();
        if (end <= "/model/".length()) {
            return null;
        }
        String raw = path.substring("/model/".length(), end);
        return raw.indexOf('/') >= 0 ? null : percentDecode(raw);
    }

    private static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // a broken escape: left as is, it is then no known model id
        }
    }
}
