package com.bedrockmeter.portal.analytics;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.summingLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.bedrockmeter.portal.analytics.UsageDashboards.ActiveCustomer;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerDay;
import com.bedrockmeter.portal.analytics.UsageDashboards.CustomerMonth;
import com.bedrockmeter.portal.analytics.UsageDashboards.DayTrend;
import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.usage.UsageEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards' SQL on DuckDB over generated event files in the proxy's layout, checked against the same figures
 * computed in Java from the generated events.
 */
class DuckDbDashboardsTest {

    private static final long SEED = 42;
    private static final LocalDate FIRST = LocalDate.of(2026, 10, 25);
    private static final int DAYS = 14; // crosses a month end
    private static final LocalDate LAST = FIRST.plusDays(DAYS - 1);

    @TempDir static Path directory;
    static List<UsageEvent> events;
    static UsageDashboards dashboards;

    @BeforeAll
    static void generate() throws IOException {
        events = SyntheticUsage.events(SEED, 6_000, 12, FIRST, DAYS);
        SyntheticUsage.write(directory, SEED, 6_000, 12, FIRST, DAYS);
        dashboards = new UsageDashboards(new DuckDbEngine(directory, 2, "512MB"));
    }

    @Test
    void errors_countCallsBedrockFailed_notCallsRefusedBeforeIt_asTheUsageCountersDo(@TempDir Path own)
            throws IOException {
        // given: one answered call, one refused over a limit (429), one Bedrock failed (502)
        LocalDate day = LocalDate.of(2026, 6, 1);
        Path partition = java.nio.file.Files.createDirectories(own.resolve("dt=" + day));
        String line = "{\"requestId\":\"%s\",\"timestamp\":\"2026-06-01T10:00:00Z\",\"customerId\":\"c1\","
                + "\"keyId\":\"k\",\"modelId\":\"m\",\"route\":\"/bedrock\",\"status\":%d,\"inputTokens\":0,"
                + "\"outputTokens\":0,\"latencyMs\":1,\"outcome\":\"%s\"}\n";
        java.nio.file.Files.writeString(partition.resolve("events.jsonl"), line.formatted("a", 200, "answered")
                + line.formatted("b", 429, "refused") + line.formatted("c", 502, "failed"));

        // when
        List<CustomerDay> rows = new UsageDashboards(new DuckDbEngine(own, 1, "256MB"))
                .callsPerCustomerPerDay(AnalyticsQuery.allCustomers(day, day));

        // then: every call counts as a call; only the failed one as an error
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.calls()).isEqualTo(3);
            assertThat(r.errors()).isEqualTo(1);
        });
    }

    @Test
    void callsPerCustomerPerDay_equalTheEventsCountedInJava() {
        // when
        List<CustomerDay> rows = dashboards.callsPerCustomerPerDay(AnalyticsQuery.allCustomers(FIRST, LAST));

        // then
        Map<String, Long> expected = new TreeMap<>(events.stream()
                .collect(groupingBy(e -> e.customerId() + " " + day(e), counting())));
        Map<String, Long> actual = new TreeMap<>();
        rows.forEach(r -> actual.put(r.customerId() + " " + r.day(), r.calls()));
        assertThat(actual).isEqualTo(expected);
        assertThat(rows.stream().mapToLong(CustomerDay::errors).sum())
                .isEqualTo(events.stream().filter(e -> e.status() >= 400).count());
        assertThat(rows).isSortedAccordingTo(Comparator.comparing(CustomerDay::day)
                .thenComparing(CustomerDay::customerId));
    }

    @Test
    void usageByCustomerPerMonth_splitsAtTheMonthEnd_withTokenSums() {
        // when
        List<CustomerMonth> rows = dashboards.usageByCustomerPerMonth(AnalyticsQuery.allCustomers(FIRST, LAST));

        // then
        Map<String, Long> expectedInput = new TreeMap<>(events.stream().collect(groupingBy(
                e -> e.customerId() + " " + day(e).substring(0, 7), summingLong(UsageEvent::inputTokens))));
        Map<String, Long> actualInput = new TreeMap<>();
        rows.forEach(r -> actualInput.put(r.customerId() + " " + r.month(), r.inputTokens()));
        assertThat(actualInput).isEqualTo(expectedInput);
        assertThat(rows).extracting(CustomerMonth::month).containsOnly("2026-10", "2026-11");
        assertThat(rows.stream().mapToLong(CustomerMonth::outputTokens).sum())
                .isEqualTo(events.stream().mapToLong(UsageEvent::outputTokens).sum());
        assertThat(rows.stream().mapToLong(CustomerMonth::cacheReadTokens).sum())
                .isEqualTo(events.stream().mapToLong(UsageEvent::cacheReadTokens).sum()).isPositive();
        assertThat(rows.stream().mapToLong(CustomerMonth::cacheWriteTokens).sum())
                .isEqualTo(events.stream().mapToLong(UsageEvent::cacheWriteTokens).sum()).isPositive();
        assertThat(rows.stream().mapToLong(CustomerMonth::tokens).sum())
                .isEqualTo(events.stream().mapToLong(e -> e.tokens().total()).sum());
    }

    @Test
    void usageTrend_forOneCustomer_andOnlyTheChosenDays() {
        // given
        String customer = SyntheticUsage.customerId(SEED, 0);
        LocalDate from = FIRST.plusDays(3);
        LocalDate to = FIRST.plusDays(5);

        // when
        List<DayTrend> rows = dashboards.usageTrend(new AnalyticsQuery(from, to, customer));

        // then
        List<UsageEvent> chosen = events.stream().filter(e -> e.customerId().equals(customer))
                .filter(e -> !LocalDate.parse(day(e)).isBefore(from) && !LocalDate.parse(day(e)).isAfter(to))
                .toList();
        assertThat(rows).extracting(DayTrend::day)
                .containsExactly(from.toString(), from.plusDays(1).toString(), to.toString());
        assertThat(rows.stream().mapToLong(DayTrend::calls).sum()).isEqualTo(chosen.size());
        assertThat(rows.stream().mapToLong(DayTrend::inputTokens).sum())
                .isEqualTo(chosen.stream().mapToLong(UsageEvent::inputTokens).sum());
        assertThat(rows).allSatisfy(r -> assertThat(r.avgLatencyMs()).isBetween(20L, 920L));
    }

    @Test
    void mostActiveCustomers_areTheTopByCalls_inOrder() {
        // when
        List<ActiveCustomer> top = dashboards.mostActiveCustomers(AnalyticsQuery.allCustomers(FIRST, LAST), 3);

        // then
        List<Map.Entry<String, Long>> expected = events.stream()
                .collect(groupingBy(UsageEvent::customerId, counting())).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).toList();
        assertThat(top).extracting(ActiveCustomer::customerId)
                .containsExactlyElementsOf(expected.stream().map(Map.Entry::getKey).toList());
        assertThat(top.get(0).calls()).isEqualTo(expected.get(0).getValue());
        assertThat(top.get(0).successfulCalls()).isLessThan(top.get(0).calls());
    }

    @Test
    void gzippedFiles_asFirehoseWritesThem_andAHalfWrittenLine_areRead(@TempDir Path other) throws IOException {
        // given: one day as .jsonl.gz, another as .jsonl ending in a line the proxy is still writing
        ObjectMapper json = SyntheticUsage.json();
        List<UsageEvent> two = SyntheticUsage.events(7, 2, 1, LocalDate.of(2026, 1, 1), 2);
        Path day1 = Files.createDirectories(other.resolve("dt=2026-01-01"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(day1.resolve("part-0001.jsonl.gz")))) {
            out.write((json.writeValueAsString(two.get(0)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path day2 = Files.createDirectories(other.resolve("dt=2026-01-02"));
        Files.writeString(day2.resolve("events-1.jsonl"), json.writeValueAsString(two.get(1)) + "\n{\"requestId\":\"x",
                StandardOpenOption.CREATE_NEW);
        var engine = new UsageDashboards(new DuckDbEngine(other, 1, "512MB"));

        // when
        List<DayTrend> rows = engine.usageTrend(AnalyticsQuery.allCustomers(LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 1, 2)));

        // then
        assertThat(rows).extracting(DayTrend::day, DayTrend::calls)
                .containsExactly(tuple("2026-01-01", 1L),
                        tuple("2026-01-02", 1L));
    }

    @Test
    void noEventFiles_meansNoRows_notAnError(@TempDir Path empty) {
        var engine = new UsageDashboards(new DuckDbEngine(empty.resolve("not-yet"), 1, "512MB"));

        assertThat(engine.usageTrend(AnalyticsQuery.allCustomers(FIRST, LAST))).isEmpty();
        assertThat(engine.mostActiveCustomers(AnalyticsQuery.allCustomers(FIRST, LAST), 5)).isEmpty();
    }

    @Test
    void aParameter_isBound_neverSpliced_intoTheSql() {
        // given: a value that would widen the filter if it were pasted into the SQL text
        String sql = UsageDashboards.sql(UsageDashboards.USAGE_TREND, "COUNT(*)", true, 10);

        // when
        QueryResult result = new DuckDbEngine(directory, 1, "512MB").run(sql,
                List.of(FIRST.toString(), LAST.toString(), "x' OR '1'='1"));

        // then
        assertThat(result.rows()).isEmpty();
    }

    @Test
    void badQueries_areRefusedWithStableCodes() {
        assertThatThrownBy(() -> new AnalyticsQuery(LAST, FIRST, null))
                .isInstanceOf(InvalidInputException.class).hasFieldOrPropertyWithValue("code", "invalid_date_range");
        assertThatThrownBy(() -> new AnalyticsQuery(FIRST, FIRST.plusDays(AnalyticsQuery.MAX_DAYS), null))
                .hasFieldOrPropertyWithValue("code", "invalid_date_range");
        assertThatThrownBy(() -> new AnalyticsQuery(FIRST, LAST, "x' OR '1'='1"))
                .hasFieldOrPropertyWithValue("code", "invalid_customer_id");
        assertThatThrownBy(() -> new DuckDbEngine(directory, 1, "512MB").run("SELECT nonsense FROM usage_events", List.of()))
                .isInstanceOf(AnalyticsException.class).hasFieldOrPropertyWithValue("code", "analytics_query_failed");
    }

    private static String day(UsageEvent event) {
        return LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC).toString();
    }
}
