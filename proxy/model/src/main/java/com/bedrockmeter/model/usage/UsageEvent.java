package com.bedrockmeter.model.usage;

import java.time.Instant;

/**
 * One call, as the analytics pipeline sees it: one JSON line per call, append-only. A call refused before the
 * caller is known (no valid token) has none.
 *
 * @param modelId   null when the call was refused before its body was read (e.g. too large, not JSON)
 * @param status    the HTTP status the caller got
 * @param errorCode our error code when the call failed, else null
 * @param latencyMs time spent in the proxy for this call, Bedrock included
 * @param outcome   {@code answered} (Bedrock answered: counted as a request, with its tokens), {@code failed}
 *                  (Bedrock was called and failed: counted as an error), {@code refused} (refused before Bedrock:
 *                  no counter changes) or {@code not_billed} (CountTokens: answered, never billed, no counter
 *                  changes); the counters are the sums of these, which {@code reconcile} checks
 * @param clientDisconnected true when the caller went away before a streamed answer ended (Bedrock billed it all,
 *                  and it was read to its end and metered in full); null otherwise
 */
public record UsageEvent(
        String requestId,
        Instant timestamp,
        String customerId,
        String keyId,
        String modelId,
        String route,
        int status,
        long inputTokens,
        long outputTokens,
        long latencyMs,
        String errorCode,
        String outcome,
        Boolean clientDisconnected) {

    /** A call whose caller stayed to the end (every call but an abandoned stream). */
    public UsageEvent(String requestId, Instant timestamp, String customerId, String keyId, String modelId,
                      String route, int status, long inputTokens, long outputTokens, long latencyMs, String errorCode,
                      String outcome) {
        this(requestId, timestamp, customerId, keyId, modelId, route, status, inputTokens, outputTokens, latencyMs,
                errorCode, outcome, null);
    }

    public static final String ANSWERED = "answered";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";
    public static final String NOT_BILLED = "not_billed";
}
