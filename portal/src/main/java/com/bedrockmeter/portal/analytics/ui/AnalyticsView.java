package com.bedrockmeter.portal.analytics.ui;

import com.bedrockmeter.portal.analytics.AnalyticsAdminService;
import com.bedrockmeter.portal.analytics.AnalyticsQuery;
import com.bedrockmeter.portal.analytics.UsageDashboards;
import com.bedrockmeter.portal.analytics.UsageDashboards.ActiveCustomer;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerDay;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerMonth;
import com.bedrockmeter.portal.analytics.UsageDashboards.DayTrend;
import com.bedrockmeter.portal.base.ui.Polling;
import com.bedrockmeter.portal.base.ui.chart.ApexChart;
import com.bedrockmeter.portal.base.ui.chart.ChartSeries;
import com.bedrockmeter.portal.base.ui.chart.ChartType;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.customer.Customer;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Admins: the guide's dashboards over the usage events (DuckDB over the local files, Athena in AWS): calls per
 * customer per day, usage by customer per month, usage trend, most active customers; for a date range and optionally
 * one customer, queried when the admin clicks Show (and once on opening) and shown when the answer comes: the page
 * polls for it, so the admin's session is not held while Athena works. The busiest {@value #SERIES} customers get a
 * series each; the rest are summed as "Others". On an error the charts are emptied, never left from the last query.
 */
@Route("admin/analytics")
@PageTitle("Analytics | Bedrock Meter")
@RolesAllowed(Roles.ADMIN)
public class AnalyticsView extends VerticalLayout {

    static final int SERIES = 8;
    static final int POLL_MILLIS = 500;
    static final int TOP = 10;
    static final String OTHERS = "Others";

    final DatePicker from = new DatePicker("From (UTC day)");
    final DatePicker to = new DatePicker("To");
    final ComboBox<Customer> customer = new ComboBox<>("Customer");
    final Button apply = new Button("Show");
    final Span source = new Span();
    final Span error = new Span();
    final ApexChart perCustomerPerDay = new ApexChart(ChartType.BAR);
    final ApexChart perCustomerPerMonth = new ApexChart(ChartType.BAR);
    final ApexChart trend = new ApexChart(ChartType.LINE);
    final Grid<ActiveCustomer> mostActive = new Grid<>();
    private final AnalyticsAdminService analytics;
    private final Map<String, String> names;
    CompletableFuture<AnalyticsAdminService.Dashboards> pending;
    private AnalyticsQuery pendingQuery;
    private Customer pendingCustomer;
    private final Polling polling = new Polling(this, POLL_MILLIS, this::collect);

