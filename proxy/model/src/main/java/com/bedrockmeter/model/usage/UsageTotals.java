package com.bedrockmeter.model.usage;

/**
 * Counts for one period (and optionally one model).
 *
 * @param requests calls admitted (including calls in flight; a call that failed at Bedrock is given back)
 * @param errors   calls that reached Bedrock and failed
 */
public record UsageTotals(long requests, long inputTokens, long outputTokens, long errors) {

    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0);

    public UsageTotals plus(UsageTotals other) {
        return new UsageTotals(requests + other.requests, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, errors + other.errors);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
