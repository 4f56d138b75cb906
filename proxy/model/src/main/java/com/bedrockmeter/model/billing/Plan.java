package com.bedrockmeter.model.billing;

import java.util.Objects;

/**
 * What a customer pays.
 *
 * @param callPricing  prices the calls (or, for a {@link SubscriptionOverage} in tokens, the tokens)
 * @param chargeTokens when true, token usage is charged in addition, per model, at the {@link PriceBook}'s prices
 */
public record Plan(String id, String name, PricingModel callPricing, boolean chargeTokens) {

    /** @throws IllegalArgumentException if the id or name is blank */
    public Plan {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("plan id must not be blank");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("plan name must not be blank");
        }
        Objects.requireNonNull(callPricing, "callPricing");
    }
}
