package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.audit.AuditAction;
import com.bedrockmeter.model.audit.AuditLog;
import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The invoices as stored, and finalizing one: a finalized invoice never changes again (usage counted after it
 * becomes an adjustment on the customer's next open invoice). Finalizing is recorded in the audit log here.
 */
public class Invoices {

    private final DynamoBillingRepository billing;
    private final PlanCatalogue catalogue;
    private final InvoicePricing pricing;
    private final Clock clock;
    private final AuditLog audit;

    public Invoices(DynamoBillingRepository billing, DynamoUsageRepository usage, PlanCatalogue catalogue,
                    Clock clock, AuditLog audit) {
        this.billing = billing;
        this.catalogue = catalogue;
        this.pricing = new InvoicePricing(usage);
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Moves the customer's invoice for the period from draft to finalized; finalizing a finalized invoice returns it
     * unchanged (and records nothing).
     *
     * @throws InvoiceNotFoundException if there is no invoice for the customer and period
     * @throws InvalidInputException {@code period_not_ended} while the period has not ended (UTC): its usage is still
     *                               coming in, and everything after the finalization would become late usage;
     *                               {@code missing_token_price} when late usage to settle has no price
     */
    public Invoice finalizeInvoice(String actor, String customerId, LocalDate start, LocalDate end) {
        Invoice stored = billing.invoice(customerId, start, end)
                .orElseThrow(() -> new InvoiceNotFoundException(Invoice.idOf(customerId, start, end)));
        if (stored.finalized()) {
            return stored;
        }
        LocalDate today = LocalDate.ofInstant(now(), ZoneOffset.UTC);
        if (!end.isBefore(today)) {
            throw new InvalidInputException("period_not_ended", "The period ends on " + end + " and its usage is "
                    + "still coming in; finalize it from " + end.plusDays(1) + " (UTC). The invoice stays a draft.");
        }
        try {
            settleAdjustments(stored);
        } catch (MissingPriceException e) {
            throw new InvalidInputException("missing_token_price", "Late usage of an earlier period needs a token "
                    + "price: " + e.getMessage() + ". Set it, then finalize again; the invoice is still a draft.");
        }
        Optional<Invoice> finalizedNow = billing.finalizeDraft(customerId, start, end, now());
        Invoice finalized = finalizedNow.or(() -> billing.invoice(customerId, start, end))
                .orElseThrow(() -> new InvoiceNotFoundException(Invoice.idOf(customerId, start, end)));
        if (finalizedNow.isPresent()) {
            audit.record(actor, AuditAction.INVOICE_FINALIZE, customerId, PlanText.invoice(stored),
                    PlanText.invoice(finalized));
        }
        return finalized;
    }

    /**
     * Recomputes a draft's late-usage adjustments right before it is finalized (another invoice finalized since the
     * draft was computed may have charged them already); its own lines stay as the admin saw them.
     */
    private void settleAdjustments(Invoice draft) {
        List<PlanAssignment> assignments = catalogue.assignments(draft.customerId());
        if (assignments.isEmpty()) {
            return;
        }
        LateUsage.Pricer pricer = pricing.pricer(draft.customerId(), assignments, catalogue.plansById(),
                catalogue.priceBook());
        InvoiceDraft current = new InvoiceDraft(draft.customerId(), draft.periodStart(), draft.periodEnd(),
                draft.currency(), draft.lines(), draft.subtotal(), draft.total());
        LateUsage.Adjustments adjustments = pricing.adjustments(current, billing.invoices(draft.customerId()), pricer);
        InvoiceDraft settled = InvoicePricing.withLines(current, adjustments);
        if (!settled.lines().equals(draft.lines()) || !adjustments.settled().equals(draft.settled())) {
            billing.saveDraft(Invoice.draft(settled, draft.createdAt(), draft.usage(), adjustments.settled()));
        }
    }

    /** The customer's invoices, oldest period first. */
    public List<Invoice> invoices(String customerId) {
        return billing.invoices(customerId);
    }

    public Optional<Invoice> invoice(String customerId, LocalDate start, LocalDate end) {
        return billing.invoice(customerId, start, end);
    }

    /** Every customer's invoices, the latest period first, then by customer. */
    public List<Invoice> allInvoices() {
        return billing.allInvoices().stream()
                .sorted(Comparator.comparing(Invoice::periodStart).reversed()
                        .thenComparing(Invoice::periodEnd).thenComparing(Invoice::customerId))
                .toList();
    }

    /** Milliseconds, as stored: a returned record equals the one read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
