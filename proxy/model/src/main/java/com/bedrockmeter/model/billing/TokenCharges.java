package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.usage.UsageTotals;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Adds up token usage per model and per price in effect, day by day, and prices it: one line per model, kind of
 * token (input, output, cache read, cache write) and price, so a price change in the period splits a model's tokens
 * into two lines.
 */
final class TokenCharges {

    /** One kind of token: how a line names it, its line kind, how usage counts it, and its price per token. */
    private record Kind(String name, LineKind line, ToLongFunction<UsageTotals> count,
                        Function<TokenPrice, Money> perMillion, Function<TokenPrice, Money> perToken) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("input", LineKind.INPUT_TOKENS, UsageTotals::inputTokens, TokenPrice::inputPerMillion,
                    TokenPrice::inputPerToken),
            new Kind("output", LineKind.OUTPUT_TOKENS, UsageTotals::outputTokens, TokenPrice::outputPerMillion,
                    TokenPrice::outputPerToken),
            new Kind("cache read", LineKind.CACHE_READ_TOKENS, UsageTotals::cacheReadTokens,
                    TokenPrice::cacheReadPerMillion, TokenPrice::cacheReadPerToken),
            new Kind("cache write", LineKind.CACHE_WRITE_TOKENS, UsageTotals::cacheWriteTokens,
                    TokenPrice::cacheWritePerMillion, TokenPrice::cacheWritePerToken));

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
            for (int k = 0; k < KINDS.size(); k++) {
                tally.tokens[k] = Math.addExact(tally.tokens[k], KINDS.get(k).count().applyAsLong(usage));
            }
        });
    }

    /**
     * Lines by model id, then by kind (input, output, cache read, cache write), then by price date; lines of zero
     * tokens are left out.
     */
    List<InvoiceLine> lines() {
        var lines = new ArrayList<InvoiceLine>();
        byModel.forEach((modelId, tallies) -> {
            for (int k = 0; k < KINDS.size(); k++) {
                Kind kind = KINDS.get(k);
                for (Tally tally : tallies.values()) {
                    if (tally.tokens[k] > 0) {
                        lines.add(InvoiceLine.priced(describe(modelId, kind, tally.price), kind.line(), modelId,
                                tally.tokens[k], kind.perToken().apply(tally.price)));
                    }
                }
            }
        });
        return lines;
    }

    private static String describe(String modelId, Kind kind, TokenPrice price) {
        return modelId + ": " + kind.name() + " tokens at " + kind.perMillion().apply(price) + " per 1M (price from "
                + price.effectiveFrom() + ")";
    }

    private static final class Tally {
        private final TokenPrice price;
        private final long[] tokens = new long[KINDS.size()];

        private Tally(TokenPrice price) {
            this.price = price;
        }
    }
}