    public AnalyticsView(AnalyticsAdminService analytics, CustomerAdminService customers, Clock clock) {
        this.analytics = analytics;
        List<Customer> all = customers.search("");
        names = customers.namesById();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        from.setValue(today.minusDays(29));
        to.setValue(today);
        customer.setId("analytics-customer");
        customer.setItems(all);
        customer.setItemLabelGenerator(c -> name(c.id()));
        customer.setClearButtonVisible(true);
        customer.setPlaceholder("All customers");
        // one click runs the four queries (on Athena each scan is billed): not every keystroke in a filter
        apply.setId("show-analytics");
        apply.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        apply.addClickListener(e -> show());
        source.setId("analytics-source");
        error.setId("analytics-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        perCustomerPerDay.setId("calls-per-customer-per-day");
        perCustomerPerDay.setTitle("Calls per customer per day").setStacked(true).setYAxis("calls", 0)
                .setNoDataText("No calls in this range");
        perCustomerPerMonth.setId("usage-per-customer-per-month");
        perCustomerPerMonth.setTitle("Tokens per customer per month (input, output and cache)").setStacked(true)
                .setYAxis("tokens", 0).setNoDataText("No calls in this range");
        trend.setId("usage-trend");
        trend.setTitle("Usage trend: calls and failed calls per day").setYAxis("calls", 0)
                .setNoDataText("No calls in this range");
        mostActive.setId("most-active");
        mostActive.setAllRowsVisible(true);
        mostActive.addColumn(a -> name(a.customerId())).setHeader("Most active customers").setFlexGrow(3);
        mostActive.addColumn(ActiveCustomer::calls).setHeader("Calls");
        mostActive.addColumn(ActiveCustomer::successfulCalls).setHeader("Successful");
        mostActive.addColumn(ActiveCustomer::tokens).setHeader("Tokens");
        HorizontalLayout filters = new HorizontalLayout(from, to, customer, apply);
        filters.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(new H2("Analytics"), filters, source, error, trend, perCustomerPerDay, perCustomerPerMonth, mostActive);
    }

    /** Starts the four queries for the filters; the answer is shown when it comes ({@link #collect}). */
    void show() {
        error.setText("");
        AnalyticsQuery query;
        try {
            query = new AnalyticsQuery(from.getValue(), to.getValue(),
                    customer.getValue() == null ? null : customer.getValue().id());
        } catch (ApiException e) {
            showError(e.getMessage());
            return;
        }
        pending = analytics.start(query, TOP);
        pendingQuery = query;
        pendingCustomer = customer.getValue();
        apply.setEnabled(false);
        source.setText("Querying " + analytics.engineName() + "…");
        if (!collect()) {
            polling.set(true);
        }
    }

    /** Shows the answer once it has come. @return whether it had */
    boolean collect() {
        if (pending == null || !pending.isDone()) {
            return false;
        }
        try {
            render(pending.join(), pendingQuery, pendingCustomer);
        } catch (CompletionException | CancellationException e) {
            showError(e.getCause() instanceof ApiException known ? known.getMessage()
                    : "The usage queries failed: " + e.getMessage());
        } finally {
            pending = null;
            apply.setEnabled(true);
            polling.set(false);
        }
        return true;
    }

    private void render(AnalyticsAdminService.Dashboards found, AnalyticsQuery query, Customer chosen) {
        source.setText("Source: " + analytics.engineName() + " over the usage events, " + query.from() + " to "
                + query.to() + " (UTC)" + (chosen == null ? "" : ", " + name(chosen.id())));
        List<String> days = query.from().datesUntil(query.to().plusDays(1)).map(LocalDate::toString).toList();
        showTrend(days, found.trend());
        if (found.perCustomerPerDay().size() >= UsageDashboards.MAX_ROWS) {
            error.setText("Only the first " + UsageDashboards.MAX_ROWS + " customer-days are shown: choose fewer "
                    + "days or one customer.");
        }
        showStacked(perCustomerPerDay, days, found.perCustomerPerDay(), CustomerDay::customerId, CustomerDay::day,
                CustomerDay::calls);
        List<String> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(query.from()); !m.isAfter(YearMonth.from(query.to())); m = m.plusMonths(1)) {
            months.add(m.toString());
        }
        showStacked(perCustomerPerMonth, months, found.perCustomerPerMonth(), CustomerMonth::customerId,
                CustomerMonth::month, CustomerMonth::tokens);
        mostActive.setItems(found.mostActive());
    }

    /** Nothing on screen may look like the answer to the filters above. */
    private void showError(String message) {
        error.setText(message);
        source.setText("");
        for (ApexChart chart : List.of(trend, perCustomerPerDay, perCustomerPerMonth)) {
            chart.setCategories(List.of()).setSeries(List.of());
        }
        mostActive.setItems(List.of());
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        if (pending == null) {
            show();
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        polling.set(false);
        super.onDetach(event);
    }

    private void showTrend(List<String> days, List<DayTrend> rows) {
        Map<String, DayTrend> byDay = rows.stream().collect(Collectors.toMap(DayTrend::day, Function.identity()));
        trend.setCategories(days).setSeries(List.of(
                new ChartSeries("Calls", days.stream().map(d -> byDay.containsKey(d) ? byDay.get(d).calls() : 0L)
                        .toList()),
                new ChartSeries("Failed calls", days.stream()
                        .map(d -> byDay.containsKey(d) ? byDay.get(d).errors() : 0L).toList())));
    }

    /** One series per busy customer (by their total), the rest summed as "Others"; zero where a cell has no row. */
    private <R> void showStacked(ApexChart chart, List<String> categories, List<R> rows,
                                 Function<R, String> customerOf, Function<R, String> categoryOf,
                                 ToLongFunction<R> value) {
        Map<String, Long> totals = rows.stream().collect(Collectors.groupingBy(customerOf,
                Collectors.summingLong(value)));
        Set<String> shown = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(SERIES).map(Map.Entry::getKey).collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, Map<String, Long>> cells = new LinkedHashMap<>();
        shown.forEach(c -> cells.put(name(c), new LinkedHashMap<>()));
        for (R row : rows) {
            String series = shown.contains(customerOf.apply(row)) ? name(customerOf.apply(row)) : OTHERS;
            cells.computeIfAbsent(series, s -> new LinkedHashMap<>())
                    .merge(categoryOf.apply(row), value.applyAsLong(row), Long::sum);
        }
        List<ChartSeries> series = new ArrayList<>();
        cells.forEach((name, byCategory) -> series.add(new ChartSeries(name,
                categories.stream().map(c -> byCategory.getOrDefault(c, 0L)).toList())));
        chart.setCategories(categories).setSeries(series);
    }

    private String name(String customerId) {
        return names.getOrDefault(customerId, customerId);
    }
}
