package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builders for the billing tests: a customer "acme" billed for March 2025 unless a test says otherwise. */
final class InvoiceFixtures {

    static final String ACME = "acme";
    static final LocalDate MARCH_1 = LocalDate.of(2025, 3, 1);
    static final LocalDate MARCH_31 = LocalDate.of(2025, 3, 31);
    static final LocalDate LONG_AGO = LocalDate.of(2024, 1, 1);
    static final String CLAUDE = "anthropic.claude-3-sonnet";
    static final String TITAN = "amazon.titan-text";

    private InvoiceFixtures() {
    }

    static LocalDate march(int day) {
        return LocalDate.of(2025, 3, day);
    }

    static Plan plan(String id, PricingModel pricing) {
        return new Plan(id, id, pricing, false);
    }

    static Plan tokenPlan(String id, PricingModel pricing) {
        return new Plan(id, id, pricing, true);
    }

    static DailyUsage calls(LocalDate date, long requests) {
        return new DailyUsage(date, new UsageTotals(requests, 0, 0, 0), Map.of());
    }

    /** One day's calls, all to {@code modelId}. */
    static DailyUsage tokens(LocalDate date, long requests, String modelId, long input, long output) {
        UsageTotals totals = new UsageTotals(requests, input, output, 0);
        return new DailyUsage(date, totals, Map.of(modelId, totals));
    }

    /** Bills March 2025 for a customer on {@code plan} since long before it. */
    static InvoiceDraft marchInvoice(Plan plan, PriceBook prices, DailyUsage... usage) {
        return new InvoiceCalculator().calculate(ACME, MARCH_1, MARCH_31,
                List.of(new PlanAssignment(plan.id(), LONG_AGO)), Map.of(plan.id(), plan), prices,
                Arrays.asList(usage));
    }

    static InvoiceDraft marchInvoice(Plan plan, DailyUsage... usage) {
        return marchInvoice(plan, PriceBook.empty(), usage);
    }

    static Tiered tiered(TierMode mode) {
        return new Tiered(List.of(
                Tier.upTo(10_000, Money.usd("0.010")),
                Tier.upTo(100_000, Money.usd("0.008")),
                Tier.beyond(Money.usd("0.005"))), mode);
    }
}
