package com.bedrockmeter.portal.usage.ui;

import com.bedrockmeter.portal.customer.ui.CustomersView;
import com.bedrockmeter.portal.quickstart.ui.QuickstartView;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.usage.UsagePortalService;
import com.bedrockmeter.proxy.customer.Customer;
import com.bedrockmeter.proxy.customer.Limits;
import com.bedrockmeter.proxy.metering.UsageTotals;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.PermitAll;
import java.text.NumberFormat;
import java.util.Locale;

/** A customer's month at a glance: calls and tokens this month, today's calls against their limits. */
@Route("")
@PageTitle("Dashboard | Bedrock Meter")
@PermitAll
public class DashboardView extends VerticalLayout implements BeforeEnterObserver {

    private static final NumberFormat NUMBERS = NumberFormat.getIntegerInstance(Locale.US);
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
                event.forwardTo(CustomersView.class);
            }
            return;
        }
        UsageTotals month = usage.thisMonth(customer.id());
        UsageTotals today = usage.today(customer.id());
        Limits limits = customer.limits();
        add(new H2(customer.name()));
        FlexLayout cards = new FlexLayout(
                card("month-requests", "Calls this month", NUMBERS.format(month.requests())),
                card("month-input-tokens", "Input tokens this month", NUMBERS.format(month.inputTokens())),
                card("month-output-tokens", "Output tokens this month", NUMBERS.format(month.outputTokens())),
                card("today-requests", "Calls today", NUMBERS.format(today.requests())
                        + (limits.dailyRequests() == null ? "" : " / " + NUMBERS.format(limits.dailyRequests()))),
                card("limits", "Other limits", describe(limits)));
        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        cards.getStyle().set("gap", "var(--lumo-space-m)");
        add(cards);
        if (month.requests() == 0 && month.errors() == 0) {
            Paragraph empty = new Paragraph("No calls yet this month. ");
            empty.setId("empty-state");
            empty.add(new RouterLink("See the quickstart", QuickstartView.class));
            empty.add(" to make your first call with your API token.");
            add(empty);
        }
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
