package com.bedrockmeter.portal.analytics;

import com.bedrockmeter.portal.analytics.UsageDashboards.ActiveCustomer;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerDay;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerMonth;
import com.bedrockmeter.portal.analytics.UsageDashboards.DayTrend;
import com.bedrockmeter.portal.security.Roles;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** The usage dashboards, for admins only: they span every customer. */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class AnalyticsAdminService {

    private final UsageDashboards dashboards;

    AnalyticsAdminService(UsageDashboards dashboards) {
        this.dashboards = dashboards;
    }

    public String engineName() {
        return dashboards.engineName();
    }

    public List<CustomerDay> callsPerCustomerPerDay(AnalyticsQuery query) {
        return dashboards.callsPerCustomerPerDay(query);
    }

    public List<CustomerMonth> usageByCustomerPerMonth(AnalyticsQuery query) {
        return dashboards.usageByCustomerPerMonth(query);
    }

    public List<DayTrend> usageTrend(AnalyticsQuery query) {
        return dashboards.usageTrend(query);
    }

    public List<ActiveCustomer> mostActiveCustomers(AnalyticsQuery query, int top) {
        return dashboards.mostActiveCustomers(query, top);
    }
}
