package com.bedrockmeter.portal.billing.ui;

import com.bedrockmeter.portal.base.ui.chart.ApexChart;
import com.bedrockmeter.portal.base.ui.chart.ChartSeries;
import com.bedrockmeter.portal.base.ui.chart.ChartType;
import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.portal.billing.BillingAdminService.InvoiceFilter;
import com.bedrockmeter.portal.billing.InvoiceCsv;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceStatus;
import com.bedrockmeter.model.customer.Customer;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Admins: invoices across customers, filtered by period (months), status and customer, with their totals, a
 * revenue-per-month chart (finalized and draft stacked), each invoice's CSV and PDF, and the list as CSV.
 */
@Route("admin/invoices")
@PageTitle("Invoices | Bedrock Meter")
@RolesAllowed(Roles.ADMIN)
public class InvoicesView extends VerticalLayout {

    private static final int MONTHS_OFFERED = 36;

    final ComboBox<YearMonth> from = new ComboBox<>("From month");
    final ComboBox<YearMonth> to = new ComboBox<>("To month");
    final Select<InvoiceStatus> status = new Select<>();
    final ComboBox<Customer> customer = new ComboBox<>("Customer");
    final Span totals = new Span();
    final Grid<Invoice> invoices = new Grid<>();
    final ApexChart revenue = new ApexChart(ChartType.BAR);
    final Anchor csv = new Anchor();
    private final BillingAdminService billing;
    private final Map<String, String> names;

    public InvoicesView(BillingAdminService billing, CustomerAdminService customers, Clock clock) {
        this.billing = billing;
        List<Customer> all = customers.search("");
        names = customers.namesById();
        List<YearMonth> months = new ArrayList<>();
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        for (int i = 0; i < MONTHS_OFFERED; i++) {
            months.add(now.minusMonths(i));
        }
        from.setItems(months);
        to.setItems(months);
        from.setValue(now.minusMonths(11));
        to.setValue(now);
        status.setLabel("Status");
        status.setItems(InvoiceStatus.values());
        status.setEmptySelectionAllowed(true);
        status.setEmptySelectionCaption("Any");
        status.setItemLabelGenerator(s -> s == null ? "Any" : s.name().toLowerCase());
        customer.setId("invoice-customer");
        customer.setItems(all);
        customer.setItemLabelGenerator(c -> name(c.id()));
        customer.setClearButtonVisible(true);
        customer.setPlaceholder("Any");
        from.addValueChangeListener(e -> show());
        to.addValueChangeListener(e -> show());
        status.addValueChangeListener(e -> show());
        customer.addValueChangeListener(e -> show());
        totals.setId("invoice-totals");
        invoices.setId("invoices");
        invoices.setAllRowsVisible(true);
        invoices.addColumn(i -> name(i.customerId())).setHeader("Customer").setSortable(true);
        invoices.addColumn(i -> i.periodStart() + " to " + i.periodEnd()).setHeader("Period");
        invoices.addColumn(i -> i.status().name().toLowerCase()).setHeader("Status");
        invoices.addColumn(i -> i.total().amount().toPlainString() + " " + i.currency()).setHeader("Total");
        // the documents carry the customer's own name, not the label that tells namesakes apart on this page
        Map<String, String> realNames = all.stream().collect(Collectors.toMap(Customer::id, Customer::name));
        invoices.addComponentColumn(i -> InvoiceDownloads.links(i, realNames.getOrDefault(i.customerId(),
                name(i.customerId())))).setHeader("Export")
                .setKey("export");
        revenue.setId("revenue-chart");
        revenue.setTitle("Revenue per month (invoice totals)").setStacked(true).setYAxis("USD", 2)
                .setNoDataText("No invoices in this range");
        csv.setText("Download the list as CSV");
        csv.setId("invoices-csv");
        HorizontalLayout filters = new HorizontalLayout(from, to, status, customer);
        filters.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(new H2("Invoices"), filters, totals, revenue, invoices, csv);
        show();
    }

    void show() {
        to.setInvalid(false);
        if (from.getValue() != null && to.getValue() != null && to.getValue().isBefore(from.getValue())) {
            to.setErrorMessage("Choose a month on or after " + from.getValue());
            to.setInvalid(true);
            return;
        }
        InvoiceFilter filter = new InvoiceFilter(from.getValue(), to.getValue(), status.getValue(),
                customer.getValue() == null ? null : customer.getValue().id());
        List<Invoice> found = billing.invoices(filter);
        invoices.setItems(found);
        BigDecimal finalized = sum(found, InvoiceStatus.FINALIZED);
        BigDecimal draft = sum(found, InvoiceStatus.DRAFT);
        totals.setText(found.size() + (found.size() == 1 ? " invoice" : " invoices") + ", total "
                + finalized.add(draft).toPlainString() + " USD (finalized " + finalized.toPlainString() + ", draft "
                + draft.toPlainString() + ")");
        showRevenue(found, filter);
        List<Invoice> listed = List.copyOf(found);
        Function<String, String> nameOf = this::name;
        csv.setHref(InvoiceDownloads.handler("invoices.csv", "text/csv",
                () -> InvoiceCsv.list(listed, nameOf).getBytes(StandardCharsets.UTF_8)), AttachmentType.DOWNLOAD);
    }

    private void showRevenue(List<Invoice> found, InvoiceFilter filter) {
        TreeMap<YearMonth, BigDecimal[]> byMonth = new TreeMap<>();
        YearMonth first = filter.from() != null ? filter.from()
                : found.stream().map(i -> YearMonth.from(i.periodStart())).min(YearMonth::compareTo).orElse(null);
        YearMonth last = filter.to() != null ? filter.to()
                : found.stream().map(i -> YearMonth.from(i.periodStart())).max(YearMonth::compareTo).orElse(null);
        for (YearMonth m = first; m != null && last != null && !m.isAfter(last); m = m.plusMonths(1)) {
            byMonth.put(m, new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
        }
        for (Invoice invoice : found) {
            BigDecimal[] month = byMonth.get(YearMonth.from(invoice.periodStart()));
            if (month != null) {
                int slot = invoice.finalized() ? 0 : 1;
                month[slot] = month[slot].add(invoice.total().amount());
            }
        }
        revenue.setCategories(byMonth.keySet().stream().map(YearMonth::toString).toList());
        revenue.setSeries(List.of(
                new ChartSeries("Finalized", byMonth.values().stream().map(v -> v[0]).toList()),
                new ChartSeries("Draft", byMonth.values().stream().map(v -> v[1]).toList())));
    }

    private static BigDecimal sum(List<Invoice> invoices, InvoiceStatus status) {
        return invoices.stream().filter(i -> i.status() == status).map(i -> i.total().amount())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private String name(String customerId) {
        return names.getOrDefault(customerId, customerId);
    }
}
