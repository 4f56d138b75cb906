package com.bedrockmeter.proxy.admission;

import java.util.Map;

/**
 * The rate-limit headers a caller sees, for the daily request limit when there is one (else the per-minute one).
 * {@code X-RateLimit-Reset} is the UTC epoch second at which the window starts over.
 */
public record RateLimitHeaders(long limit, long remaining, long resetEpochSecond) {

    public static final String LIMIT = "X-RateLimit-Limit";
    public static final String REMAINING = "X-RateLimit-Remaining";
    public static final String RESET = "X-RateLimit-Reset";

    public Map<String, String> asMap() {
        return Map.of(LIMIT, Long.toString(limit), REMAINING, Long.toString(Math.max(0, remaining)),
                RESET, Long.toString(resetEpochSecond));
    }
}
