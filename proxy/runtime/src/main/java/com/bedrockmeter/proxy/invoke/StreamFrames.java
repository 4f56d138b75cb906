package com.bedrockmeter.proxy.invoke;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/** The one event-stream frame the proxy writes itself: an exception when the stream from Bedrock breaks off. */
final class StreamFrames {

    private StreamFrames() {
    }

    /** @return false if the client could not be written to (it is gone) */
    static boolean writeException(OutputStream out, String exceptionType, String message) {
        if (out == null) {
            return false;
        }
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("exception"));
        headers.put(":exception-type", HeaderValue.fromString(exceptionType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        String json = "{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        try {
            new Message(headers, json.getBytes(StandardCharsets.UTF_8)).encode(out);
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
