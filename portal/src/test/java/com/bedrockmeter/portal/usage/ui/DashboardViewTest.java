package com.bedrockmeter.portal.usage.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.base.ui.chart.ChartSeries;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DashboardViewTest extends KaribuTest {

    @Autowired com.bedrockmeter.model.config.Repositories repositories;

    @Autowired DynamoUsageRepository usage;
    @Autowired CustomerService customers;

    @Test
    void dashboard_saysTheAccountAwaitsApproval_whenTheOperatorRequiresIt() {
        // given: a person who signed up while approval is required
        String subject = newPerson();
        new com.bedrockmeter.model.customer.OnboardingService(repositories.subjects(), customers,
                java.time.Clock.systemUTC(), new com.bedrockmeter.model.customer.NewCustomerPolicy(
                        new Limits(5L, null, null), true)).onboard(subject, subject, "Waiting Co", subject, true);

        // when
        navigate("");

        // then
        assertThat(_get(Paragraph.class, spec -> spec.withId("pending-approval")).getText())
                .contains("waiting for your provider's approval");
    }

    @Test
    void dashboard_showsThisMonthsUsage_andTodaysCallsAgainstTheDailyLimit() {
        // given
        CreatedCustomer acme = customer("Acme");
        String id = acme.customer().id();
        customers.updateLimits("test", id, new Limits(1000L, null, null));
        usage.add(id, DynamoUsageRepository.month(YearMonth.now(ZoneOffset.UTC)),
                Map.of("requests", 1234L, "inputTokens", 56789L, "outputTokens", 4321L, "cacheReadTokens", 90000L,
                        "cacheWriteTokens", 3000L));
        usage.add(id, DynamoUsageRepository.day(LocalDate.now(ZoneOffset.UTC)), Map.of("requests", 42L));

        // when
        navigate("");

        // then
        assertThat(_get(Span.class, spec -> spec.withId("month-requests")).getText()).isEqualTo("1,234");
        assertThat(_get(Span.class, spec -> spec.withId("month-input-tokens")).getText()).isEqualTo("56,789");
        assertThat(_get(Span.class, spec -> spec.withId("month-output-tokens")).getText()).isEqualTo("4,321");
        assertThat(_get(Span.class, spec -> spec.withId("month-cache-tokens")).getText()).isEqualTo("90,000 / 3,000");
        assertThat(_get(Span.class, spec -> spec.withId("today-requests")).getText()).isEqualTo("42 / 1,000");
        assertThat(_find(Paragraph.class, spec -> spec.withId("empty-state"))).isEmpty();
    }

    @Test
    void charts_showCallsAndTokensPerDay_stackedByModel_overTheChosenRange() {
        // given
        CreatedCustomer acme = customer("Acme");
        String id = acme.customer().id();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        usage.add(id, DynamoUsageRepository.day(today.minusDays(1)), Map.of("requests", 3L,
                "model#anthropic.claude-3-haiku-20240307-v1:0#requests", 2L,
                "model#anthropic.claude-3-haiku-20240307-v1:0#inputTokens", 20L,
                "model#anthropic.claude-3-haiku-20240307-v1:0#outputTokens", 5L,
                "model#anthropic.claude-3-sonnet-20240229-v1:0#requests", 1L,
                "model#anthropic.claude-3-sonnet-20240229-v1:0#inputTokens", 100L));

        // when
        navigate("");
        DashboardView view = _get(DashboardView.class);
        view.from.setValue(today.minusDays(2));

        // then
        var calls = view.charts.calls;
        assertThat(calls.categories()).containsExactly(today.minusDays(2).toString(),
                today.minusDays(1).toString(), today.toString());
        assertThat(calls.series()).extracting(ChartSeries::name).containsExactly(
                "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-sonnet-20240229-v1:0");
        assertThat(calls.series().get(0).data()).isEqualTo(java.util.List.of(0L, 2L, 0L));
        assertThat(calls.series().get(1).data()).isEqualTo(java.util.List.of(0L, 1L, 0L));
        assertThat(view.charts.tokens.series().get(0).data()).isEqualTo(java.util.List.of(0L, 25L, 0L));
        assertThat(calls.configJson()).contains("\"stacked\":true").contains("\"type\":\"bar\"");
    }

    @Test
    void rangePicker_refusesAnEndBeforeTheStart() {
        customer("Acme");
        navigate("");
        DashboardView view = _get(DashboardView.class);
        view.to.setValue(view.from.getValue().minusDays(1));
        assertThat(view.to.isInvalid()).isTrue();
    }

    @Test
    void dashboard_ofANewCustomer_showsAHelpfulEmptyState() {
        customer("Fresh Co");
        navigate("");
        assertThat(_get(Paragraph.class, spec -> spec.withId("empty-state")).getText()).contains("No calls yet");
    }

    @Test
    void dashboard_neverShowsAnotherCustomersFigures() {
        // given: another customer with usage
        CreatedCustomer other = customer("Other");
        usage.add(other.customer().id(), DynamoUsageRepository.month(YearMonth.now(ZoneOffset.UTC)),
                Map.of("requests", 777L));

        // when: a different customer signs in
        customer("Mine");
        navigate("");

        // then
        assertThat(_get(Span.class, spec -> spec.withId("month-requests")).getText()).isEqualTo("0");
    }
}
