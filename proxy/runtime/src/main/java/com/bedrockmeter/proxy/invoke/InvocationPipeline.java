package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.proxy.admission.Admission;
import com.bedrockmeter.proxy.admission.Ticket;
import com.bedrockmeter.proxy.auth.ApiKeyAuthenticator;
import com.bedrockmeter.proxy.auth.Caller;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.proxy.base.StoreHealth;
import com.bedrockmeter.model.usage.UsageEvent;
import com.bedrockmeter.proxy.metering.UsageMeter;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;

/**
 * The one request path every route goes through: authenticate → validate → admit → forward → settle → respond.
 * A route only says how to read its body into a {@link ModelCall}; it cannot skip a step, so no route can bypass
 * limits or metering.
 */
public class InvocationPipeline {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final ApiKeyAuthenticator authenticator;
    private final Admission admission;
    private final BedrockInvoker bedrock;
    private final UsageMeter meter;
    private final List<String> defaultModels;
    private final long maxBodyBytes;
    private final Clock clock;
    private final StoreHealth store;

    public InvocationPipeline(ApiKeyAuthenticator authenticator, Admission admission, BedrockInvoker bedrock,
                              UsageMeter meter, List<String> defaultModels, long maxBodyBytes, Clock clock,
                              StoreHealth store) {
        this.store = store;
        this.authenticator = authenticator;
        this.admission = admission;
        this.bedrock = bedrock;
        this.meter = meter;
        this.defaultModels = List.copyOf(defaultModels);
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /** Reads a body of at most {@code maxBytes}, or throws {@link PayloadTooLargeException}. */
    @FunctionalInterface
    public interface BodySource {
        byte[] read(long maxBytes);
    }

    public record Request(String route, String authorization, BodySource body, Function<byte[], ModelCall> parser) {
    }

    public record Response(byte[] body, String contentType, Map<String, String> headers) {
    }

    /**
     * @throws ApiException for every refusal, with the status and code the caller gets; nothing is counted for a
     *                      call refused before Bedrock (once the caller is known it leaves a usage event with its
     *                      status and code, for analytics), and a call Bedrock failed is given back and counted as
     *                      an error
     */
    public Response invoke(Request request) {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        Caller caller = authenticator.authenticate(request.authorization());
        ModelCall call = null;
        Ticket ticket;
        try {
            caller.requireActive();
            call = request.parser().apply(request.body().read(maxBodyBytes));
            requireAllowed(caller, call.modelId());
            store.requireUp();
            ticket = admission.admit(caller.customer(), requestId, call.tokenReservation());
        } catch (ApiException refused) {
            meter.refused(event(clock.instant(), requestId, caller, call == null ? null : call.modelId(),
                    request.route(), refused.status(), 0, 0, started, refused.code(), UsageEvent.REFUSED));
            throw refused;
        }

        BedrockAnswer answer;
        try {
            answer = bedrock.invoke(call);
        } catch (RuntimeException e) {
            ApiException refusal = e instanceof ApiException api ? api
                    : new ApiException(HttpStatus.INTERNAL_SERVER_ERROR.value(), "internal_error",
                            "An unexpected error occurred; it has been logged", Map.of(), e);
            meter.failed(ticket, event(ticket.admittedAt(), requestId, caller, call.modelId(), request.route(),
                    refusal.status(), 0, 0, started, refusal.code(), UsageEvent.FAILED));
            throw refusal;
        }
        meter.succeeded(ticket, event(ticket.admittedAt(), requestId, caller, call.modelId(), request.route(), 200,
                answer.inputTokens(), answer.outputTokens(), started, null, UsageEvent.ANSWERED));
        Map<String, String> headers = new HashMap<>();
        ticket.rateLimit().ifPresent(limit -> headers.putAll(limit.asMap()));
        headers.put(REQUEST_ID_HEADER, requestId);
        return new Response(answer.body(), answer.contentType(), headers);
    }

    private void requireAllowed(Caller caller, String modelId) {
        List<String> allowed = caller.customer().allowedModels().isEmpty()
                ? defaultModels : caller.customer().allowedModels();
        if (!allowed.contains(modelId)) {
            throw new ApiException(HttpStatus.BAD_REQUEST.value(), "model_not_allowed",
                    "The model '" + modelId + "' is not enabled for this account. Allowed: " + allowed);
        }
    }

    /** @param at when the call was admitted (its counters' day and month), or refused */
    private UsageEvent event(Instant at, String requestId, Caller caller, String modelId, String route, int status,
                             long in, long out, long started, String errorCode, String outcome) {
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        return new UsageEvent(requestId, at, caller.customerId(), caller.keyId(), modelId, route,
                status, in, out, latencyMs, errorCode, outcome);
    }
}
