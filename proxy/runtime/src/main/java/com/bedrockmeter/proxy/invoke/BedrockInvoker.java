package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.base.Rehearsal;
import com.bedrockmeter.model.usage.TokenCounts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * Calls Bedrock's InvokeModel through the real {@link BedrockRuntimeClient} (the simulator locally, by endpoint
 * override) and reads the token counts from the {@code X-Amzn-Bedrock-*-Token-Count} headers, or from the body's
 * {@code usage} for model families that do not send them.
 */
public class BedrockInvoker {

    static final String INPUT_TOKENS_HEADER = "x-amzn-bedrock-input-token-count";
    static final String OUTPUT_TOKENS_HEADER = "x-amzn-bedrock-output-token-count";
    static final String CACHE_READ_TOKENS_HEADER = "x-amzn-bedrock-cache-read-input-token-count";
    static final String CACHE_WRITE_TOKENS_HEADER = "x-amzn-bedrock-cache-write-input-token-count";

    private final BedrockRuntimeClient bedrock;
    private final ObjectMapper json;

    public BedrockInvoker(BedrockRuntimeClient bedrock, ObjectMapper json) {
        this.bedrock = bedrock;
        this.json = json;
    }

    /** @throws BedrockCallException with the status and code the caller should get */
    public BedrockAnswer invoke(ModelCall call) {
        InvokeModelResponse response;
        try {
            response = bedrock.invokeModel(request(call).build());
        } catch (BedrockRuntimeException e) {
            throw translate(e);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw new BedrockCallException(HttpStatus.GATEWAY_TIMEOUT.value(), "bedrock_timeout",
                    "Bedrock did not answer in time.", Map.of(), e);
        } catch (SdkClientException e) {
            throw new BedrockCallException(HttpStatus.BAD_GATEWAY.value(), "bedrock_unavailable",
                    "Bedrock could not be reached.", Map.of(), e);
        }
        byte[] body = response.body().asByteArrayUnsafe();
        Optional<Long> in = header(response, INPUT_TOKENS_HEADER);
        Optional<Long> out = header(response, OUTPUT_TOKENS_HEADER);
        Optional<Long> cacheRead = header(response, CACHE_READ_TOKENS_HEADER);
        Optional<Long> cacheWrite = header(response, CACHE_WRITE_TOKENS_HEADER);
        if (in.isPresent() && out.isPresent() && cacheRead.isPresent() && cacheWrite.isPresent()) {
            return new BedrockAnswer(body, response.contentType(),
                    new TokenCounts(in.get(), out.get(), cacheRead.get(), cacheWrite.get()));
        }
        TokenCounts fromBody = usageFromBody(body);
        return new BedrockAnswer(body, response.contentType(), new TokenCounts(in.orElse(fromBody.input()),
                out.orElse(fromBody.output()), cacheRead.orElse(fromBody.cacheRead()),
                cacheWrite.orElse(fromBody.cacheWrite())));
    }

    /**
     * The InvokeModel call for {@code call}, marshalled and signed but stopped before it is sent ({@link Rehearsal}).
     *
     * @return true when it was stopped before sending, as it must be
     */
    public boolean rehearse(ModelCall call) {
        return Rehearsal.stoppedBeforeSending(
                () -> bedrock.invokeModel(request(call).overrideConfiguration(Rehearsal::mark).build()));
    }

    private static InvokeModelRequest.Builder request(ModelCall call) {
        return InvokeModelRequest.builder().modelId(call.modelId())
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromByteArrayUnsafe(call.bedrockBody()));
    }

    private static Optional<Long> header(InvokeModelResponse response, String name) {
        return response.sdkHttpResponse().firstMatchingHeader(name).flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Anthropic ({@code input_tokens}, {@code cache_read_input_tokens}, {@code cache_creation_input_tokens}),
     * Amazon Nova ({@code inputTokens}, {@code cacheReadInputTokenCount}, {@code cacheWriteInputTokenCount}) and
     * Titan-style bodies.
     */
    private TokenCounts usageFromBody(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            JsonNode usage = root.path("usage");
            long in = usage.path("input_tokens").asLong(usage.path("inputTokens").asLong(
                    root.path("inputTextTokenCount").asLong(0)));
            long out = usage.path("output_tokens").asLong(usage.path("outputTokens").asLong(
                    root.path("results").path(0).path("tokenCount").asLong(0)));
            long cacheRead = usage.path("cache_read_input_tokens").asLong(
                    usage.path("cacheReadInputTokenCount").asLong(0));
            long cacheWrite = usage.path("cache_creation_input_tokens").asLong(
                    usage.path("cacheWriteInputTokenCount").asLong(0));
            return new TokenCounts(Math.max(0, in), Math.max(0, out), Math.max(0, cacheRead), Math.max(0, cacheWrite));
        } catch (IOException e) {
            return TokenCounts.NONE;
        }
    }

    private static BedrockCallException translate(BedrockRuntimeException e) {
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        String type = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
        return refusal(type, e.statusCode(), message, e);
    }

    /**
     * What the caller gets for Bedrock's error {@code errorType} (its name, e.g. {@code ThrottlingException}, as
     * the typed SDK exception and the {@code x-amzn-errortype} header both give it).
     */
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
}
