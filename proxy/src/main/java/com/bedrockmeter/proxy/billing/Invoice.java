package com.bedrockmeter.proxy.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A stored invoice: one per customer and period, so its id is derived from both ({@link #idOf}).
 *
 * @param periodEnd   inclusive
 * @param subtotal    the exact sum of the lines
 * @param total       the subtotal rounded once, half-up, to cents
 * @param createdAt   when the first billing run of the period stored it; later runs keep it
 * @param finalizedAt null while a draft
 */
public record Invoice(String id, String customerId, LocalDate periodStart, LocalDate periodEnd, InvoiceStatus status,
        Currency currency, List<InvoiceLine> lines, Money subtotal, Money total, Instant createdAt,
        Instant finalizedAt) {

    public Invoice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(currency, "currency");
        lines = List.copyOf(lines);
        Objects.requireNonNull(subtotal, "subtotal");
        Objects.requireNonNull(total, "total");
    }

    /** The id of a customer's invoice for a period: the same for every run of that period. */
    public static String idOf(String customerId, LocalDate periodStart, LocalDate periodEnd) {
        return customerId + "/" + periodStart + "/" + periodEnd;
    }

    static Invoice draft(InvoiceDraft draft, Instant createdAt) {
        return new Invoice(idOf(draft.customerId(), draft.periodStart(), draft.periodEnd()), draft.customerId(),
                draft.periodStart(), draft.periodEnd(), InvoiceStatus.DRAFT, draft.currency(), draft.lines(),
                draft.subtotal(), draft.total(), createdAt, null);
    }

    public boolean finalized() {
        return status == InvoiceStatus.FINALIZED;
    }
}
