package com.bedrockmeter.proxy.base;

import com.bedrockmeter.model.base.ApiError;
import com.bedrockmeter.model.base.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure in Spring MVC's handling (unknown route, wrong method on it, annotated handlers) into the JSON
 * error body, and never leaks internals. The invoke routes write their own refusals through {@link ErrorResponses}.
 */
@RestControllerAdvice
class ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> apiException(ApiException e) {
        return respond(HttpStatus.valueOf(e.status()), ErrorResponses.headers(e), e.code(), e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> notFound(NoResourceFoundException e) {
        return respond(HttpStatus.NOT_FOUND, new HttpHeaders(), "not_found", "No route "
                + e.getHttpMethod() + " " + (e.getResourcePath().startsWith("/") ? "" : "/") + e.getResourcePath()
                + "; the proxy answers POST /bedrock, POST /model/{modelId}/invoke, /invoke-with-response-stream, "
                + "/converse and /converse-stream, and GET /inference-profiles");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, new HttpHeaders(), "method_not_allowed",
                "Method " + e.getMethod() + " is not allowed here");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, new HttpHeaders(), "unsupported_media_type",
                "Send the body as application/json");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected failure on the request path", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(), ErrorResponses.unexpected());
    }

    private static ResponseEntity<ApiError> respond(HttpStatus status, HttpHeaders headers, String code, String message) {
        return respond(status, headers, ApiError.of(code, message));
    }

    private static ResponseEntity<ApiError> respond(HttpStatus status, HttpHeaders headers, ApiError error) {
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(error, headers, status);
    }
}
