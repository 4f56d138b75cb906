package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.proxy.admission.Admission;
import com.bedrockmeter.proxy.admission.Ticket;
import com.bedrockmeter.proxy.auth.ApiKeyAuthenticator;
import com.bedrockmeter.proxy.auth.Caller;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.proxy.base.StoreHealth;
import com.bedrockmeter.model.usage.TokenCounts;
import com.bedrockmeter.model.usage.UsageEvent;
import com.bedrockmeter.proxy.metering.UsageMeter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import com.bedrockmeter.proxy.admission.RateLimitHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
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
    private final BedrockStreams streams;
    private final ObjectMapper json;
    private final UsageMeter meter;
    private final List<String> defaultModels;
    private final long maxBodyBytes;
    private final Clock clock;
    private final StoreHealth store;

    public InvocationPipeline(ApiKeyAuthenticator authenticator, Admission admission, BedrockStreams streams,
                              ObjectMapper json, UsageMeter meter, List<String> defaultModels, long maxBodyBytes,
                              Clock clock, StoreHealth store) {
        this.store = store;
        this.authenticator = authenticator;
        this.admission = admission;
        this.streams = streams;
        this.json = json;
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

    /**
     * @param refusals how this route states a refusal before Bedrock (e.g. the OpenAI routes answer a model not
     *                 allowed with 404), applied before the refusal is metered, so that the event's status is the
     *                 one the caller got
     */
    public record Request(String route, String authorization, BodySource body, Function<byte[], ModelCall> parser,
                          UnaryOperator<ApiException> refusals) {

        public Request(String route, String authorization, BodySource body, Function<byte[], ModelCall> parser) {
            this(route, authorization, body, parser, UnaryOperator.identity());
        }
    }

    /** @param tokens what Bedrock reported the call used (for routes that translate the answer) */
    public record Response(byte[] body, String contentType, Map<String, String> headers, TokenCounts tokens) {
    }

    /**
     * @throws ApiException for every refusal, with the status and code the caller gets; nothing is counted for a
     *                      call refused before Bedrock (once the caller is known it leaves a usage event with its
     *                      status and code, for analytics), and a call Bedrock failed is given back and counted as
     *                      an error
     */
    public Response invoke(Request request) {
        Admitted<Ticket> call = admit(request);
        byte[] body;
        String contentType;
        TokenCounts tokens;
        BedrockStreams.OpenStream opened = null;
        try (BedrockStreams.OpenStream answer = streams.open(call.call(), Passthrough.INVOKE)) {
            opened = answer;
            body = answer.body().readAllBytes(); // InvokeModel answers whole, once the model is done
            if (answer.cutOffBeforeTheEnd()) {
                throw BedrockRefusals.timeout(null);
            }
            contentType = answer.headers().get("Content-Type");
            boolean cached = InvokeTokens.mayUseTheCache(call.call().bedrockBody());
            tokens = InvokeTokens.of(answer::header, body, cached, json);
        } catch (IOException e) {
            throw failed(call, request, opened != null && opened.timedOut() ? BedrockRefusals.timeout(e)
                    : new BedrockCallException(HttpStatus.BAD_GATEWAY.value(), "bedrock_unavailable",
                            "Bedrock's answer broke off.", Map.of(), e));
        } catch (RuntimeException e) {
            throw failed(call, request, e);
        }
        meter.succeeded(call.taken(), event(call.taken().admittedAt(), call.requestId(), call.caller(),
                call.call().modelId(), request.route(), 200, tokens, call.started(), null,
                UsageEvent.ANSWERED, null, null));
        return new Response(body, contentType, headers(call, Map.of()), tokens);
    }


    /** Where a streamed answer goes: the status and headers first, then the body as it arrives. */
    @FunctionalInterface
    public interface StreamTarget {
        OutputStream start(Map<String, String> headers) throws IOException;
    }

    /**
     * The pass-through form of {@link #invoke} ({@link Passthrough}): the same steps, then Bedrock's answer passed on
     * as it arrives (an event stream, or Converse's JSON).
     * A refusal before the first byte is an {@link ApiException} like {@code invoke}'s. After it, the stream is read
     * to its end whatever the client does, because Bedrock bills the whole answer: a client that went away leaves
     * the event marked {@code clientDisconnected}; a stream Bedrock breaks off reaches the client as its exception
     * frame (one of ours if the connection to Bedrock broke), and the usage produced so far is metered.
     */
    public void stream(Request request, Passthrough operation, StreamTarget target) {
        Admitted<Ticket> call = admit(request);
        BedrockStreams.OpenStream answer;
        try {
            answer = streams.open(call.call(), operation);
        } catch (RuntimeException e) {
            throw failed(call, request, e);
        }
        UsageReader usage = operation.reader(json);
        boolean clientGone = false;
        long firstByte = 0;
        String broken = null;
        OutputStream out = null;
        try (answer) {
            try {
                out = target.start(headers(call, answer.headers()));
            } catch (IOException e) {
                clientGone = true;
            }
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = answer.body().read(buffer)) >= 0) {
                usage.feed(buffer, 0, read);
                if (!clientGone) {
                    try {
                        out.write(buffer, 0, read);
                        out.flush();
                        if (firstByte == 0) {
                            firstByte = System.nanoTime();
                        }
                    } catch (IOException e) {
                        clientGone = true; // keep reading: Bedrock bills the whole answer
                    }
                }
            }
            if (answer.cutOffBeforeTheEnd()) {
                throw new IOException("cut off at the Bedrock timeout");
            }
        } catch (IOException e) {
            // the connection to Bedrock failed mid-stream, or the answer ran past the Bedrock timeout
            broken = answer.timedOut() ? "bedrock_timeout" : "bedrock_stream_broken";
            if (!clientGone && operation.eventStream()) {
                clientGone = !StreamFrames.writeException(out, answer.timedOut() ? "modelTimeoutException"
                        : "internalServerException", answer.timedOut()
                        ? "The answer took longer than the proxy's Bedrock timeout and was cut off; the tokens "
                                + "received so far are billed."
                        : "The stream from Bedrock broke off; the tokens received so far are billed.");
            }
        } catch (RuntimeException e) {
            broken = "internal_error"; // ours: Bedrock has answered, so the usage so far is still metered below
            throw e;
        } finally {
            String errorCode = broken != null ? broken
                    : usage.exceptionType() != null ? "bedrock_stream_" + usage.exceptionType() : null;
            meter.succeeded(call.taken(), event(call.taken().admittedAt(), call.requestId(), call.caller(),
                    call.call().modelId(), request.route(), 200, usage.tokens(), call.started(), errorCode,
                    UsageEvent.ANSWERED, clientGone ? Boolean.TRUE : null,
                    firstByte == 0 ? null : (firstByte - call.started()) / 1_000_000));
        }
    }

    /**
     * CountTokens: authenticated and validated like a call, counted against the per-minute limit only, answered by
     * Bedrock and never billed (its event's outcome is {@code not_billed}; no counter changes).
     */
    public void countTokens(Request request, StreamTarget target) {
        Admitted<Optional<RateLimitHeaders>> counted = admit(request,
                (caller, call, requestId) -> admission.admitMinute(caller.customer()));
        Caller caller = counted.caller();
        ModelCall call = counted.call();
        String requestId = counted.requestId();
        long started = counted.started();
        Optional<RateLimitHeaders> rateLimit = counted.taken();
        int status = 200;
        String errorCode = null;
        try (BedrockStreams.OpenStream answer = streams.open(call, Passthrough.COUNT_TOKENS)) {
            Map<String, String> headers = new HashMap<>(answer.headers());
            rateLimit.ifPresent(limit -> headers.putAll(limit.asMap()));
            headers.put(REQUEST_ID_HEADER, requestId);
            OutputStream out = target.start(headers);
            answer.body().transferTo(out);
            out.flush();
        } catch (ApiException e) {
            status = e.status();
            errorCode = e.code();
            throw e;
        } catch (IOException e) {
            errorCode = "bedrock_stream_broken";
        } finally {
            meter.refused(event(clock.instant(), requestId, caller, call.modelId(), request.route(), status,
                    TokenCounts.NONE, started, errorCode, UsageEvent.NOT_BILLED, null, null));
        }
    }

    /** A call let through to Bedrock: who, what, and what admission took. */
    private record Admitted<T>(Caller caller, ModelCall call, T taken, String requestId, long started) {
    }

    /** How a call is admitted: the limits it counts against, and what that took. */
    @FunctionalInterface
    private interface AdmissionStep<T> {
        T take(Caller caller, ModelCall call, String requestId);
    }

    /** Authenticate, validate, admit; a refusal once the caller is known is metered as such. */
    private <T> Admitted<T> admit(Request request, AdmissionStep<T> step) {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        Caller caller = authenticator.authenticate(request.authorization());
        ModelCall call = null;
        try {
            caller.requireActive();
            call = request.parser().apply(request.body().read(maxBodyBytes));
            requireAllowed(caller, call.modelId());
            store.requireUp();
            return new Admitted<>(caller, call, step.take(caller, call, requestId), requestId, started);
        } catch (ApiException thrown) {
            ApiException refused = request.refusals().apply(thrown);
            meter.refused(event(clock.instant(), requestId, caller, call == null ? null : call.modelId(),
                    request.route(), refused.status(), TokenCounts.NONE, started, refused.code(), UsageEvent.REFUSED,
                    null, null));
            throw refused;
        }
    }

    /** Every limit of the customer: what a billed call goes through. */
    private Admitted<Ticket> admit(Request request) {
        return admit(request, (caller, call, requestId) ->
                admission.admit(caller.customer(), requestId, call.tokenReservation()));
    }

    /** Bedrock failed the call before answering: given back, counted as an error. */
    private ApiException failed(Admitted<Ticket> call, Request request, RuntimeException e) {
        ApiException refusal = e instanceof ApiException api ? api
                : new ApiException(HttpStatus.INTERNAL_SERVER_ERROR.value(), "internal_error",
                        "An unexpected error occurred; it has been logged", Map.of(), e);
        meter.failed(call.taken(), event(call.taken().admittedAt(), call.requestId(), call.caller(),
                call.call().modelId(), request.route(), refusal.status(), TokenCounts.NONE, call.started(),
                refusal.code(), UsageEvent.FAILED, null, null));
        return refusal;
    }

    private static Map<String, String> headers(Admitted<Ticket> call, Map<String, String> fromBedrock) {
        Map<String, String> headers = new HashMap<>(fromBedrock);
        call.taken().rateLimit().ifPresent(limit -> headers.putAll(limit.asMap()));
        headers.put(REQUEST_ID_HEADER, call.requestId());
        return headers;
    }

    /**
     * The models the bearer of {@code authorization} may call (their own list, else the deployment's), for the
     * listing routes; nothing is metered, as nothing is called.
     *
     * @throws ApiException 401 for a bad token, 403 for a customer who may not call
     */
    public List<String> modelsFor(String authorization) {
        Caller caller = authenticator.authenticate(authorization);
        caller.requireActive();
        return caller.customer().allowedModels().isEmpty() ? defaultModels : caller.customer().allowedModels();
    }

    private void requireAllowed(Caller caller, String modelId) {
        List<String> allowed = caller.customer().allowedModels().isEmpty()
                ? defaultModels : caller.customer().allowedModels();
        if (!allowed.contains(modelId)) {
            throw new ApiException(HttpStatus.BAD_REQUEST.value(), "model_not_allowed",
                    "The model '" + modelId + "' is not enabled for this account. Allowed: " + allowed);
        }
    }

    /**
     * @param at          when the call was admitted (its counters' day and month), or refused
     * @param firstByteMs time to the first byte of a streamed answer, else null
     */
    private UsageEvent event(Instant at, String requestId, Caller caller, String modelId, String route, int status,
                             TokenCounts tokens, long started, String errorCode, String outcome,
                             Boolean clientDisconnected, Long firstByteMs) {
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        return new UsageEvent(requestId, at, caller.customerId(), caller.keyId(), modelId, route, status,
                tokens.input(), tokens.output(), latencyMs, errorCode, outcome, clientDisconnected,
                tokens.cacheRead(), tokens.cacheWrite(), firstByteMs);
    }
}
