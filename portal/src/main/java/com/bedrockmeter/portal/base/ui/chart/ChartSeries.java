package com.bedrockmeter.portal.base.ui.chart;

import java.util.List;

/** One named series of values, one per category. */
public record ChartSeries(String name, List<? extends Number> data) {
    public ChartSeries {
        data = List.copyOf(data);
    }
}
