package com.bedrockmeter.model.billing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One charge on an invoice, at full precision (never rounded).
 *
 * @param modelId   the model for token lines, otherwise {@code null}
 * @param quantity  calls or tokens; for a plan fee, the fraction of the period the plan covered (1 for all of it)
 * @param unitPrice price per call or per token; for a plan fee, the monthly fee
 * @param amount    {@code quantity × unitPrice}, exactly; for a prorated fee, {@code fee × days ÷ period days}
 * @param adjusts   for an {@link LineKind#ADJUSTMENT}, the id of the finalized invoice it corrects, otherwise
 *                  {@code null}
 */
public record InvoiceLine(String description, LineKind kind, String modelId, BigDecimal quantity, Money unitPrice,
        Money amount, String adjusts) {

    public InvoiceLine {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(amount, "amount");
        if ((kind == LineKind.ADJUSTMENT) != (adjusts != null)) {
            throw new IllegalArgumentException("an adjustment, and only an adjustment, names the invoice it adjusts");
        }
    }

    /** A line that is not an adjustment. */
    public InvoiceLine(String description, LineKind kind, String modelId, BigDecimal quantity, Money unitPrice,
            Money amount) {
        this(description, kind, modelId, quantity, unitPrice, amount, null);
    }

    /** A line whose amount is {@code quantity × unitPrice}. */
    static InvoiceLine priced(String description, LineKind kind, String modelId, long quantity, Money unitPrice) {
        return new InvoiceLine(description, kind, modelId, BigDecimal.valueOf(quantity), unitPrice,
                unitPrice.times(quantity));
    }

    /** Carries the difference between what a finalized invoice billed and what its period's usage now costs. */
    static InvoiceLine adjustment(Invoice adjusted, Money difference) {
        return new InvoiceLine("Late usage, " + adjusted.periodStart() + " to " + adjusted.periodEnd()
                + " (invoice finalized " + adjusted.finalizedAt().toString().substring(0, 10) + ")",
                LineKind.ADJUSTMENT, null, BigDecimal.ONE, difference, difference, adjusted.id());
    }
}
