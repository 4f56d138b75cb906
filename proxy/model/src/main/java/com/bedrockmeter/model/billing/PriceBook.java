package com.bedrockmeter.model.billing;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Effective-dated token prices for all models. A price change applies from its date; earlier usage keeps the
 * earlier price.
 */
public record PriceBook(List<TokenPrice> prices) {

    /** @throws IllegalArgumentException if two prices of one model take effect on the same date */
    public PriceBook {
        Objects.requireNonNull(prices, "prices");
        prices = prices.stream()
                .sorted(Comparator.comparing(TokenPrice::modelId).thenComparing(TokenPrice::effectiveFrom))
                .toList();
        var seen = new HashSet<String>();
        for (TokenPrice price : prices) {
            if (!seen.add(price.modelId() + "@" + price.effectiveFrom())) {
                throw new IllegalArgumentException(
                        "two prices for " + price.modelId() + " take effect on " + price.effectiveFrom());
            }
        }
    }

    public static PriceBook of(TokenPrice... prices) {
        return new PriceBook(List.of(prices));
    }

    public static PriceBook empty() {
        return new PriceBook(List.of());
    }

    /** The price of {@code modelId} in effect on {@code date}: the latest with effectiveFrom ≤ date, if any. */
    public Optional<TokenPrice> priceOn(String modelId, LocalDate date) {
        return prices.stream()
                .filter(p -> p.modelId().equals(modelId) && !p.effectiveFrom().isAfter(date))
                .max(Comparator.comparing(TokenPrice::effectiveFrom));
    }
}
