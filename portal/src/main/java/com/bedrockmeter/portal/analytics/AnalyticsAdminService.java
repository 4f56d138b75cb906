package com.bedrockmeter.portal.analytics;

import com.bedrockmeter.portal.analytics.UsageDashboards.ActiveCustomer;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerDay;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerMonth;
import com.bedrockmeter.portal.analytics.UsageDashboards.DayTrend;
import com.bedrockmeter.portal.security.Roles;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * The usage dashboards, for admins only: they span every customer. {@link #all} runs the four queries side by side
 * (on Athena each one waits seconds for its engine, so the page waits for the slowest, not for the sum).
 */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class AnalyticsAdminService {

    private final UsageDashboards dashboards;
    private final ExecutorService queries = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "analytics-query");
        thread.setDaemon(true);
        return thread;
    });

    AnalyticsAdminService(UsageDashboards dashboards) {
        this.dashboards = dashboards;
    }

    /** The four dashboards for one query. */
    public record Dashboards(List<DayTrend> trend, List<CustomerDay> perCustomerPerDay,
            List<CustomerMonth> perCustomerPerMonth, List<ActiveCustomer> mostActive) {
    }

    /**
     * @throws AnalyticsException (the first failure) when any of the four fails
     */
    public Dashboards all(AnalyticsQuery query, int top) {
        var trend = CompletableFuture.supplyAsync(() -> dashboards.usageTrend(query), queries);
        var perDay = CompletableFuture.supplyAsync(() -> dashboards.callsPerCustomerPerDay(query), queries);
        var perMonth = CompletableFuture.supplyAsync(() -> dashboards.usageByCustomerPerMonth(query), queries);
        var active = CompletableFuture.supplyAsync(() -> dashboards.mostActiveCustomers(query, top), queries);
        try {
            return new Dashboards(trend.join(), perDay.join(), perMonth.join(), active.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        queries.shutdownNow();
    }

    public String engineName() {
        return dashboards.engineName();
    }

}
