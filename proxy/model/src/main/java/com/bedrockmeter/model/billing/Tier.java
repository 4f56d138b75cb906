package com.bedrockmeter.model.billing;

/**
 * One price band of a {@link Tiered} model.
 *
 * @param upTo      inclusive upper bound of calls in the billing period; {@code null} means unbounded
 * @param unitPrice price per call in this band
 */
public record Tier(Long upTo, Money unitPrice) {

    /** @throws IllegalArgumentException if the bound is not positive or the price is negative */
    public Tier {
        if (upTo != null && upTo < 1) {
            throw new IllegalArgumentException("tier upTo must be at least 1, was " + upTo);
        }
        Money.requireNonNegative(unitPrice, "tier unitPrice");
    }

    public static Tier upTo(long upTo, Money unitPrice) {
        return new Tier(upTo, unitPrice);
    }

    public static Tier beyond(Money unitPrice) {
        return new Tier(null, unitPrice);
    }

    public boolean isUnbounded() {
        return upTo == null;
    }
}
