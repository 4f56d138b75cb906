package com.bedrockmeter.portal.analytics.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.analytics.SyntheticUsage;
import com.bedrockmeter.portal.analytics.UsageDashboards.ActiveCustomer;
import com.bedrockmeter.portal.shell.AccessDeniedView;
import com.bedrockmeter.portal.base.ui.chart.ChartSeries;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.portal.testsupport.TestUsageEvents;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.usage.UsageEvent;
import com.github.mvysny.kaributesting.v10.GridKt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The dashboards on screen, over the test JVM's generated usage-event files (DuckDB). */
class AnalyticsViewTest extends KaribuTest {

    private static final LocalDate LAST = TestUsageEvents.FIRST.plusDays(TestUsageEvents.DAYS - 1);

    @Autowired CustomerService customers;

    @Test
    void admin_seesTheTrendAndTheMostActiveCustomers_forTheChosenDays() {
        // given
        List<UsageEvent> events = TestUsageEvents.events();
        admin();
        navigate("admin/analytics");
        AnalyticsView view = _get(AnalyticsView.class);

        // when
        view.from.setValue(TestUsageEvents.FIRST);
        view.to.setValue(LAST);
        show(view);

        // then: the trend's calls add up to every event, failed ones to those with a status of 400 or more
        assertThat(view.source.getText()).startsWith("Source: DuckDB");
        assertThat(view.error.getText()).isEmpty();
        assertThat(view.trend.categories()).hasSize(TestUsageEvents.DAYS);
        assertThat(sum(view.trend.series().get(0))).isEqualTo(events.size());
        assertThat(sum(view.trend.series().get(1))).isEqualTo(events.stream().filter(e -> e.status() >= 400).count());
        // the per-day chart: at most 8 customers and "Others", adding up to every call
        assertThat(view.perCustomerPerDay.series()).hasSizeLessThanOrEqualTo(AnalyticsView.SERIES + 1);
        assertThat(view.perCustomerPerDay.series().stream().mapToLong(AnalyticsViewTest::sum).sum())
                .isEqualTo(events.size());
        assertThat(view.perCustomerPerMonth.categories()).containsExactly("2026-09", "2026-10");
        // the busiest customer first
        Map<String, Long> byCustomer = events.stream().collect(Collectors.groupingBy(UsageEvent::customerId,
                Collectors.counting()));
        String busiest = byCustomer.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        ActiveCustomer first = GridKt._get(view.mostActive, 0);
        assertThat(first.customerId()).isEqualTo(busiest);
        assertThat(first.calls()).isEqualTo(byCustomer.get(busiest));
        assertThat(GridKt._size(view.mostActive.getDataProvider(), null)).isEqualTo(AnalyticsView.TOP);
    }

    @Test
    void admin_narrowsToOneCustomer() throws IOException {
        // given: a real customer with 3 calls on a day after the generated ones, in a file of their own
        Customer hooli = customers.create("test", "Hooli " + UUID.randomUUID().toString().substring(0, 6),
                "ap@hooli.example", Optional.empty()).customer();
        LocalDate day = LAST.plusDays(5);
        Path dir = Files.createDirectories(TestUsageEvents.directory().resolve("dt=" + day));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            lines.append(SyntheticUsage.json().writeValueAsString(new UsageEvent("r-" + i,
                    Instant.parse(day + "T10:00:0" + i + "Z"), hooli.id(), "key_x", "m", "/bedrock", 200, 10, 5, 100,
                    null, UsageEvent.ANSWERED))).append('\n');
        }
        Files.writeString(dir.resolve("events-" + hooli.id() + ".jsonl"), lines);
        admin();
        navigate("admin/analytics");
        AnalyticsView view = _get(AnalyticsView.class);
        view.from.setValue(TestUsageEvents.FIRST);
        view.to.setValue(day);

        // when
        view.customer.setValue(customers.require(hooli.id()));
        show(view);

        // then
        assertThat(sum(view.trend.series().get(0))).isEqualTo(3);
        assertThat(view.perCustomerPerDay.series()).singleElement()
                .satisfies(s -> assertThat(s.name()).isEqualTo(hooli.name()));
        assertThat(GridKt._findAll(view.mostActive)).singleElement()
                .satisfies(a -> assertThat(a.tokens()).isEqualTo(45));
    }

    @Test
    void aRangeTooLong_isExplained_andTheChartsOfTheLastQueryAreCleared() {
        // given: a range with data on screen
        admin();
        navigate("admin/analytics");
        AnalyticsView view = _get(AnalyticsView.class);
        view.from.setValue(TestUsageEvents.FIRST);
        view.to.setValue(LAST);
        show(view);
        assertThat(sum(view.trend.series().get(0))).isPositive();

        // when
        view.from.setValue(LocalDate.of(2020, 1, 1));
        show(view);

        // then
        assertThat(view.error.getText()).startsWith("Choose an end on or after the start, at most");
        assertThat(view.trend.series()).isEmpty();
        assertThat(view.perCustomerPerDay.series()).isEmpty();
        assertThat(GridKt._findAll(view.mostActive)).isEmpty();
        assertThat(view.source.getText()).isEmpty();
    }

    @Test
    void customer_isDeniedAnalytics() {
        customer("Nosy");
        navigate("admin/analytics");
        assertThat(_find(AnalyticsView.class)).isEmpty();
        assertThat(_find(AccessDeniedView.class)).hasSize(1);
    }

    /** Clicks Show (once the query of the page's opening is answered), and takes the answer as a poll would. */
    private static void show(AnalyticsView view) {
        answer(view);
        view.apply.click();
        answer(view);
    }

    private static void answer(AnalyticsView view) {
        if (view.pending != null) {
            view.pending.handle((found, failure) -> null).join();
        }
        view.collect();
        assertThat(view.pending).isNull();
        assertThat(view.apply.isEnabled()).isTrue();
    }

    private static long sum(ChartSeries series) {
        return series.data().stream().mapToLong(Number::longValue).sum();
    }

}
