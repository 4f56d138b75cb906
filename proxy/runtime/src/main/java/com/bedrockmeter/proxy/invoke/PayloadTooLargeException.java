package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.base.ApiException;
import org.springframework.http.HttpStatus;

public class PayloadTooLargeException extends ApiException {
    public PayloadTooLargeException(long maxBytes) {
        super(HttpStatus.PAYLOAD_TOO_LARGE.value(), "payload_too_large",
                "The request body is larger than the limit of " + maxBytes + " bytes (set by the operator; about "
                        + "what one AWS Lambda request can carry). Shorten the conversation or its attachments.");
    }
}
