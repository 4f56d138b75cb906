package com.bedrockmeter.portal.billing;

import static com.bedrockmeter.portal.base.Csv.text;

import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceLine;
import com.bedrockmeter.portal.base.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVPrinter;

/**
 * Invoices as CSV ({@link Csv}), amounts as exact decimals: an invoice's lines, or a list of invoices. Pure: it
 * formats only what it is given, so whose invoices it holds is decided by whoever fetched them.
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
        StringBuilder out = new StringBuilder();
        try (CSVPrinter csv = Csv.printer(out, LINES_HEADER)) {
            String currency = invoice.currency().getCurrencyCode();
            for (InvoiceLine line : invoice.lines()) {
                csv.printRecord(invoice.id(), invoice.periodStart(), invoice.periodEnd(), invoice.status(),
                        text(line.description()), line.kind(), text(line.modelId()),
                        line.quantity().toPlainString(), line.unitPrice().amount().toPlainString(),
                        line.amount().amount().toPlainString(), currency);
            }
            csv.printRecord(invoice.id(), invoice.periodStart(), invoice.periodEnd(), invoice.status(), "Subtotal",
                    "SUBTOTAL", null, null, null, invoice.subtotal().amount().toPlainString(), currency);
            csv.printRecord(invoice.id(), invoice.periodStart(), invoice.periodEnd(), invoice.status(), "Total",
                    "TOTAL", null, null, null, invoice.total().amount().toPlainString(), currency);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }

    /** One row per invoice, with the customer's name as {@code names} gives it. */
    public static String list(List<Invoice> invoices, Function<String, String> names) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter csv = Csv.printer(out, LIST_HEADER)) {
            for (Invoice invoice : invoices) {
                csv.printRecord(invoice.id(), invoice.customerId(), text(names.apply(invoice.customerId())),
                        invoice.periodStart(), invoice.periodEnd(), invoice.status(),
                        invoice.subtotal().amount().toPlainString(), invoice.total().amount().toPlainString(),
                        invoice.currency().getCurrencyCode(), invoice.finalizedAt());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
