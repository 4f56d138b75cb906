package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Computes a customer's invoice for a billing period from their daily usage, plans and token prices. Pure: no I/O,
 * no clock; the same inputs always give an equal {@link InvoiceDraft} with the same lines in the same order.
 *
 * <p>Rules:
 * <ul>
 * <li><b>What counts.</b> Successful calls ({@link UsageTotals#requests()}; failed calls are not in it) and input
 * and output tokens per model. Usage dated outside {@code periodStart..periodEnd} (inclusive) is ignored.</li>
 * <li><b>Plan changes in a period.</b> The period is split into segments by the plan assignments in effect (an
 * assignment holds from its date until the next one). Each day's usage is priced under the plan in effect that
 * day. Days before the first assignment have no plan and are not billed at all.</li>
 * <li><b>Proration.</b> A subscription's monthly fee and its included units belong to the whole period; a segment
 * gets {@code segment days ÷ period days} of them: the fee as {@code fee × days ÷ period days}
 * ({@code MathContext.DECIMAL64}, exact whenever the quotient terminates), the included units rounded down.
 * A plan covering the whole period pays exactly its fee. Tiers are applied to each segment's own call volume.</li>
 * <li><b>Overage.</b> Units beyond the (prorated) included amount are charged at the overage price; exactly at the
 * included amount there is no overage line.</li>
 * <li><b>Token prices.</b> When a plan charges tokens, each day's tokens are priced at the {@link PriceBook} price in
 * effect that day, so a price change in the period gives a model two lines per direction, each at its price.</li>
 * <li><b>Lines.</b> Per segment in date order: plan fee, calls, overage; then tokens by model id, input before
 * output, older price first. Plan fee and call lines are present even when zero; overage and token lines only
 * when their quantity is positive.</li>
 * <li><b>Rounding.</b> Line amounts keep their precision; the invoice total is rounded once, half-up to cents.</li>
 * </ul>
 */
public final class InvoiceCalculator {

    private final Currency currency;

    /** Invoices in US dollars. */
    public InvoiceCalculator() {
        this(Money.USD);
    }

    public InvoiceCalculator(Currency currency) {
        this.currency = Objects.requireNonNull(currency, "currency");
    }

    /**
     * @param periodEnd   last day of the period, inclusive
     * @param assignments the customer's plan assignments, in any order
     * @param plans       plans by id; those assigned during the period must be present
     * @param usage       the customer's daily usage, in any order, at most one entry per day
     * @throws IllegalArgumentException if the period ends before it starts, usage is negative or given twice for a
     *                                  day, two assignments start on one day, an assigned plan is unknown, or prices
     *                                  are in another currency than the invoice
     * @throws MissingPriceException    if a plan charges tokens of a model with no price in effect on a day of use
     */
    public InvoiceDraft calculate(String customerId, LocalDate periodStart, LocalDate periodEnd,
            List<PlanAssignment> assignments, Map<String, Plan> plans, PriceBook prices, List<DailyUsage> usage) {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(prices, "prices");
        if (periodEnd.isBefore(periodStart)) {
            throw new IllegalArgumentException(
                    "period end " + periodEnd + " is before period start " + periodStart);
        }
        TreeMap<LocalDate, DailyUsage> days = byDay(usage);
        List<PlanSegment> segments = new PlanTimeline(assignments, plans).segmentsWithin(periodStart, periodEnd);
        var pricer = new SegmentPricer(ChronoUnit.DAYS.between(periodStart, periodEnd) + 1);
        var tokens = new TokenCharges(prices);
        var lines = new ArrayList<InvoiceLine>();
        for (PlanSegment segment : segments) {
            UsageTotals totals = UsageTotals.ZERO;
            for (DailyUsage day : days.subMap(segment.from(), true, segment.to(), true).values()) {
                totals = totals.plus(day.totals());
                if (segment.plan().chargeTokens()) {
                    tokens.add(day.date(), day.byModel());
                }
            }
            lines.addAll(pricer.price(segment, totals));
        }
        lines.addAll(tokens.lines());
        return InvoiceDraft.of(customerId, periodStart, periodEnd, currency, lines);
    }

    private static TreeMap<LocalDate, DailyUsage> byDay(List<DailyUsage> usage) {
        var days = new TreeMap<LocalDate, DailyUsage>();
        for (DailyUsage day : usage) {
            Objects.requireNonNull(day.date(), "usage date");
            requireNonNegative(day.totals(), day.date() + " totals");
            day.byModel().forEach((model, totals) -> requireNonNegative(totals, day.date() + " " + model));
            if (days.put(day.date(), day) != null) {
                throw new IllegalArgumentException("usage for " + day.date() + " is given twice");
            }
        }
        return days;
    }

    private static void requireNonNegative(UsageTotals totals, String what) {
        Objects.requireNonNull(totals, what);
        if (totals.requests() < 0 || totals.inputTokens() < 0 || totals.outputTokens() < 0 || totals.errors() < 0
                || totals.cacheReadTokens() < 0 || totals.cacheWriteTokens() < 0) {
            throw new IllegalArgumentException("usage must not be negative: " + what + " " + totals);
        }
    }
}
