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
 * @param cacheReadTokens  prompt tokens read from the cache (not in {@code inputTokens}, as in Bedrock's usage)
 * @param cacheWriteTokens prompt tokens written to the cache (not in {@code inputTokens})
 * @param firstByteMs time from the call's arrival to the first byte sent on, for answers passed on as they arrive
 *                  (streams, Converse, chat completions); null for answers sent whole (InvokeModel, embeddings:
 *                  their latency is their time to first byte)
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
        Boolean clientDisconnected,
        long cacheReadTokens,
        long cacheWriteTokens,
        Long firstByteMs) {

    /** A call without prompt caching, answered whole or abandoned mid-stream. */
    public UsageEvent(String requestId, Instant timestamp, String customerId, String keyId, String modelId,
                      String route, int status, long inputTokens, long outputTokens, long latencyMs, String errorCode,
                      String outcome, Boolean clientDisconnected) {
        this(requestId, timestamp, customerId, keyId, modelId, route, status, inputTokens, outputTokens, latencyMs,
                errorCode, outcome, clientDisconnected, 0, 0, null);
    }

    /** A call whose caller stayed to the end (every call but an abandoned stream). */
    public UsageEvent(String requestId, Instant timestamp, String customerId, String keyId, String modelId,
                      String route, int status, long inputTokens, long outputTokens, long latencyMs, String errorCode,
                      String outcome) {
        this(requestId, timestamp, customerId, keyId, modelId, route, status, inputTokens, outputTokens, latencyMs,
                errorCode, outcome, null);
    }

    /** The tokens of the answer, as Bedrock reported them. */
    public TokenCounts tokens() {
        return new TokenCounts(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens);
    }

    public static final String ANSWERED = "answered";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";
    public static final String NOT_BILLED = "not_billed";
}
