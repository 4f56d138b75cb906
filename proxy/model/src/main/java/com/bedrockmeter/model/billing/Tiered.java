package com.bedrockmeter.model.billing;

import java.util.List;
import java.util.Objects;

/**
 * Prices calls by volume bands, {@link TierMode#GRADUATED graduated} or {@link TierMode#VOLUME volume}.
 *
 * @param tiers ascending by {@code upTo}; the last tier, and only the last, is unbounded
 */
public record Tiered(List<Tier> tiers, TierMode mode) implements PricingModel {

    /** @throws IllegalArgumentException if the tiers are empty, not ascending, not ending unbounded, or mix currencies */
    public Tiered {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(tiers, "tiers");
        tiers = List.copyOf(tiers);
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("tiers must not be empty");
        }
        Tier last = tiers.get(tiers.size() - 1);
        if (!last.isUnbounded()) {
            throw new IllegalArgumentException("the last tier must be unbounded (upTo = null), was upTo " + last.upTo());
        }
        long previous = 0;
        for (Tier tier : tiers.subList(0, tiers.size() - 1)) {
            if (tier.isUnbounded()) {
                throw new IllegalArgumentException("only the last tier may be unbounded");
            }
            if (tier.upTo() <= previous) {
                throw new IllegalArgumentException(
                        "tiers must be in ascending order of upTo: " + tier.upTo() + " follows " + previous);
            }
            previous = tier.upTo();
        }
        var currency = tiers.get(0).unitPrice().currency();
        if (tiers.stream().anyMatch(t -> !t.unitPrice().currency().equals(currency))) {
            throw new IllegalArgumentException("all tiers must be priced in one currency");
        }
    }
}
