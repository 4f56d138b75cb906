package com.bedrockmeter.model.usage;

/**
 * The tokens of one answer as Bedrock reported them. {@code input} excludes the cached tokens, as Bedrock's
 * {@code inputTokens} does: a prompt's tokens are input, cache read or cache write, each priced apart.
 */
public record TokenCounts(long input, long output, long cacheRead, long cacheWrite) {

    public static final TokenCounts NONE = new TokenCounts(0, 0, 0, 0);

    /** @throws IllegalArgumentException if a count is negative */
    public TokenCounts {
        if (input < 0 || output < 0 || cacheRead < 0 || cacheWrite < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    /** Every token of the answer: what a monthly token limit counts. */
    public long total() {
        return Math.addExact(Math.addExact(input, output), Math.addExact(cacheRead, cacheWrite));
    }
}
