package com.bedrockmeter.model.customer;

import com.bedrockmeter.model.base.InvalidInputException;

/**
 * A customer's limits; {@code null} means unlimited. All are counted per UTC calendar period.
 *
 * @param dailyRequests     calls per UTC day (the guide's {@code --daily-limit})
 * @param requestsPerMinute calls per UTC minute
 * @param monthlyTokens     input + output tokens per UTC month (checked with a reservation of the call's
 *                          {@code max_tokens} plus an estimate of its input before Bedrock is called)
 */
public record Limits(Long dailyRequests, Long requestsPerMinute, Long monthlyTokens) {

    public static final Limits UNLIMITED = new Limits(null, null, null);

    /** Upper bound for any limit: anything larger is a typo, not a business rule. */
    public static final long MAX = 1_000_000_000_000L;

    public Limits {
        check("daily limit", dailyRequests);
        check("requests-per-minute limit", requestsPerMinute);
        check("monthly token limit", monthlyTokens);
    }

    private static void check(String what, Long value) {
        if (value != null && (value < 0 || value > MAX)) {
            throw new InvalidInputException("invalid_limit",
                    "The " + what + " must be between 0 and " + MAX + " (or 'unlimited'), got " + value);
        }
    }

    public Limits withDailyRequests(Long value) {
        return new Limits(value, requestsPerMinute, monthlyTokens);
    }

    public Limits withRequestsPerMinute(Long value) {
        return new Limits(dailyRequests, value, monthlyTokens);
    }

    public Limits withMonthlyTokens(Long value) {
        return new Limits(dailyRequests, requestsPerMinute, value);
    }
}
