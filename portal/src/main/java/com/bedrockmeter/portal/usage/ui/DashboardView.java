package com.bedrockmeter.portal.usage.ui;

import com.bedrockmeter.portal.quickstart.ui.QuickstartView;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.usage.UsagePortalService;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerStatus;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.usage.UsageTotals;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.PermitAll;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.util.Locale;

/**
 * A customer's month at a glance: calls and tokens this month, today's calls against their limits, and calls and
 * tokens per day stacked by model over a chosen range (the last 30 days by default).
 */
@Route("")
@PageTitle("Dashboard | Bedrock Meter")
@PermitAll
public class DashboardView extends VerticalLayout implements BeforeEnterObserver {

    private static final NumberFormat NUMBERS = NumberFormat.getIntegerInstance(Locale.US);
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final UsageCharts charts = new UsageCharts();
    private final CurrentUser currentUser;
    private final UsagePortalService usage;

    public DashboardView(CurrentUser currentUser, UsagePortalService usage) {
        this.currentUser = currentUser;
        this.usage = usage;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        Customer customer = currentUser.customer().orElse(null);
        if (customer == null) {
            if (currentUser.user().map(u -> u.admin()).orElse(false)) {
                event.forwardTo("admin/customers"); // by route: the customers view links to these charts
            }
            return;
        }
        UsageTotals month = usage.thisMonth(customer.id());
        UsageTotals today = usage.today(customer.id());
        Limits limits = customer.limits();
        add(new H2(customer.name()));
        if (customer.status() == CustomerStatus.PENDING_APPROVAL) {
            Paragraph pending = new Paragraph("Your account is waiting for your provider's approval: your API key "
                    + "works once it is approved. The quickstart shows how to call it meanwhile.");
            pending.setId("pending-approval");
            add(pending);
        }
        FlexLayout cards = new FlexLayout(
                card("month-requests", "Calls this month", NUMBERS.format(month.requests())),
                card("month-input-tokens", "Input tokens this month", NUMBERS.format(month.inputTokens())),
                card("month-output-tokens", "Output tokens this month", NUMBERS.format(month.outputTokens())),
                card("month-cache-tokens", "Cache read / write tokens this month",
                        NUMBERS.format(month.cacheReadTokens()) + " / " + NUMBERS.format(month.cacheWriteTokens())),
                card("today-requests", "Calls today", NUMBERS.format(today.requests())
                        + (limits.dailyRequests() == null ? "" : " / " + NUMBERS.format(limits.dailyRequests()))),
                card("limits", "Other limits", describe(limits)));
        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        cards.getStyle().set("gap", "var(--lumo-space-m)");
        add(cards, rangePicker(customer.id()), charts);
        showRange(customer.id());
        if (month.requests() == 0 && month.errors() == 0) {
            Paragraph empty = new Paragraph("No calls yet this month. ");
            empty.setId("empty-state");
            empty.add(new RouterLink("See the quickstart", QuickstartView.class));
            empty.add(" to make your first call with your API token.");
            add(empty);
        }
    }

    private HorizontalLayout rangePicker(String customerId) {
        LocalDate today = usage.today();
        from.setValue(today.minusDays(29));
        to.setValue(today);
        from.addValueChangeListener(e -> showRange(customerId));
        to.addValueChangeListener(e -> showRange(customerId));
        return new HorizontalLayout(from, to);
    }

    void showRange(String customerId) {
        LocalDate start = from.getValue();
        LocalDate end = to.getValue();
        if (start == null || end == null || end.isBefore(start) || start.plusDays(365).isBefore(end)) {
            to.setInvalid(true);
            to.setErrorMessage("Choose an end on or after the start, at most a year later");
            return;
        }
        to.setInvalid(false);
        charts.show(usage.days(customerId, start, end), start, end);
    }

    private static String describe(Limits limits) {
        String rpm = limits.requestsPerMinute() == null ? "no per-minute limit"
                : NUMBERS.format(limits.requestsPerMinute()) + " calls per minute";
        String tokens = limits.monthlyTokens() == null ? "no monthly token limit"
                : NUMBERS.format(limits.monthlyTokens()) + " tokens per month";
        return rpm + ", " + tokens;
    }

    private static Div card(String id, String label, String value) {
        Span number = new Span(value);
        number.setId(id);
        number.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("font-weight", "600");
        Div card = new Div(new Div(label), number);
        card.getStyle().set("padding", "var(--lumo-space-m)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", "var(--lumo-contrast-5pct)").set("min-width", "12em");
        return card;
    }
}
