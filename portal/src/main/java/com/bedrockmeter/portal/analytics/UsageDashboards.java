package com.bedrockmeter.portal.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * The guide's four dashboards as SQL over {@code usage_events}: calls per customer per day, total usage by customer
 * per month, usage trends, most active customers. One SQL text per dashboard for every engine; the date range and
 * the customer are {@code ?} parameters (the partition column dt keeps the scan to the chosen days), and the only
 * number written into the text is the validated row limit. Rows without a customer (a malformed line, read as nulls
 * by both engines) are left out.
 *
 * <p>What the columns count, the same as the usage counters ({@code usage} in the CLI, the portal's usage page):
 * {@code errors} are calls Bedrock failed (outcome {@code failed}), and {@code successful_calls} calls it answered;
 * {@code calls} counts every call of a known customer, so it also holds the calls refused before Bedrock (limits,
 * bad requests), which no counter holds. Events written before the outcome field count every status of 400 or
 * more as an error.
 */
public class UsageDashboards {

    /**
     * The most rows a dashboard returns: customer × day cells for a year of 500 customers fit; the screen says so
     * when a result reaches it.
     */
    public static final int MAX_ROWS = 200_000;
    public static final int MAX_TOP = 100;

    static final String ERRORS =
            "SUM(CASE WHEN outcome = 'failed' OR (outcome IS NULL AND status >= 400) THEN 1 ELSE 0 END)";
    private static final String OK = "SUM(CASE WHEN status < 400 THEN 1 ELSE 0 END)";

    static final String CALLS_PER_CUSTOMER_PER_DAY = """
            SELECT customerid, dt, COUNT(*) AS calls, %s AS errors, SUM(inputtokens) AS input_tokens,
                   SUM(outputtokens) AS output_tokens, SUM(cachereadtokens) AS cache_read_tokens,
                   SUM(cachewritetokens) AS cache_write_tokens
            FROM usage_events
            WHERE dt BETWEEN ? AND ? AND customerid IS NOT NULL%s
            GROUP BY customerid, dt
            ORDER BY dt, customerid
            LIMIT %d""";
    static final String USAGE_BY_CUSTOMER_PER_MONTH = """
            SELECT customerid, substr(dt, 1, 7) AS month, COUNT(*) AS calls, %s AS errors,
                   SUM(inputtokens) AS input_tokens, SUM(outputtokens) AS output_tokens,
                   SUM(cachereadtokens) AS cache_read_tokens, SUM(cachewritetokens) AS cache_write_tokens
            FROM usage_events
            WHERE dt BETWEEN ? AND ? AND customerid IS NOT NULL%s
            GROUP BY customerid, substr(dt, 1, 7)
            ORDER BY month, customerid
            LIMIT %d""";
    static final String USAGE_TREND = """
            SELECT dt, COUNT(*) AS calls, %s AS errors, SUM(inputtokens) AS input_tokens,
                   SUM(outputtokens) AS output_tokens, CAST(AVG(latencyms) AS BIGINT) AS avg_latency_ms
            FROM usage_events
            WHERE dt BETWEEN ? AND ? AND customerid IS NOT NULL%s
            GROUP BY dt
            ORDER BY dt
            LIMIT %d""";
    static final String MOST_ACTIVE_CUSTOMERS = """
            SELECT customerid, COUNT(*) AS calls, %s AS successful_calls,
                   COALESCE(SUM(inputtokens), 0) + COALESCE(SUM(outputtokens), 0)
                   + COALESCE(SUM(cachereadtokens), 0) + COALESCE(SUM(cachewritetokens), 0) AS tokens
            FROM usage_events
            WHERE dt BETWEEN ? AND ? AND customerid IS NOT NULL%s
            GROUP BY customerid
            ORDER BY calls DESC, customerid
            LIMIT %d""";

    /** One customer's calls on one day; input tokens exclude the prompt-cache tokens, counted apart. */
    public record CustomerDay(String customerId, String day, long calls, long errors, long inputTokens,
            long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
    }

    /** One customer's usage in one month ('YYYY-MM'). */
    public record CustomerMonth(String customerId, String month, long calls, long errors, long inputTokens,
            long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

        /** Every token: input, output, cache read and cache write. */
        public long tokens() {
            return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
        }
    }

    /** All customers on one day. */
    public record DayTrend(String day, long calls, long errors, long inputTokens, long outputTokens,
            long avgLatencyMs) {
    }

    /** One customer's total over the range; {@code tokens} counts every kind (cache included). */
    public record ActiveCustomer(String customerId, long calls, long successfulCalls, long tokens) {
    }

    private final AnalyticsEngine engine;

    public UsageDashboards(AnalyticsEngine engine) {
        this.engine = engine;
    }

    public String engineName() {
        return engine.name();
    }

    public List<CustomerDay> callsPerCustomerPerDay(AnalyticsQuery query) {
        return run(CALLS_PER_CUSTOMER_PER_DAY, ERRORS, query, MAX_ROWS).stream()
                .map(r -> new CustomerDay(r.get(0), r.get(1), n(r.get(2)), n(r.get(3)), n(r.get(4)), n(r.get(5)),
                        n(r.get(6)), n(r.get(7))))
                .toList();
    }

    public List<CustomerMonth> usageByCustomerPerMonth(AnalyticsQuery query) {
        return run(USAGE_BY_CUSTOMER_PER_MONTH, ERRORS, query, MAX_ROWS).stream()
                .map(r -> new CustomerMonth(r.get(0), r.get(1), n(r.get(2)), n(r.get(3)), n(r.get(4)), n(r.get(5)),
                        n(r.get(6)), n(r.get(7))))
                .toList();
    }

    public List<DayTrend> usageTrend(AnalyticsQuery query) {
        return run(USAGE_TREND, ERRORS, query, MAX_ROWS).stream()
                .map(r -> new DayTrend(r.get(0), n(r.get(1)), n(r.get(2)), n(r.get(3)), n(r.get(4)), n(r.get(5))))
                .toList();
    }

    /** @param top 1 to {@value #MAX_TOP} customers, by calls */
    public List<ActiveCustomer> mostActiveCustomers(AnalyticsQuery query, int top) {
        if (top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException("top is 1 to " + MAX_TOP + ", was " + top);
        }
        return run(MOST_ACTIVE_CUSTOMERS, OK, query, top).stream()
                .map(r -> new ActiveCustomer(r.get(0), n(r.get(1)), n(r.get(2)), n(r.get(3))))
                .toList();
    }

    /** The SQL a dashboard sends, for one customer or all: what the tests and the benchmark run. */
    static String sql(String template, String countExpression, boolean oneCustomer, int limit) {
        return template.formatted(countExpression, oneCustomer ? " AND customerid = ?" : "", limit);
    }

    private List<List<String>> run(String template, String countExpression, AnalyticsQuery query, int limit) {
        List<String> parameters = new ArrayList<>(List.of(query.from().toString(), query.to().toString()));
        if (query.customerId() != null) {
            parameters.add(query.customerId());
        }
        return engine.run(sql(template, countExpression, query.customerId() != null, limit), parameters).rows();
    }

    /** Sums over no rows are NULL in SQL; a dashboard shows them as 0. */
    private static long n(String value) {
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }
}
