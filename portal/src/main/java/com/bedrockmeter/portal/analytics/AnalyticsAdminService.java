package com.bedrockmeter.portal.analytics;

import com.bedrockmeter.portal.analytics.UsageDashboards.ActiveCustomer;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerDay;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerMonth;
import com.bedrockmeter.portal.analytics.UsageDashboards.DayTrend;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.base.ApiException;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * The usage dashboards, for admins only: they span every customer. {@link #all} runs the four queries side by side
 * (on Athena each one waits seconds for its engine, so the page waits for the slowest, not for the sum).
 */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class AnalyticsAdminService {

    /** Beyond the engine's own timeout, for paging and the slowest of four to come back. */
    private static final Duration MARGIN = Duration.ofSeconds(15);

    private final UsageDashboards dashboards;
    private final AnalyticsProperties properties;
    private final ExecutorService queries = Executors.newFixedThreadPool(8, r -> {
        Thread thread = new Thread(r, "analytics-query");
        thread.setDaemon(true);
        return thread;
    });

    /** Waits for the four on behalf of a screen, so that the screen's request is not held while Athena works. */
    private final ExecutorService waiters = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "analytics-page");
        thread.setDaemon(true);
        return thread;
    });

    AnalyticsAdminService(UsageDashboards dashboards, AnalyticsProperties properties) {
        this.dashboards = dashboards;
        this.properties = properties;
    }

    /** The four dashboards for one query. */
    public record Dashboards(List<DayTrend> trend, List<CustomerDay> perCustomerPerDay,
            List<CustomerMonth> perCustomerPerMonth, List<ActiveCustomer> mostActive) {
    }

    /**
     * The four dashboards, queried side by side; the first failure cancels the others (an Athena query is stopped).
     *
     * @throws AnalyticsException the first failure, or {@code analytics_query_timeout} when the four together take
     *         longer than the engine's timeout and a margin
     */
    public Dashboards all(AnalyticsQuery query, int top) {
        var done = new ExecutorCompletionService<Object>(queries);
        List<Future<Object>> futures = List.of(
                done.submit(() -> dashboards.usageTrend(query)),
                done.submit(() -> dashboards.callsPerCustomerPerDay(query)),
                done.submit(() -> dashboards.usageByCustomerPerMonth(query)),
                done.submit(() -> dashboards.mostActiveCustomers(query, top)));
        long deadline = System.nanoTime() + deadline().toNanos();
        try {
            for (int i = 0; i < futures.size(); i++) {
                Future<Object> next = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AnalyticsException("analytics_query_timeout", "The usage queries took longer than "
                            + deadline().toSeconds() + " s and were stopped.", null);
                }
                next.get();
            }
            return new Dashboards(result(futures.get(0)), result(futures.get(1)), result(futures.get(2)),
                    result(futures.get(3)));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException known) {
                throw known;
            }
            throw AnalyticsException.failed(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalyticsException("analytics_query_cancelled", "The usage queries were interrupted", e);
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    /** As {@link #all}, answered later: the caller (a screen) polls the future instead of waiting in its request. */
    public CompletableFuture<Dashboards> start(AnalyticsQuery query, int top) {
        return CompletableFuture.supplyAsync(() -> all(query, top), waiters);
    }

    private Duration deadline() {
        return properties.athena().timeout().plus(MARGIN);
    }

    @SuppressWarnings("unchecked")
    private static <T> T result(Future<Object> future) throws ExecutionException, InterruptedException {
        return (T) future.get();
    }

    @PreDestroy
    void stop() {
        waiters.shutdownNow();
        queries.shutdownNow();
    }

    public String engineName() {
        return dashboards.engineName();
    }

}
