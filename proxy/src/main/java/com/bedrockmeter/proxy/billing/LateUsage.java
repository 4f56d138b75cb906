package com.bedrockmeter.proxy.billing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Late usage: calls counted for a period after its invoice was finalized (a finalized invoice never changes).
 *
 * <p>Rule: when a customer's invoice for a period is computed, every finalized invoice of that customer whose period
 * ended before this period starts (looking back at most {@link #LOOKBACK_DAYS} days) is priced again from today's
 * counters; the difference from what has been billed for it so far (its own lines, plus the adjustments for it on
 * other finalized invoices) becomes one {@link LineKind#ADJUSTMENT} line. The adjustment goes on the
 * <em>earliest</em> open invoice after the finalized one, so two open invoices never both carry it; once that
 * invoice is finalized, its adjustment counts as billed. A difference below zero (a price or plan corrected
 * downwards afterwards) is a credit line. Bill periods in order: an invoice computed before an earlier period's
 * invoice existed may carry an adjustment that the earlier one then carries too, until it is run again.
 */
final class LateUsage {

    static final int LOOKBACK_DAYS = 92;

    /**
     * @param current   the freshly computed invoice, without adjustments
     * @param stored    the customer's stored invoices (the current one among them or not)
     * @param recompute prices a stored invoice's period again from the counters
     * @return the adjustment lines for {@code current}, oldest adjusted period first
     */
    List<InvoiceLine> adjustments(InvoiceDraft current, List<Invoice> stored, Function<Invoice, InvoiceDraft> recompute) {
        String currentId = Invoice.idOf(current.customerId(), current.periodStart(), current.periodEnd());
        LocalDate horizon = current.periodStart().minusDays(LOOKBACK_DAYS);
        var lines = new ArrayList<InvoiceLine>();
        stored.stream()
                .filter(Invoice::finalized)
                .filter(p -> p.periodEnd().isBefore(current.periodStart()) && !p.periodEnd().isBefore(horizon))
                .filter(p -> stored.stream().noneMatch(open -> !open.finalized() && !open.id().equals(currentId)
                        && open.periodStart().isAfter(p.periodEnd())
                        && open.periodStart().isBefore(current.periodStart())))
                .sorted(Comparator.comparing(Invoice::periodStart))
                .forEach(p -> {
                    Money difference = recompute.apply(p).subtotal().minus(billedFor(p, stored, currentId));
                    if (!difference.isZero()) {
                        lines.add(InvoiceLine.adjustment(p, difference));
                    }
                });
        return lines;
    }

    /** What has been billed for {@code p}'s own usage: its lines but its adjustments, plus later finalized ones. */
    private static Money billedFor(Invoice p, List<Invoice> stored, String currentId) {
        Money billed = Money.zero(p.currency());
        for (InvoiceLine line : p.lines()) {
            if (line.kind() != LineKind.ADJUSTMENT) {
                billed = billed.plus(line.amount());
            }
        }
        for (Invoice other : stored) {
            if (other.finalized() && !other.id().equals(currentId)) {
                for (InvoiceLine line : other.lines()) {
                    if (p.id().equals(line.adjusts())) {
                        billed = billed.plus(line.amount());
                    }
                }
            }
        }
        return billed;
    }
}
