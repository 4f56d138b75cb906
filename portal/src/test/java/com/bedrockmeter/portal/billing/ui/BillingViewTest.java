package com.bedrockmeter.portal.billing.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.portal.billing.BillingPortalService;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.PayPerRequest;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

class BillingViewTest extends KaribuTest {

    @Autowired PlanCatalogue catalogue;
    @Autowired BillingRuns billing;
    @Autowired Invoices invoices;
    @Autowired BillingPortalService portalBilling;
    @Autowired DynamoUsageRepository usage;

    @Test
    void billing_showsThePlan_andThisMonthsEstimateFromTheLiveCounters() {
        // given: a pay-per-request plan at 0.002 and 1,234 calls this month
        CreatedCustomer acme = customer("Acme Billing");
        String id = acme.customer().id();
        String planId = "ppr-" + UUID.randomUUID().toString().substring(0, 8);
        catalogue.savePlan("test", new Plan(planId, "Pay per call", new PayPerRequest(Money.usd("0.002")), false));
        LocalDate first = YearMonth.now(ZoneOffset.UTC).atDay(1);
        catalogue.assignPlan("test", id, planId, first);
        usage.add(id, DynamoUsageRepository.day(first), Map.of("requests", 1234L));

        // when
        navigate("billing");
        BillingView view = _get(BillingView.class);

        // then: 1,234 × 0.002 = 2.468 → 2.47
        assertThat(view.plan.getText()).isEqualTo("Plan: Pay per call");
        assertThat(view.estimateTotal.getText()).startsWith("Estimate: 2.47 USD");
        assertThat(GridKt._get(view.estimate, 0).amount().amount()).isEqualByComparingTo("2.468");
        assertThat(GridKt._size(view.invoices.getDataProvider(), null)).isZero();
    }

    @Test
    void billing_listsTheCustomersInvoices_eachWithCsvAndPdfLinks() {
        // given: an invoice for a past month (300 calls × 0.002 = 0.60)
        CreatedCustomer acme = customer("Acme Invoices");
        String id = acme.customer().id();
        String planId = "inv-" + UUID.randomUUID().toString().substring(0, 8);
        catalogue.savePlan("test", new Plan(planId, "Per call", new PayPerRequest(Money.usd("0.002")), false));
        catalogue.assignPlan("test", id, planId, LocalDate.of(2026, 1, 1));
        usage.add(id, DynamoUsageRepository.day(LocalDate.of(2026, 2, 3)), Map.of("requests", 300L));
        billing.billCustomer("test", id, LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28));

        // when
        navigate("billing");
        BillingView view = _get(BillingView.class);

        // then
        assertThat(GridKt._size(view.invoices.getDataProvider(), null)).isEqualTo(1);
        assertThat(GridKt._get(view.invoices, 0).total()).isEqualTo(Money.usd("0.60"));
        var links = (HorizontalLayout) GridKt._getCellComponent(view.invoices, 0, "export");
        assertThat(links.getChildren().map(c -> ((Anchor) c).getText())).containsExactly("CSV", "PDF");
        assertThat(links.getChildren().map(c -> ((Anchor) c).getHref())).allSatisfy(href -> assertThat(href)
                .isNotBlank());
    }

    @Test
    void billing_withoutAPlan_saysSo() {
        customer("No Plan Co");
        navigate("billing");
        assertThat(_get(BillingView.class).plan.getText()).startsWith("No plan yet");
    }

    @Test
    void aCustomer_cannotReadAnotherCustomersBilling() {
        CreatedCustomer victim = customer("Victim");
        customer("Attacker");
        String victimId = victim.customer().id();
        assertThatThrownBy(() -> portalBilling.invoices(victimId)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> portalBilling.estimateThisMonth(victimId)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> portalBilling.currentPlan(victimId)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void anonymousVisitor_cannotOpenBilling() {
        navigate("billing");
        assertThat(_find(BillingView.class)).isEmpty();
    }
}
