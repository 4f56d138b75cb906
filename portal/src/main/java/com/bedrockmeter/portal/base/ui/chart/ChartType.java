package com.bedrockmeter.portal.base.ui.chart;

/** The ApexCharts chart types the portal uses. */
public enum ChartType {
    BAR("bar"), LINE("line"), AREA("area");

    final String apexName;

    ChartType(String apexName) {
        this.apexName = apexName;
    }
}
