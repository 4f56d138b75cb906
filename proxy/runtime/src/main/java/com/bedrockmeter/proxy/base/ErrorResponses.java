package com.bedrockmeter.proxy.base;

import com.bedrockmeter.model.base.ApiError;
import com.bedrockmeter.model.base.ApiException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The one way a refusal reaches the caller: its status, its headers ({@code WWW-Authenticate: Bearer} on a 401) and
 * the body {@code {"error":{"code":"…","message":"…"}}}, for the routes that write their own responses and for
 * {@link ErrorHandler}. An unexpected failure is logged and answered {@code internal_error} without its details.
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {
    }

    /** The headers a refusal carries besides its content type. */
    public static HttpHeaders headers(ApiException e) {
        HttpHeaders headers = new HttpHeaders();
        e.headers().forEach(headers::set);
        if (e.status() == HttpStatus.UNAUTHORIZED.value()) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return headers;
    }

    public static void write(HttpServletResponse response, ApiException e) throws IOException {
        write(response, e.status(), headers(e), ApiError.of(e.code(), e.getMessage()));
    }

    public static void writeUnexpected(HttpServletResponse response, Exception e) throws IOException {
        log.error("Unexpected failure on the request path", e);
        write(response, HttpStatus.INTERNAL_SERVER_ERROR.value(), new HttpHeaders(), unexpected());
    }

    static ApiError unexpected() {
        return ApiError.of("internal_error", "An unexpected error occurred; it has been logged");
    }

    private static void write(HttpServletResponse response, int status, HttpHeaders headers, ApiError error)
            throws IOException {
        byte[] body = JSON.writeValueAsBytes(error);
        response.setStatus(status);
        headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
