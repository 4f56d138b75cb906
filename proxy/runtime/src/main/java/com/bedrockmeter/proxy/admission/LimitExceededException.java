package com.bedrockmeter.proxy.admission;

import com.bedrockmeter.model.base.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A call refused before Bedrock because a limit is reached: 429 with the limit's headers. */
public class LimitExceededException extends ApiException {

    public LimitExceededException(Limit limit, long value, Instant reset, Instant now) {
        this(limit.description + " of " + value + " is reached; it resets at " + reset + ".", value, reset, now);
    }

    /**
     * A call whose token reservation does not fit in what is left of the monthly token limit: the limit need not be
     * used up, so the message says what the call asked for.
     */
    public static LimitExceededException tokensDoNotFit(long value, long reservation, Instant reset, Instant now) {
        return new LimitExceededException(Limit.MONTHLY_TOKENS.description + " of " + value + " has no room left "
                + "for this call, which reserves up to " + reservation + " tokens (its max_tokens plus an estimate of "
                + "its input) until it is settled. Send a smaller max_tokens, or wait until the limit resets at "
                + reset + ".", value, reset, now);
    }

    private LimitExceededException(String message, long value, Instant reset, Instant now) {
        super(HttpStatus.TOO_MANY_REQUESTS.value(), "rate_limited", message, headers(value, reset, now), null);
    }

    static Map<String, String> headers(long value, Instant reset, Instant now) {
        long retryAfter = Math.max(1, Duration.between(now, reset).toSeconds() + 1);
        return Map.of(
                "Retry-After", Long.toString(retryAfter),
                RateLimitHeaders.LIMIT, Long.toString(value),
                RateLimitHeaders.REMAINING, "0",
                RateLimitHeaders.RESET, Long.toString(reset.getEpochSecond()));
    }

    /** The limits admission enforces. */
    public enum Limit {
        DAILY_REQUESTS("The daily request limit"),
        REQUESTS_PER_MINUTE("The per-minute request limit"),
        MONTHLY_TOKENS("The monthly token limit");

        private final String description;

        Limit(String description) {
            this.description = description;
        }
    }
}
