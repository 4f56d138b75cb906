package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.usage.UsageTotals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up token usage per model and per price in effect, day by day, and prices it: one input and one output line
 * per model and price, so a price change in the period splits a model's tokens into two lines.
 */
final class TokenCharges {

    private final PriceBook prices;
    private final Map<String, TreeMap<LocalDate, Tally>> byModel = new TreeMap<>();

    TokenCharges(PriceBook prices) {
        this.prices = prices;
    }

    /** @throws MissingPriceException if a model used on {@code day} has no price in effect that day */
    void add(LocalDate day, Map<String, UsageTotals> usageByModel) {
        usageByModel.forEach((modelId, usage) -> {
            if (usage.totalTokens() == 0) {
                return;
            }
            TokenPrice price = prices.priceOn(modelId, day).orElseThrow(() -> new MissingPriceException(modelId, day));
            Tally tally = byModel.computeIfAbsent(modelId, m -> new TreeMap<>())
                    .computeIfAbsent(price.effectiveFrom(), d -> new Tally(price));
            tally.input = Math.addExact(tally.input, usage.inputTokens());
            tally.output = Math.addExact(tally.output, usage.outputTokens());
        });
    }

    /** Lines by model id, then input before output, then by price date; lines of zero tokens are left out. */
    List<InvoiceLine> lines() {
        var lines = new ArrayList<InvoiceLine>();
        byModel.forEach((modelId, tallies) -> {
            for (Tally tally : tallies.values()) {
                if (tally.input > 0) {
                    lines.add(InvoiceLine.priced(describe(modelId, "input", tally.price.inputPerMillion(), tally),
                            LineKind.INPUT_TOKENS, modelId, tally.input, tally.price.inputPerToken()));
                }
            }
            for (Tally tally : tallies.values()) {
                if (tally.output > 0) {
                    lines.add(InvoiceLine.priced(describe(modelId, "output", tally.price.outputPerMillion(), tally),
                            LineKind.OUTPUT_TOKENS, modelId, tally.output, tally.price.outputPerToken()));
                }
            }
        });
        return lines;
    }

    private static String describe(String modelId, String direction, Money perMillion, Tally tally) {
        return modelId + ": " + direction + " tokens at " + perMillion + " per 1M (price from "
                + tally.price.effectiveFrom() + ")";
    }

    private static final class Tally {
        private final TokenPrice price;
        private long input;
        private long output;

        private Tally(TokenPrice price) {
            this.price = price;
        }
    }
}
