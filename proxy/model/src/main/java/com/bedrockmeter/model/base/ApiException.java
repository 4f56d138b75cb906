package com.bedrockmeter.model.base;

import java.util.Map;

/**
 * A refusal the caller should see as {@code {"error":{"code":"…","message":"…"}}} with {@link #status()}.
 * The code is stable (clients branch on it); the message is for people.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of(), null);
    }

    public ApiException(int status, String code, String message, Map<String, String> headers, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    /** The HTTP status code (the model knows no web framework). */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Extra response headers, e.g. {@code Retry-After} on 429. */
    public Map<String, String> headers() {
        return headers;
    }
}
