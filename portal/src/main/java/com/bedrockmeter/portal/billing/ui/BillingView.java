package com.bedrockmeter.portal.billing.ui;

import com.bedrockmeter.portal.base.ui.CustomerOnly;
import com.bedrockmeter.portal.billing.BillingPortalService;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceDraft;
import com.bedrockmeter.model.billing.InvoiceLine;
import com.bedrockmeter.model.customer.Customer;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;

/**
 * The signed-in customer's plan, this month's estimate (live from the counters) and invoices, each as CSV and PDF.
 */
@Route("billing")
@PageTitle("Billing | Bedrock Meter")
@PermitAll
public class BillingView extends VerticalLayout implements CustomerOnly {

    final Span plan = new Span();
    final Span estimateTotal = new Span();
    final Grid<InvoiceLine> estimate = new Grid<>();
    final Grid<Invoice> invoices = new Grid<>();

    public BillingView(BillingPortalService billing, CurrentUser currentUser) {
        plan.setId("current-plan");
        estimateTotal.setId("estimate-total");
        estimate.setId("estimate-lines");
        estimate.setAllRowsVisible(true);
        estimate.addColumn(InvoiceLine::description).setHeader("Line").setFlexGrow(3);
        estimate.addColumn(l -> l.quantity().toPlainString()).setHeader("Quantity");
        estimate.addColumn(l -> l.unitPrice().amount().toPlainString()).setHeader("Unit price");
        estimate.addColumn(l -> l.amount().amount().toPlainString()).setHeader("Amount");
        invoices.setId("invoices");
        invoices.setAllRowsVisible(true);
        invoices.addColumn(i -> i.periodStart() + " to " + i.periodEnd()).setHeader("Period");
        invoices.addColumn(i -> i.status().name().toLowerCase()).setHeader("Status");
        invoices.addColumn(i -> i.total().amount().toPlainString() + " " + i.currency()).setHeader("Total");
        add(new H2("Billing"), plan, new H3("This month so far"), estimateTotal, estimate, new H3("Invoices"),
                invoices);
        Customer customer = currentUser.customer().orElse(null);
        if (customer == null) {
            return;
        }
        invoices.addComponentColumn(i -> InvoiceDownloads.links(i, customer.name())).setHeader("Export")
                .setKey("export");
        plan.setText(billing.currentPlan(customer.id()).map(p -> "Plan: " + p.name())
                .orElse("No plan yet: your provider assigns one."));
        InvoiceDraft draft = billing.estimateThisMonth(customer.id()).orElse(null);
        if (draft != null) {
            estimateTotal.setText("Estimate: " + draft.total().amount().toPlainString() + " " + draft.currency()
                    + " (rounded to cents once, on the total)");
            estimate.setItems(draft.lines());
        } else {
            estimateTotal.setText("No estimate without a plan.");
        }
        invoices.setItems(billing.invoices(customer.id()));
        if (billing.invoices(customer.id()).isEmpty()) {
            add(new Paragraph("No invoices yet."));
        }
    }
}
