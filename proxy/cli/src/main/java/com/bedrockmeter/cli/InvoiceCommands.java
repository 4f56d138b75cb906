package com.bedrockmeter.cli;

import com.bedrockmeter.model.billing.BillingRun;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceLine;
import com.bedrockmeter.model.billing.MissingPriceException;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.base.InvalidInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * invoice, billing-run, invoice-finalize: the guide's billing flow over {@link BillingRuns}, so the CLI's figures
 * are the portal's to the cent. The invoice total is the one rounding (half-up, to cents). A bad value is refused
 * with exit 1 before anything is written; a run that could not bill every customer prints its results, then exits 1.
 */
final class InvoiceCommands {

    private InvoiceCommands() {
    }

    // ---- invoice ----

    static CliAction invoice(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        LocalDate start = CliValues.date("start-date", arguments.flag("start-date"));
        LocalDate end = CliValues.date("end-date", arguments.flag("end-date"));
        CliValues.dateRange(start, end);
        return (store, output) -> {
            Customer customer = store.customers().require(customerId);
            Optional<Invoice> before = store.invoices().invoice(customerId, start, end);
            if (before.isPresent() && (before.get().finalized() || !customer.active())) {
                if (!before.get().finalized()) {
                    output.warn("customer " + customerId + " is " + customer.status()
                            + "; billing runs skip it, so its stored draft is shown unchanged");
                }
                printInvoice(output, customer, before.get());
                return;
            }
            Invoice stored = missingPrice(() -> store.billing().billCustomer(store.actor(), customerId, start, end));
            printInvoice(output, customer, stored);
        };
    }

    // ---- billing-run ----

    static CliAction billingRun(CliArguments arguments) {
        LocalDate start = CliValues.date("start-date", arguments.flag("start-date"));
        LocalDate end = CliValues.date("end-date", arguments.flag("end-date"));
        CliValues.dateRange(start, end);
        return (store, output) -> {
            BillingRuns.RunResult outcome = missingPrice(() -> store.billing().runBilling(store.actor(), start, end));
            BillingRun run = outcome.run();
            List<Invoice> invoices = outcome.invoices();
            Money sum = outcome.total();
            if (output.json()) {
                ObjectNode result = output.object()
                        .put("runId", run.id())
                        .put("periodStart", start.toString())
                        .put("periodEnd", end.toString())
                        .put("status", run.status().name())
                        .put("customers", run.customers())
                        .put("invoiceCount", invoices.size())
                        .put("currency", Money.USD.getCurrencyCode())
                        .put("total", amount(sum));
                if (run.error() != null) {
                    result.put("error", run.error());
                }
                ArrayNode list = result.putArray("invoices");
                for (Invoice invoice : invoices) {
                    list.addObject()
                            .put("id", invoice.id())
                            .put("customerId", invoice.customerId())
                            .put("status", invoice.status().name())
                            .put("subtotal", amount(invoice.subtotal()))
                            .put("total", amount(invoice.total()));
                }
                output.print(result);
                requireDone(run);
                return;
            }
            output.line("Billing run " + start + " to " + end + ": " + invoices.size()
                    + (invoices.size() == 1 ? " invoice" : " invoices") + " (" + run.customers()
                    + " active customers with a plan)");
            if (!invoices.isEmpty()) {
                List<List<String>> rows = new ArrayList<>();
                for (Invoice invoice : invoices) {
                    rows.add(List.of(invoice.customerId(), invoice.status().name(), amount(invoice.total())));
                }
                rows.add(List.of("TOTAL", "", amount(sum)));
                output.table(List.of("CUSTOMER ID", "STATUS", "TOTAL (USD)"), rows, Set.of(2));
            }
            requireDone(run);
        };
    }

    /** A run that could not bill every customer ends the command with exit 1, after its results are shown. */
    private static void requireDone(BillingRun run) {
        if (run.status() == BillingRun.Status.FAILED) {
            throw new InvalidInputException("billing_run_incomplete", run.error()
                    + " Fix it (e.g. set the missing token price) and run the period again.");
        }
    }

