package com.bedrockmeter.model.billing;

/** The same price for every successful call. */
public record PayPerRequest(Money pricePerCall) implements PricingModel {

    /** @throws IllegalArgumentException if the price is negative */
    public PayPerRequest {
        Money.requireNonNegative(pricePerCall, "pricePerCall");
    }
}
