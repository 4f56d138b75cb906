package com.bedrockmeter.portal.usage.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.proxy.customer.CustomerService;
import com.bedrockmeter.proxy.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.proxy.customer.Limits;
import com.bedrockmeter.proxy.metering.DynamoUsageRepository;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DashboardViewTest extends KaribuTest {

    @Autowired DynamoUsageRepository usage;
    @Autowired CustomerService customers;

    @Test
    void dashboard_showsThisMonthsUsage_andTodaysCallsAgainstTheDailyLimit() {
        // given
        CreatedCustomer acme = customer("Acme");
        String id = acme.customer().id();
        customers.updateLimits(id, new Limits(1000L, null, null));
        usage.add(id, DynamoUsageRepository.month(YearMonth.now(ZoneOffset.UTC)),
                Map.of("requests", 1234L, "inputTokens", 56789L, "outputTokens", 4321L));
        usage.add(id, DynamoUsageRepository.day(LocalDate.now(ZoneOffset.UTC)), Map.of("requests", 42L));

        // when
        navigate("");

        // then
        assertThat(_get(Span.class, spec -> spec.withId("month-requests")).getText()).isEqualTo("1,234");
        assertThat(_get(Span.class, spec -> spec.withId("month-input-tokens")).getText()).isEqualTo("56,789");
        assertThat(_get(Span.class, spec -> spec.withId("month-output-tokens")).getText()).isEqualTo("4,321");
        assertThat(_get(Span.class, spec -> spec.withId("today-requests")).getText()).isEqualTo("42 / 1,000");
        assertThat(_find(Paragraph.class, spec -> spec.withId("empty-state"))).isEmpty();
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