    // ---- invoice-finalize ----

    static CliAction invoiceFinalize(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        LocalDate start = CliValues.date("start-date", arguments.flag("start-date"));
        LocalDate end = CliValues.date("end-date", arguments.flag("end-date"));
        CliValues.dateRange(start, end);
        return (store, output) -> {
            Customer customer = store.customers().require(customerId);
            Optional<Invoice> before = store.invoices().invoice(customerId, start, end);
            Invoice finalized = store.invoices().finalizeInvoice(store.actor(), customerId, start, end);
            if (before.isEmpty() || before.get().finalized()) {
                output.warn("invoice " + finalized.id() + " was already finalized; nothing changed");
            }
            printInvoice(output, customer, finalized);
        };
    }


    // ---- output ----

    private static void printInvoice(CliOutput output, Customer customer, Invoice invoice) {
        if (output.json()) {
            output.print(invoiceJson(output, invoice));
            return;
        }
        String currency = invoice.currency().getCurrencyCode();
        output.line("Invoice " + invoice.id() + " (" + invoice.status() + ")");
        output.line("  Customer: " + customer.name() + " (" + customer.id() + ")");
        output.line("  Period:   " + invoice.periodStart() + " to " + invoice.periodEnd() + " (UTC days)");
        List<List<String>> rows = new ArrayList<>();
        for (InvoiceLine line : invoice.lines()) {
            rows.add(List.of(line.description(), line.quantity().toPlainString(), amount(line.unitPrice()),
                    amount(line.amount())));
        }
        if (rows.isEmpty()) {
            output.line("No charges in this period.");
        } else {
            output.table(List.of("DESCRIPTION", "QUANTITY", "UNIT PRICE (" + currency + ")",
                    "AMOUNT (" + currency + ")"), rows, Set.of(1, 2, 3));
        }
        output.line("Subtotal: " + invoice.subtotal());
        output.line("Total:    " + invoice.total());
        output.line("Status:   " + invoice.status()
                + (invoice.finalizedAt() == null ? "" : " (finalized " + CliOutput.time(invoice.finalizedAt()) + ")"));
    }

    static ObjectNode invoiceJson(CliOutput output, Invoice invoice) {
        ObjectNode node = output.object()
                .put("id", invoice.id())
                .put("customerId", invoice.customerId())
                .put("periodStart", invoice.periodStart().toString())
                .put("periodEnd", invoice.periodEnd().toString())
                .put("status", invoice.status().name())
                .put("currency", invoice.currency().getCurrencyCode());
        ArrayNode lines = node.putArray("lines");
        for (InvoiceLine line : invoice.lines()) {
            ObjectNode lineNode = lines.addObject()
                    .put("description", line.description())
                    .put("kind", line.kind().name());
            if (line.modelId() != null) {
                lineNode.put("modelId", line.modelId());
            }
            lineNode.put("quantity", line.quantity().toPlainString())
                    .put("unitPrice", amount(line.unitPrice()))
                    .put("amount", amount(line.amount()));
        }
        node.put("subtotal", amount(invoice.subtotal()))
                .put("total", amount(invoice.total()));
        CliOutput.putTime(node, "createdAt", invoice.createdAt());
        CliOutput.putTime(node, "finalizedAt", invoice.finalizedAt());
        return node;
    }


    /** Money as an exact decimal string, e.g. "2.468" or "2.47". */
    static String amount(Money money) {
        return money.amount().toPlainString();
    }

    /** Runs a billing computation, reporting a missing token price as a refusal (exit 1) naming the model. */
    private static <T> T missingPrice(Supplier<T> computation) {
        try {
            return computation.get();
        } catch (MissingPriceException e) {
            throw new InvalidInputException("missing_token_price", "No token price for model " + e.modelId()
                    + " in effect on " + e.date() + "; set one with token-price and run again.");
        }
    }
}
