package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the simulator answers over HTTP: JSON with Bedrock's request id and latency headers, an event stream, or an
 * error in the restJson1 shape the AWS SDK reads (the status of the error type, {@code x-amzn-errortype},
 * {@code x-amzn-requestid} and {@code {"message":"..."}}).
 */
final class Replies {

    private static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";
    private static final Map<String, Integer> ERROR_STATUS = Map.of(
            "ValidationException", 400,
            "AccessDeniedException", 403,
            "ResourceNotFoundException", 404,
            "UnknownOperationException", 404,
            "ModelTimeoutException", 408,
            "ThrottlingException", 429,
            "ModelNotReadyException", 429,
            "ModelErrorException", 424,
            "InternalServerException", 500,
            "ServiceUnavailableException", 503);

    private Replies() {
    }

    static void send(HttpExchange exchange, int status, byte[] body, long started) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("x-amzn-requestid", Ids.requestId());
        headers.set("x-amzn-bedrock-invocation-latency",
                Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** An error of type {@code errorType} (an unknown type answers 500). */
    static void sendError(ObjectMapper mapper, HttpExchange exchange, String errorType, String message, long started)
            throws IOException {
        exchange.getResponseHeaders().set("x-amzn-errortype", errorType + ERROR_TYPE_SUFFIX);
        send(exchange, ERROR_STATUS.getOrDefault(errorType, 500),
                mapper.writeValueAsBytes(Map.of("message", message)), started);
    }

    /** Starts an event stream: chunked, so that each frame leaves as it is written. */
    static void startStream(HttpExchange exchange) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/vnd.amazon.eventstream");
        headers.set("X-Amzn-Bedrock-Content-Type", "application/json");
        headers.set("x-amzn-requestid", Ids.requestId());
        exchange.sendResponseHeaders(200, 0);
    }
}
