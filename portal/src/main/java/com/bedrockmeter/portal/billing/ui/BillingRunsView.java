package com.bedrockmeter.portal.billing.ui;

import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.proxy.base.ApiException;
import com.bedrockmeter.proxy.billing.BillingRun;
import com.bedrockmeter.proxy.billing.Invoice;
import com.bedrockmeter.proxy.billing.InvoiceStatus;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Admins: run billing for a period (last month by default), see the run's state (stored, so a run can be left and
 * revisited) and its invoices with their total, and finalize invoices.
 */
@Route("admin/billing")
@PageTitle("Billing runs | Bedrock Meter")
@RolesAllowed(Roles.ADMIN)
public class BillingRunsView extends VerticalLayout {

    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Button run = new Button("Run billing");
    final Span state = new Span();
    final Grid<Invoice> invoices = new Grid<>();
    private final BillingAdminService billing;

    public BillingRunsView(BillingAdminService billing) {
        this.billing = billing;
        YearMonth last = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        from.setValue(last.atDay(1));
        to.setValue(last.atEndOfMonth());
        from.addValueChangeListener(e -> show());
        to.addValueChangeListener(e -> show());
        run.setId("run-billing");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        run.addClickListener(e -> runBilling());
        state.setId("run-state");
        invoices.setId("run-invoices");
        invoices.setAllRowsVisible(true);
        invoices.addColumn(Invoice::customerId).setHeader("Customer");
        invoices.addColumn(i -> i.status().name().toLowerCase()).setHeader("Status");
        invoices.addColumn(i -> i.total().amount().toPlainString() + " " + i.currency()).setHeader("Total");
        invoices.addComponentColumn(this::finalizeButton).setKey("finalize");
        HorizontalLayout period = new HorizontalLayout(from, to, run);
        period.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(new H2("Billing runs"), period, state, invoices);
        show();
    }

    void runBilling() {
        to.setInvalid(false);
        try {
            billing.run(from.getValue(), to.getValue());
        } catch (ApiException e) {
            to.setErrorMessage(e.getMessage());
            to.setInvalid(true);
        }
        show();
    }

    void show() {
        if (from.getValue() == null || to.getValue() == null) {
            return;
        }
        BillingRun last = billing.lastRun(from.getValue(), to.getValue()).orElse(null);
        if (last == null) {
            state.setText("No run for this period yet.");
            invoices.setItems(List.of());
            return;
        }
        List<Invoice> found = billing.invoices(last);
        BigDecimal total = found.stream().map(i -> i.total().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        state.setText("Run " + last.status().name().toLowerCase() + ": " + last.done() + " of " + last.customers()
                + " customers, invoices total " + total.toPlainString() + " USD");
        invoices.setItems(found);
    }

    private Button finalizeButton(Invoice invoice) {
        Button button = new Button("Finalize", e -> {
            billing.finalizeInvoice(invoice);
            show();
        });
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        button.setEnabled(invoice.status() == InvoiceStatus.DRAFT);
        return button;
    }
}
