package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.base.ApiException;
import java.util.Map;

/** Bedrock refused or failed the call; the status and code tell the caller what to do. */
public class BedrockCallException extends ApiException {
    BedrockCallException(int status, String code, String message, Map<String, String> headers, Throwable cause) {
        super(status, code, message, headers, cause);
    }
}
