package com.bedrockmeter.model.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The price of one model's tokens from a date on, until the next price for the same model takes effect. Prompt
 * tokens come in three kinds, each with its own price: input (processed anew), cache read and cache write.
 *
 * @param effectiveFrom        first UTC day the price applies to; usage before it keeps the earlier price
 * @param cacheReadPerMillion  price of prompt tokens read from the cache
 * @param cacheWritePerMillion price of prompt tokens written to the cache
 */
public record TokenPrice(String modelId, LocalDate effectiveFrom, Money inputPerMillion, Money outputPerMillion,
                         Money cacheReadPerMillion, Money cacheWritePerMillion) {

    /** Claude's cache-read price on Bedrock, as a share of its input price. */
    public static final BigDecimal CACHE_READ_SHARE = new BigDecimal("0.1");
    /** Claude's cache-write price on Bedrock (five-minute cache), as a share of its input price. */
    public static final BigDecimal CACHE_WRITE_SHARE = new BigDecimal("1.25");
    private static final BigDecimal ONE_MILLIONTH = BigDecimal.ONE.movePointLeft(6);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * @throws IllegalArgumentException if the model id is blank, a price is negative, or the currencies differ
     */
    public TokenPrice {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Money.requireNonNegative(inputPerMillion, "inputPerMillion");
        Money.requireNonNegative(outputPerMillion, "outputPerMillion");
        Money.requireNonNegative(cacheReadPerMillion, "cacheReadPerMillion");
        Money.requireNonNegative(cacheWritePerMillion, "cacheWritePerMillion");
        var currency = inputPerMillion.currency();
        if (!currency.equals(outputPerMillion.currency()) || !currency.equals(cacheReadPerMillion.currency())
                || !currency.equals(cacheWritePerMillion.currency())) {
            throw new IllegalArgumentException("a model's token prices must be in one currency");
        }
    }

    /**
     * A price whose cache tokens follow Claude's ratios on Bedrock: cache read at {@link #CACHE_READ_SHARE} and
     * cache write at {@link #CACHE_WRITE_SHARE} of the input price.
     */
    public TokenPrice(String modelId, LocalDate effectiveFrom, Money inputPerMillion, Money outputPerMillion) {
        this(modelId, effectiveFrom, inputPerMillion, outputPerMillion, inputPerMillion.times(CACHE_READ_SHARE),
                inputPerMillion.times(CACHE_WRITE_SHARE));
    }

    /**
     * Prices tokens at Bedrock's cost plus a markup: {@code cost × (1 + markupPercent / 100)}, exactly, each kind
     * of token; cache tokens at Claude's ratios of the input cost.
     *
     * @throws IllegalArgumentException if a resulting price is negative (a markup below -100 %)
     */
    public static TokenPrice fromBedrockCost(String modelId, LocalDate effectiveFrom, Money bedrockInputPerMillion,
            Money bedrockOutputPerMillion, BigDecimal markupPercent) {
        return fromBedrockCost(modelId, effectiveFrom, bedrockInputPerMillion, bedrockOutputPerMillion,
                bedrockInputPerMillion.times(CACHE_READ_SHARE), bedrockInputPerMillion.times(CACHE_WRITE_SHARE),
                markupPercent);
    }

    /** {@link #fromBedrockCost(String, LocalDate, Money, Money, BigDecimal)} with Bedrock's cache-token costs. */
    public static TokenPrice fromBedrockCost(String modelId, LocalDate effectiveFrom, Money bedrockInputPerMillion,
            Money bedrockOutputPerMillion, Money bedrockCacheReadPerMillion, Money bedrockCacheWritePerMillion,
            BigDecimal markupPercent) {
        BigDecimal factor = BigDecimal.ONE.add(markupPercent.divide(HUNDRED));
        return new TokenPrice(modelId, effectiveFrom, bedrockInputPerMillion.times(factor),
                bedrockOutputPerMillion.times(factor), bedrockCacheReadPerMillion.times(factor),
                bedrockCacheWritePerMillion.times(factor));
    }

    /** The exact price of one input token (the per-million price moved six places). */
    public Money inputPerToken() {
        return inputPerMillion.times(ONE_MILLIONTH);
    }

    /** The exact price of one output token. */
    public Money outputPerToken() {
        return outputPerMillion.times(ONE_MILLIONTH);
    }

    /** The exact price of one token read from the prompt cache. */
    public Money cacheReadPerToken() {
        return cacheReadPerMillion.times(ONE_MILLIONTH);
    }

    /** The exact price of one token written to the prompt cache. */
    public Money cacheWritePerToken() {
        return cacheWritePerMillion.times(ONE_MILLIONTH);
    }
}
