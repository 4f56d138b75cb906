package com.bedrockmeter.portal.billing;

import static com.bedrockmeter.portal.base.Csv.field;
import static com.bedrockmeter.portal.base.Csv.text;

import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceLine;
import java.util.List;
import java.util.function.Function;

/**
 * Invoices as CSV (RFC 4180 quoting, {@code \n} line ends), amounts as exact decimals: an invoice's lines, or a list
 * of invoices. Pure: it formats only what it is given, so whose invoices it holds is decided by whoever fetched them.
 */
public final class InvoiceCsv {

    public static final String LINES_HEADER = "invoice,period_start,period_end,status,line,kind,model,quantity,"
            + "unit_price,amount,currency";
    public static final String LIST_HEADER = "invoice,customer_id,customer,period_start,period_end,status,subtotal,"
            + "total,currency,finalized_at";

    private InvoiceCsv() {
    }

    /** One row per line, then a subtotal row and a total row (the subtotal rounded half-up to cents, once). */
    public static String lines(Invoice invoice) {
        StringBuilder out = new StringBuilder(LINES_HEADER).append('\n');
        String head = String.join(",", field(invoice.id()), invoice.periodStart().toString(),
                invoice.periodEnd().toString(), invoice.status().name());
        for (InvoiceLine line : invoice.lines()) {
            row(out, head, text(line.description()), line.kind().name(),
                    line.modelId() == null ? "" : field(line.modelId()), line.quantity().toPlainString(),
                    line.unitPrice().amount().toPlainString(), line.amount().amount().toPlainString(),
                    invoice.currency().getCurrencyCode());
        }
        row(out, head, "Subtotal", "SUBTOTAL", "", "", "", invoice.subtotal().amount().toPlainString(),
                invoice.currency().getCurrencyCode());
        row(out, head, "Total", "TOTAL", "", "", "", invoice.total().amount().toPlainString(),
                invoice.currency().getCurrencyCode());
        return out.toString();
    }

    /** One row per invoice, with the customer's name as {@code names} gives it. */
    public static String list(List<Invoice> invoices, Function<String, String> names) {
        StringBuilder out = new StringBuilder(LIST_HEADER).append('\n');
        for (Invoice invoice : invoices) {
            row(out, field(invoice.id()), field(invoice.customerId()), text(names.apply(invoice.customerId())),
                    invoice.periodStart().toString(), invoice.periodEnd().toString(), invoice.status().name(),
                    invoice.subtotal().amount().toPlainString(), invoice.total().amount().toPlainString(),
                    invoice.currency().getCurrencyCode(),
                    invoice.finalizedAt() == null ? "" : invoice.finalizedAt().toString());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String... fields) {
        out.append(String.join(",", fields)).append('\n');
    }
}
