package com.bedrockmeter.portal.usage.ui;

import com.bedrockmeter.portal.base.ui.chart.ApexChart;
import com.bedrockmeter.portal.base.ui.chart.ChartSeries;
import com.bedrockmeter.portal.base.ui.chart.ChartType;
import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Calls per day and tokens per day over a date range, stacked by model; days without calls show as zero. The
 * same charts serve the customer's dashboard and the admin's customer detail.
 */
public class UsageCharts extends VerticalLayout {

    final ApexChart calls = new ApexChart(ChartType.BAR);
    final ApexChart tokens = new ApexChart(ChartType.BAR);

    public UsageCharts() {
        setPadding(false);
        calls.setId("calls-chart");
        calls.setTitle("Calls per day").setStacked(true).setYAxis("calls", 0);
        tokens.setId("tokens-chart");
        tokens.setTitle("Tokens per day (input + output)").setStacked(true).setYAxis("tokens", 0);
        add(calls, tokens);
    }

    /** Shows {@code days} (any order, only days with calls) on every day from {@code from} to {@code to}. */
    public void show(List<DailyUsage> days, LocalDate from, LocalDate to) {
        List<String> categories = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            categories.add(day.toString());
        }
        Map<LocalDate, DailyUsage> byDay = new TreeMap<>();
        days.forEach(d -> byDay.put(d.date(), d));
        TreeSet<String> models = new TreeSet<>();
        days.forEach(d -> models.addAll(d.byModel().keySet()));
        calls.setCategories(categories).setSeries(series(models, byDay, from, to, UsageTotals::requests));
        tokens.setCategories(categories).setSeries(series(models, byDay, from, to, UsageTotals::totalTokens));
    }

    private static List<ChartSeries> series(TreeSet<String> models, Map<LocalDate, DailyUsage> byDay,
                                            LocalDate from, LocalDate to, ToLongFunction<UsageTotals> value) {
        List<ChartSeries> series = new ArrayList<>();
        for (String model : models) {
            List<Long> data = new ArrayList<>();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                DailyUsage usage = byDay.get(day);
                UsageTotals totals = usage == null ? null : usage.byModel().get(model);
                data.add(totals == null ? 0L : value.applyAsLong(totals));
            }
            series.add(new ChartSeries(model, data));
        }
        return series;
    }
}
