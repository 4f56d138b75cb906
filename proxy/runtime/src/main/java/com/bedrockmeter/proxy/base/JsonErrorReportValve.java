package com.bedrockmeter.proxy.base;

import com.bedrockmeter.model.base.ApiError;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own refusals (a request it cannot parse: a header over the size limit, a bad request line) are written
 * before any of our code runs, as an HTML page. This valve writes them as our JSON error body instead, so that every
 * answer of the proxy has an {@code error.code}. Errors our routes answered themselves are left alone.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ApiError error = status == 400
                ? ApiError.of("bad_http_request", "The HTTP request could not be read: it is malformed, or its "
                        + "headers are larger than the server accepts (8 KB in all).")
                : status == 413
                ? ApiError.of("payload_too_large", "The request is larger than the server accepts.")
                : status == 505
                ? ApiError.of("http_version_not_supported", "Use HTTP/1.1.")
                : ApiError.of("http_error_" + status, "The server refused the request (HTTP " + status + ").");
        try {
            byte[] body = JSON.writeValueAsBytes(error);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed meanwhile: nothing more to write
        }
    }
}
