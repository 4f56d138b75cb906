package com.bedrockmeter.proxy.invoke;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** What the caller gets for an error Bedrock answered, by its type (the {@code x-amzn-errortype} header). */
final class BedrockRefusals {

    private BedrockRefusals() {
    }

    /** @param errorType Bedrock's error name, e.g. {@code ThrottlingException} */
    static BedrockCallException refusal(String errorType, int status, String message, Throwable cause) {
        String type = errorType == null ? "" : errorType;
        return switch (type) {
            case "ThrottlingException", "ModelNotReadyException", "ServiceQuotaExceededException" ->
                    new BedrockCallException(HttpStatus.TOO_MANY_REQUESTS.value(), "bedrock_throttled",
                            "Bedrock is throttling requests; retry later. (" + message + ")",
                            Map.of("Retry-After", "1"), cause);
            case "ValidationException" -> new BedrockCallException(HttpStatus.BAD_REQUEST.value(),
                    "bedrock_validation_error", "Bedrock rejected the request: " + message, Map.of(), cause);
            case "ResourceNotFoundException" -> new BedrockCallException(HttpStatus.BAD_REQUEST.value(),
                    "model_not_found", "Bedrock does not know this model: " + message, Map.of(), cause);
            case "ModelTimeoutException" -> new BedrockCallException(HttpStatus.GATEWAY_TIMEOUT.value(),
                    "bedrock_timeout", "The model did not answer in time.", Map.of(), cause);
            case "AccessDeniedException" -> new BedrockCallException(HttpStatus.BAD_GATEWAY.value(),
                    "bedrock_access_denied",
                    "The proxy is not allowed to call this model in Bedrock; tell your provider.", Map.of(), cause);
            default -> new BedrockCallException(HttpStatus.BAD_GATEWAY.value(), "bedrock_unavailable",
                    "Bedrock failed (" + status + "): " + message, Map.of(), cause);
        };
    }

    /** Bedrock did not answer within the Bedrock timeout. */
    static BedrockCallException timeout(Throwable cause) {
        return new BedrockCallException(HttpStatus.GATEWAY_TIMEOUT.value(), "bedrock_timeout",
                "Bedrock did not answer in time.", Map.of(), cause);
    }
}
