package com.bedrockmeter.model.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The price of one model's tokens from a date on, until the next price for the same model takes effect.
 *
 * @param effectiveFrom first UTC day the price applies to; usage before it keeps the earlier price
 */
public record TokenPrice(String modelId, LocalDate effectiveFrom, Money inputPerMillion, Money outputPerMillion) {

    private static final BigDecimal ONE_MILLIONTH = BigDecimal.ONE.movePointLeft(6);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** @throws IllegalArgumentException if the model id is blank, a price is negative, or the currencies differ */
    public TokenPrice {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Money.requireNonNegative(inputPerMillion, "inputPerMillion");
        Money.requireNonNegative(outputPerMillion, "outputPerMillion");
        if (!inputPerMillion.currency().equals(outputPerMillion.currency())) {
            throw new IllegalArgumentException("input and output prices must be in one currency");
        }
    }

    /**
     * Prices tokens at Bedrock's cost plus a markup: {@code cost × (1 + markupPercent / 100)}, exactly.
     *
     * @throws IllegalArgumentException if a resulting price is negative (a markup below -100 %)
     */
    public static TokenPrice fromBedrockCost(String modelId, LocalDate effectiveFrom, Money bedrockInputPerMillion,
            Money bedrockOutputPerMillion, BigDecimal markupPercent) {
        BigDecimal factor = BigDecimal.ONE.add(markupPercent.divide(HUNDRED));
        return new TokenPrice(modelId, effectiveFrom, bedrockInputPerMillion.times(factor),
                bedrockOutputPerMillion.times(factor));
    }

    /** The exact price of one input token (the per-million price moved six places). */
    public Money inputPerToken() {
        return inputPerMillion.times(ONE_MILLIONTH);
    }

    /** The exact price of one output token. */
    public Money outputPerToken() {
        return outputPerMillion.times(ONE_MILLIONTH);
    }
}
