package com.bedrockmeter.portal.billing.ui;

import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.portal.base.ui.Polling;
import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.billing.BillingRun;
import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceStatus;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Admins: start a billing run for a period (last month by default), follow its progress, and see its invoices with
 * their total; finalize invoices. Runs go on in the background and are stored, so an admin can leave and come back:
 * the list of runs shows every period's latest run, and picking one shows it again.
 */
@Route("admin/billing")
@PageTitle("Billing runs | Bedrock Meter")
@RolesAllowed(Roles.ADMIN)
public class BillingRunsView extends VerticalLayout {

    static final int POLL_MILLIS = 1000;
    static final Duration STALE = BillingRun.SILENT_FOR;

    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Button run = new Button("Run billing");
    final Span state = new Span();
    final ProgressBar progress = new ProgressBar();
    final Grid<Invoice> invoices = new Grid<>();
    final Grid<BillingRun> runs = new Grid<>();
    private final BillingAdminService billing;
    private final Polling polling = new Polling(this, POLL_MILLIS, this::poll);
    private BillingRun shown;
    private final Clock clock;
    private Instant lastChange;

    public BillingRunsView(BillingAdminService billing, CustomerAdminService customers, Clock clock) {
        this.billing = billing;
        this.clock = clock;
        Map<String, String> names = customers.namesById();
        YearMonth last = YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(1);
        from.setValue(last.atDay(1));
        to.setValue(last.atEndOfMonth());
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());
        run.setId("run-billing");
        run.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        run.addClickListener(e -> startRun());
        state.setId("run-state");
        progress.setId("run-progress");
        progress.setVisible(false);
        invoices.setId("run-invoices");
        invoices.setAllRowsVisible(true);
        invoices.addColumn(i -> names.getOrDefault(i.customerId(), i.customerId())).setHeader("Customer");
        invoices.addColumn(i -> i.status().name().toLowerCase()).setHeader("Status");
        invoices.addColumn(i -> i.total().amount().toPlainString() + " " + i.currency()).setHeader("Total");
        invoices.addComponentColumn(this::finalizeButton).setKey("finalize");
        runs.setId("runs");
        runs.setAllRowsVisible(true);
        runs.addColumn(r -> r.periodStart() + " to " + r.periodEnd()).setHeader("Period");
        runs.addColumn(r -> r.status().name().toLowerCase()).setHeader("Status");
        runs.addColumn(r -> r.done() + " of " + r.customers()).setHeader("Customers");
        runs.addColumn(r -> r.startedAt().toString()).setHeader("Started (UTC)");
        runs.addColumn(r -> r.error() == null ? "" : r.error()).setHeader("Error").setFlexGrow(3);
        runs.addItemClickListener(e -> {
            from.setValue(e.getItem().periodStart());
            to.setValue(e.getItem().periodEnd());
        });
        HorizontalLayout period = new HorizontalLayout(from, to, run);
        period.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(new H2("Billing runs"), period, state, progress, invoices, new H3("All runs"), runs);
    }

    void startRun() {
        to.setInvalid(false);
        boolean started;
        try {
            started = billing.start(from.getValue(), to.getValue());
        } catch (ApiException e) {
            to.setErrorMessage(e.getMessage());
            to.setInvalid(true);
            return;
        }
        refresh();
        if (!started) {
            state.setText("A run for this period is already going.");
        }
    }

    /** Shows the chosen period's run as stored now, with the list of runs and its invoices. */
    void refresh() {
        runs.setItems(billing.runs());
        BillingRun last = period().flatMap(p -> billing.lastRun(p[0], p[1])).orElse(null);
        shown = last;
        lastChange = clock.instant();
        if (last == null) {
            state.setText(running() ? "Run started." : "No run for this period yet.");
            progress.setVisible(running());
            invoices.setItems(List.of());
        } else {
            List<Invoice> found = billing.invoices(last);
            BigDecimal total = found.stream().map(i -> i.total().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
            String text = "Run " + last.status().name().toLowerCase() + ": " + last.done() + " of "
                    + last.customers() + " customers, invoices total " + total.toPlainString() + " USD";
            state.setText(last.error() == null ? text : text + ". " + last.error()
                    + " (fix it and run the period again: finished invoices are kept)");
            progress.setVisible(last.running() || running());
            progress.setIndeterminate(false);
            progress.setValue(last.customers() == 0 ? 1 : (double) last.done() / last.customers());
            invoices.setItems(found);
        }
        polling.set(running() || (last != null && last.running()));
    }

    /**
     * One poll: reads only the period's run record, and shows everything again when it changed. A run stored as
     * running that has not moved for {@link #STALE} (its process stopped) ends the polling, saying so.
     */
    void poll() {
        BillingRun now = period().flatMap(p -> billing.lastRun(p[0], p[1])).orElse(null);
        if (!Objects.equals(now, shown)) {
            refresh();
        } else if (!running() && Duration.between(lastChange, clock.instant()).compareTo(STALE) > 0) {
            state.setText(state.getText() + ". No progress for " + STALE.toMinutes() + " minutes: the run has "
                    + "probably stopped; running the period again is safe.");
            progress.setVisible(false);
            polling.set(false);
        }
    }

    /** Whether this portal is running the chosen period now (its stored record may still be the last run's). */
    private boolean running() {
        return period().map(p -> billing.inProgress(p[0], p[1])).orElse(false);
    }

    private Optional<LocalDate[]> period() {
        return from.getValue() == null || to.getValue() == null ? Optional.empty()
                : Optional.of(new LocalDate[] {from.getValue(), to.getValue()});
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        refresh();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        polling.set(false);
        super.onDetach(event);
    }

    private Button finalizeButton(Invoice invoice) {
        Button button = new Button("Finalize", e -> {
            try {
                billing.finalizeInvoice(invoice);
            } catch (ApiException failed) {
                Notifications.error(failed.getMessage());
            }
            refresh();
        });
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        button.setEnabled(invoice.status() == InvoiceStatus.DRAFT);
        return button;
    }
}
