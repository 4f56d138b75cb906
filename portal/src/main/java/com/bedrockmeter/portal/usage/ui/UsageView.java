package com.bedrockmeter.portal.usage.ui;

import com.bedrockmeter.portal.base.ui.CustomerOnly;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.usage.UsageCsv;
import com.bedrockmeter.portal.usage.UsagePortalService;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.StreamResource;
import jakarta.annotation.security.PermitAll;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The signed-in customer's usage per UTC day and model over a chosen range (the last 30 days by default), its totals,
 * and the same rows as a CSV download. The customer is fixed when the view is built, never taken from the URL.
 */
@Route("usage")
@PageTitle("Usage | Bedrock Meter")
@PermitAll
public class UsageView extends VerticalLayout implements CustomerOnly {

    static final int MAX_DAYS = 366;
    private static final NumberFormat NUMBERS = NumberFormat.getIntegerInstance(Locale.US);
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Grid<UsageCsv.Row> grid = new Grid<>();
    final Span totals = new Span();
    final Anchor csv = new Anchor();
    @SuppressWarnings("deprecation") // StreamResource: DownloadHandler (Vaadin 24.8+) is its successor
    StreamResource csvResource;
    private final UsagePortalService usage;
    private final String customerId;

    public UsageView(CurrentUser currentUser, UsagePortalService usage) {
        this.usage = usage;
        this.customerId = currentUser.customer().map(Customer::id).orElse(null);
        if (customerId == null) {
            return; // an admin without a customer; anyone else is forwarded to onboarding by MainLayout
        }
        LocalDate today = usage.today();
        from.setValue(today.minusDays(29));
        to.setValue(today);
        from.setManualValidation(true);
        to.setManualValidation(true);
        from.addValueChangeListener(e -> showRange());
        to.addValueChangeListener(e -> showRange());
        grid.setId("usage");
        grid.addColumn(row -> row.date().toString()).setHeader("Date");
        grid.addColumn(UsageCsv.Row::model).setHeader("Model").setFlexGrow(3);
        numberColumn("Calls", UsageTotals::requests);
        numberColumn("Input tokens", UsageTotals::inputTokens);
        numberColumn("Output tokens", UsageTotals::outputTokens);
        numberColumn("Cache read tokens", UsageTotals::cacheReadTokens);
        numberColumn("Cache write tokens", UsageTotals::cacheWriteTokens);
        numberColumn("Errors", UsageTotals::errors);
        totals.setId("usage-totals");
        csv.setId("usage-csv");
        csv.setText("Download CSV");
        csv.setDownload(true);
        HorizontalLayout range = new HorizontalLayout(from, to, csv);
        range.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(new H2("Usage"), new Paragraph("Calls and tokens per model and UTC day. Calls appear once they finish. "
                        + "Calls: answered by the model; errors: calls the model failed. Calls refused before the "
                        + "model (over a limit, a bad request) are counted in neither and cost nothing. Prompt "
                        + "tokens read from or written to the model's cache are counted apart from input tokens, "
                        + "and priced apart."),
                range, totals, grid);
        showRange();
    }

    /** Shows the chosen range, or marks the range invalid and leaves the rows, totals and CSV as they were. */
    void showRange() {
        LocalDate start = from.getValue();
        LocalDate end = to.getValue();
        from.setInvalid(start == null);
        from.setErrorMessage(start == null ? "Choose a start date" : null);
        String problem = end == null ? "Choose an end date"
                : start != null && end.isBefore(start) ? "The end must be on or after the start"
                : start != null && ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS
                        ? "Choose at most " + MAX_DAYS + " days" : null;
        to.setInvalid(problem != null);
        to.setErrorMessage(problem);
        if (start == null || problem != null) {
            return;
        }
        List<DailyUsage> days = List.copyOf(usage.days(customerId, start, end));
        List<UsageCsv.Row> rows = UsageCsv.rows(days);
        grid.setItems(rows);
        UsageTotals sum = rows.stream().map(UsageCsv.Row::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
        String cached = sum.cacheReadTokens() + sum.cacheWriteTokens() == 0 ? ""
                : count(sum.cacheReadTokens(), "cache read token") + ", "
                        + count(sum.cacheWriteTokens(), "cache write token") + ", ";
        totals.setText(count(sum.requests(), "call") + ", " + count(sum.inputTokens(), "input token") + ", "
                + count(sum.outputTokens(), "output token") + ", " + cached + count(sum.errors(), "error"));
        offerCsv(days, start, end);
    }

    // The CSV is written from the days on screen: it matches the grid, and the download request needs no service call.
    @SuppressWarnings("deprecation")
    private void offerCsv(List<DailyUsage> days, LocalDate start, LocalDate end) {
        csvResource = new StreamResource("usage-" + start + "-to-" + end + ".csv", (out, session) ->
                UsageCsv.write(days, new OutputStreamWriter(out, StandardCharsets.UTF_8)));
        csvResource.setContentType("text/csv;charset=UTF-8");
        csv.setHref(csvResource);
    }

    private void numberColumn(String header, ToLongFunction<UsageTotals> counter) {
        grid.addColumn(row -> NUMBERS.format(counter.applyAsLong(row.totals()))).setHeader(header)
                .setComparator(row -> counter.applyAsLong(row.totals())).setTextAlign(ColumnTextAlign.END);
    }

    private static String count(long n, String noun) {
        return NUMBERS.format(n) + " " + noun + (n == 1 ? "" : "s");
    }
}
