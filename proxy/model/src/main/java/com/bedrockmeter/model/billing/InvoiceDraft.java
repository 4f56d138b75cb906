package com.bedrockmeter.model.billing;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A computed invoice, not yet stored or finalized.
 *
 * <p>Guaranteed on construction: {@code subtotal} is the exact sum of the line amounts, and {@code total} is the
 * subtotal rounded once, half-up, to cents ({@link Money#roundedToCents()}).
 *
 * @param periodEnd inclusive
 */
public record InvoiceDraft(String customerId, LocalDate periodStart, LocalDate periodEnd, Currency currency,
        List<InvoiceLine> lines, Money subtotal, Money total) {

    /** @throws IllegalArgumentException if subtotal or total break the rule above, or currencies are mixed */
    public InvoiceDraft {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(currency, "currency");
        lines = List.copyOf(lines);
        Money sum = sum(currency, lines);
        if (!sum.equals(subtotal)) {
            throw new IllegalArgumentException("subtotal " + subtotal + " is not the sum of the lines, " + sum);
        }
        if (!sum.roundedToCents().equals(total)) {
            throw new IllegalArgumentException("total " + total + " is not the subtotal rounded to cents");
        }
    }

    /** Builds a draft whose subtotal is the sum of {@code lines} and whose total is that sum rounded to cents. */
    public static InvoiceDraft of(String customerId, LocalDate periodStart, LocalDate periodEnd, Currency currency,
            List<InvoiceLine> lines) {
        Money subtotal = sum(currency, lines);
        return new InvoiceDraft(customerId, periodStart, periodEnd, currency, lines, subtotal,
                subtotal.roundedToCents());
    }

    private static Money sum(Currency currency, List<InvoiceLine> lines) {
        Money sum = Money.zero(currency);
        for (InvoiceLine line : lines) {
            sum = sum.plus(line.amount());
        }
        return sum;
    }
}
