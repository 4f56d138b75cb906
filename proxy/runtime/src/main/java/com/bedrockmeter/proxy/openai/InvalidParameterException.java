package com.bedrockmeter.proxy.openai;

import com.bedrockmeter.model.base.ApiException;

/** A 400 on the OpenAI routes that names the request parameter at fault (OpenAI's {@code error.param}). */
final class InvalidParameterException extends ApiException {

    private final String param;

    InvalidParameterException(String code, String param, String message) {
        super(400, code, message);
        this.param = param;
    }

    /** The parameter, e.g. {@code messages[2].content}; null when the body as a whole is at fault. */
    String param() {
        return param;
    }
}
