package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.usage.DynamoUsageRepository;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How an invoice is priced, shared by computing a draft ({@link BillingRuns}) and settling it right before it is
 * finalized ({@link Invoices}): the plan rules of {@link InvoiceCalculator} on the usage counters, then the late
 * usage of earlier finalized periods ({@link LateUsage}) as adjustment lines.
 */
final class InvoicePricing {

    private final DynamoUsageRepository usage;
    private final InvoiceCalculator calculator = new InvoiceCalculator();
    private final LateUsage lateUsage = new LateUsage();

    InvoicePricing(DynamoUsageRepository usage) {
        this.usage = usage;
    }

    /** Prices any period of this customer under today's plans and prices. */
    LateUsage.Pricer pricer(String customerId, List<PlanAssignment> assignments, Map<String, Plan> plans,
                            PriceBook prices) {
        return (from, to, days) -> calculator.calculate(customerId, from, to, assignments, plans, prices, days);
    }

    /** The late-usage adjustments {@code draft} carries, given the customer's stored invoices. */
    LateUsage.Adjustments adjustments(InvoiceDraft draft, List<Invoice> stored, LateUsage.Pricer pricer) {
        return lateUsage.adjustments(draft, stored, p -> usage.days(p.customerId(), p.periodStart(), p.periodEnd()),
                pricer);
    }

    /** The draft's own lines (any adjustments it had dropped), then {@code adjustments}. */
    static InvoiceDraft withLines(InvoiceDraft draft, LateUsage.Adjustments adjustments) {
        var lines = new ArrayList<>(draft.lines().stream().filter(l -> l.kind() != LineKind.ADJUSTMENT).toList());
        lines.addAll(adjustments.lines());
        return InvoiceDraft.of(draft.customerId(), draft.periodStart(), draft.periodEnd(), draft.currency(), lines);
    }

    InvoiceDraft price(String customerId, LocalDate start, LocalDate end, List<PlanAssignment> assignments,
                       Map<String, Plan> plans, PriceBook prices) {
        return calculator.calculate(customerId, start, end, assignments, plans, prices,
                usage.days(customerId, start, end));
    }
}
