package com.bedrockmeter.model.base;


/** DynamoDB could not be reached or failed: the request path fails closed (503) and Bedrock is not called. */
public class StoreUnavailableException extends ApiException {
    public StoreUnavailableException(Throwable cause) {
        super(503, "store_unavailable",
                "The usage store is unavailable; the call was not forwarded. Retry shortly.",
                java.util.Map.of("Retry-After", "1"), cause);
    }
}
