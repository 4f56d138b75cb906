package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.usage.DailyUsage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Late usage: calls counted for a period after its invoice was finalized (a finalized invoice never changes).
 *
 * <p>Rule: a finalized invoice keeps the usage counters it was computed from, and an adjustment keeps the counters it
 * charged up to. When a later invoice of the same customer is computed or finalized, each finalized invoice whose
 * period ended before the later period starts (at most {@link #LOOKBACK_DAYS} days before) is checked: if its
 * period's counters now differ from those charged so far (by the <em>finalized</em> adjustment finalized last, else
 * by the invoice itself), the period is priced twice under today's plans and prices, with today's counters and with
 * the charged ones, and the difference becomes one {@link LineKind#ADJUSTMENT} line. Pricing both sides by the same
 * rules means that a plan or price edited since charges nothing by itself: only usage does.
 *
 * <p>Drafts show the adjustments they would carry; {@link Invoices#finalizeInvoice} computes them again at the
 * moment of finalizing, so the first invoice finalized carries an adjustment and every later one sees it as charged.
 * A difference below zero (counters corrected downwards) is a credit line. Invoices stored before counters were kept
 * are not adjusted.
 */
final class LateUsage {

    static final int LOOKBACK_DAYS = 92;

    /** Prices a period from day counters, under today's plans and prices. */
    @FunctionalInterface
    interface Pricer {
        InvoiceDraft price(LocalDate start, LocalDate end, List<DailyUsage> usage);
    }

    /** The adjustment lines of an invoice, and for each the adjusted period's counters as it charged them. */
    record Adjustments(List<InvoiceLine> lines, Map<String, List<DailyUsage>> settled) {
    }

    /**
     * @param current      the invoice being computed or finalized (its own lines; any adjustments are ignored)
     * @param stored       the customer's stored invoices (the current one among them or not)
     * @param countersNow  reads a period's counters as they are now
     * @param pricer       prices a period
     * @return the adjustments for {@code current}, oldest adjusted period first
     */
    Adjustments adjustments(InvoiceDraft current, List<Invoice> stored,
                            Function<Invoice, List<DailyUsage>> countersNow, Pricer pricer) {
        String currentId = Invoice.idOf(current.customerId(), current.periodStart(), current.periodEnd());
        LocalDate horizon = current.periodStart().minusDays(LOOKBACK_DAYS);
        var lines = new ArrayList<InvoiceLine>();
        var settled = new HashMap<String, List<DailyUsage>>();
        stored.stream()
                .filter(p -> p.finalized() && p.usage() != null && !p.id().equals(currentId))
                .filter(p -> p.periodEnd().isBefore(current.periodStart()) && !p.periodEnd().isBefore(horizon))
                .sorted(Comparator.comparing(Invoice::periodStart))
                .forEach(p -> {
                    List<DailyUsage> now = Invoice.byDate(countersNow.apply(p));
                    List<DailyUsage> charged = chargedCounters(p, stored, currentId);
                    if (!now.equals(charged)) {
                        Money difference = pricer.price(p.periodStart(), p.periodEnd(), now).subtotal()
                                .minus(pricer.price(p.periodStart(), p.periodEnd(), charged).subtotal());
                        if (!difference.isZero()) {
                            lines.add(InvoiceLine.adjustment(p, difference));
                            settled.put(p.id(), now);
                        }
                    }
                });
        return new Adjustments(lines, settled);
    }

    /**
     * The period's counters as charged so far: as settled by the adjustment on the finalized invoice finalized last
     * (other than the current one), or as the invoice itself kept them.
     */
    private static List<DailyUsage> chargedCounters(Invoice p, List<Invoice> stored, String currentId) {
        return stored.stream()
                .filter(other -> other.finalized() && !other.id().equals(currentId)
                        && other.settled().containsKey(p.id()))
                .max(Comparator.comparing(Invoice::finalizedAt))
                .map(other -> other.settled().get(p.id()))
                .orElse(p.usage());
    }
}
