package com.bedrockmeter.model.usage;

/**
 * Counts for one period (and optionally one model).
 *
 * @param requests         calls admitted (including calls in flight; a call that failed at Bedrock is given back)
 * @param inputTokens      input tokens Bedrock processed anew (its {@code inputTokens}: cached tokens excluded)
 * @param errors           calls that reached Bedrock and failed
 * @param cacheReadTokens  input tokens read from the prompt cache (priced apart, usually far below input)
 * @param cacheWriteTokens input tokens written to the prompt cache (priced apart, usually above input)
 */
public record UsageTotals(long requests, long inputTokens, long outputTokens, long errors, long cacheReadTokens,
                          long cacheWriteTokens) {

    public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0, 0, 0);

    /** Counts without prompt caching. */
    public UsageTotals(long requests, long inputTokens, long outputTokens, long errors) {
        this(requests, inputTokens, outputTokens, errors, 0, 0);
    }

    public UsageTotals plus(UsageTotals other) {
        return new UsageTotals(requests + other.requests, inputTokens + other.inputTokens,
                outputTokens + other.outputTokens, errors + other.errors, cacheReadTokens + other.cacheReadTokens,
                cacheWriteTokens + other.cacheWriteTokens);
    }

    /** Every token Bedrock counted: input, output, cache read and cache write (Converse's {@code totalTokens}). */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
    }
}
