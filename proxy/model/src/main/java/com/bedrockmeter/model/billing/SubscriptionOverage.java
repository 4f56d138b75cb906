package com.bedrockmeter.model.billing;

import java.util.Objects;

/**
 * A monthly fee that includes a number of calls or tokens, and a price per unit beyond them.
 *
 * @param monthlyFee          charged for the whole billing period; prorated by days when the plan covers part of it
 * @param includedUnits       calls or tokens (input + output) included in the fee for the whole period
 * @param unit                what {@code includedUnits} and the overage count
 * @param overagePricePerUnit price per call or per token beyond the included amount
 */
public record SubscriptionOverage(Money monthlyFee, long includedUnits, Unit unit, Money overagePricePerUnit)
        implements PricingModel {

    /** What a subscription includes and charges overage for. */
    public enum Unit {
        /** Successful calls. */
        CALLS,
        /** Input plus output tokens, all models together. */
        TOKENS
    }

    /** @throws IllegalArgumentException if a price or the included amount is negative, or the currencies differ */
    public SubscriptionOverage {
        Money.requireNonNegative(monthlyFee, "monthlyFee");
        Money.requireNonNegative(overagePricePerUnit, "overagePricePerUnit");
        Objects.requireNonNull(unit, "unit");
        if (includedUnits < 0) {
            throw new IllegalArgumentException("includedUnits must not be negative, was " + includedUnits);
        }
        if (!monthlyFee.currency().equals(overagePricePerUnit.currency())) {
            throw new IllegalArgumentException("monthlyFee and overagePricePerUnit must be in one currency");
        }
    }
}
