package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.usage.DailyUsage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A stored invoice: one per customer and period, so its id is derived from both ({@link #idOf}).
 *
 * @param periodEnd   inclusive
 * @param subtotal    the exact sum of the lines
 * @param total       the subtotal rounded once, half-up, to cents
 * @param createdAt   when the first billing run of the period stored it; later runs keep it
 * @param finalizedAt null while a draft
 * @param usage       the usage counters the lines were computed from, by day (what late usage is measured
 *                    against); null for an invoice stored before they were kept
 * @param settled     for each of its adjustment lines, by the id of the invoice adjusted: that period's counters as
 *                    the adjustment charged them (what later late usage is measured against)
 */
public record Invoice(String id, String customerId, LocalDate periodStart, LocalDate periodEnd, InvoiceStatus status,
        Currency currency, List<InvoiceLine> lines, Money subtotal, Money total, Instant createdAt,
        Instant finalizedAt, List<DailyUsage> usage, Map<String, List<DailyUsage>> settled) {

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
        usage = usage == null ? null : byDate(usage);
        settled = settled == null ? Map.of() : settled.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> byDate(e.getValue())));
    }

    static List<DailyUsage> byDate(List<DailyUsage> days) {
        return days.stream().sorted(Comparator.comparing(DailyUsage::date)).toList();
    }

    /** An invoice without its usage counters. */
    public Invoice(String id, String customerId, LocalDate periodStart, LocalDate periodEnd, InvoiceStatus status,
            Currency currency, List<InvoiceLine> lines, Money subtotal, Money total, Instant createdAt,
            Instant finalizedAt) {
        this(id, customerId, periodStart, periodEnd, status, currency, lines, subtotal, total, createdAt, finalizedAt,
                null, Map.of());
    }

    /** The id of a customer's invoice for a period: the same for every run of that period. */
    public static String idOf(String customerId, LocalDate periodStart, LocalDate periodEnd) {
        return customerId + "/" + periodStart + "/" + periodEnd;
    }

    /** The customer of an invoice id made by {@link #idOf}: the one place that reads an id back. */
    static String customerIdOf(String invoiceId) {
        int slash = invoiceId.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("Not an invoice id: " + invoiceId);
        }
        return invoiceId.substring(0, slash);
    }

    static Invoice draft(InvoiceDraft draft, Instant createdAt, List<DailyUsage> usage,
            Map<String, List<DailyUsage>> settled) {
        return new Invoice(idOf(draft.customerId(), draft.periodStart(), draft.periodEnd()), draft.customerId(),
                draft.periodStart(), draft.periodEnd(), InvoiceStatus.DRAFT, draft.currency(), draft.lines(),
                draft.subtotal(), draft.total(), createdAt, null, usage, settled);
    }



    public boolean finalized() {
        return status == InvoiceStatus.FINALIZED;
    }
}
