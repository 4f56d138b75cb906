package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.usage.UsageTotals;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/** Prices one plan segment's fee, calls and overage (tokens per model are {@link TokenCharges}' job). */
final class SegmentPricer {

    private final long periodDays;

    SegmentPricer(long periodDays) {
        this.periodDays = periodDays;
    }

    List<InvoiceLine> price(PlanSegment segment, UsageTotals usage) {
        PricingModel model = segment.plan().callPricing();
        if (model instanceof PayPerRequest payPerRequest) {
            return List.of(InvoiceLine.priced(segment.label() + ": calls", LineKind.CALLS, null, usage.requests(),
                    payPerRequest.pricePerCall()));
        }
        if (model instanceof Tiered tiered) {
            return tiered.mode() == TierMode.GRADUATED
                    ? graduated(segment, tiered.tiers(), usage.requests())
                    : List.of(volume(segment, tiered.tiers(), usage.requests()));
        }
        if (model instanceof SubscriptionOverage subscription) {
            return subscription(segment, subscription, usage);
        }
        throw new IllegalStateException("unknown pricing model " + model);
    }

    private static List<InvoiceLine> graduated(PlanSegment segment, List<Tier> tiers, long calls) {
        if (calls == 0) {
            return List.of(InvoiceLine.priced(segment.label() + ": calls (tier 1)", LineKind.CALLS, null, 0,
                    tiers.get(0).unitPrice()));
        }
        var lines = new ArrayList<InvoiceLine>();
        long remaining = calls;
        long lower = 0;
        for (int i = 0; i < tiers.size() && remaining > 0; i++) {
            Tier tier = tiers.get(i);
            long band = tier.isUnbounded() ? remaining : Math.min(remaining, tier.upTo() - lower);
            String range = tier.isUnbounded() ? "above " + lower : (lower + 1) + " to " + tier.upTo();
            lines.add(InvoiceLine.priced(segment.label() + ": calls " + range + " (tier " + (i + 1) + ")",
                    LineKind.CALLS, null, band, tier.unitPrice()));
            remaining -= band;
            lower = tier.isUnbounded() ? lower : tier.upTo();
        }
        return lines;
    }

    private static InvoiceLine volume(PlanSegment segment, List<Tier> tiers, long calls) {
        int reached = 0;
        while (!tiers.get(reached).isUnbounded() && calls > tiers.get(reached).upTo()) {
            reached++;
        }
        return InvoiceLine.priced(segment.label() + ": calls, all at tier " + (reached + 1), LineKind.CALLS, null,
                calls, tiers.get(reached).unitPrice());
    }

    private List<InvoiceLine> subscription(PlanSegment segment, SubscriptionOverage plan, UsageTotals usage) {
        var lines = new ArrayList<InvoiceLine>();
        lines.add(fee(segment, plan.monthlyFee()));
        long included = BigInteger.valueOf(plan.includedUnits())
                .multiply(BigInteger.valueOf(segment.days()))
                .divide(BigInteger.valueOf(periodDays))
                .longValueExact();
        boolean calls = plan.unit() == SubscriptionOverage.Unit.CALLS;
        long used = calls ? usage.requests() : usage.totalTokens();
        if (used > included) {
            String what = calls ? "calls" : "tokens";
            lines.add(InvoiceLine.priced(segment.label() + ": " + what + " beyond " + included + " included",
                    LineKind.OVERAGE, null, used - included, plan.overagePricePerUnit()));
        }
        return lines;
    }

    private InvoiceLine fee(PlanSegment segment, Money monthlyFee) {
        long days = segment.days();
        if (days == periodDays) {
            return new InvoiceLine(segment.label() + ": plan fee", LineKind.PLAN_FEE, null, BigDecimal.ONE,
                    monthlyFee, monthlyFee);
        }
        BigDecimal share = BigDecimal.valueOf(days).divide(BigDecimal.valueOf(periodDays), MathContext.DECIMAL64);
        BigDecimal amount = monthlyFee.amount().multiply(BigDecimal.valueOf(days))
                .divide(BigDecimal.valueOf(periodDays), MathContext.DECIMAL64);
        return new InvoiceLine(segment.label() + ": plan fee, " + days + " of " + periodDays + " days",
                LineKind.PLAN_FEE, null, share, monthlyFee, new Money(amount, monthlyFee.currency()));
    }
}
