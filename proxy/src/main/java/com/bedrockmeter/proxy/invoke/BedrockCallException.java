package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.proxy.base.ApiException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** Bedrock refused or failed the call; the status and code tell the caller what to do. */
public class BedrockCallException extends ApiException {
    BedrockCallException(HttpStatus status, String code, String message, Map<String, String> headers, Throwable cause) {
        super(status, code, message, headers, cause);
    }
}
