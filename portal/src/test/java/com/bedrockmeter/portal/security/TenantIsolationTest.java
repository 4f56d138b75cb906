package com.bedrockmeter.portal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.portal.apikey.ApiKeyPortalService;
import com.bedrockmeter.portal.analytics.AnalyticsAdminService;
import com.bedrockmeter.portal.analytics.AnalyticsQuery;
import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.portal.usage.UsagePortalService;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.PayPerRequest;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.TokenPrice;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;

/** Every portal service method refuses another customer's data, whatever id the caller passes. */
class TenantIsolationTest extends KaribuTest {

    @Autowired ApiKeyPortalService keys;
    @Autowired UsagePortalService usage;
    @Autowired CustomerAdminService admin;
    @Autowired BillingAdminService billingAdmin;
    @Autowired AnalyticsAdminService analytics;

    @Test
    void aCustomer_cannotReadOrChangeAnotherCustomersKeysOrUsage() {
        // given
        CreatedCustomer victim = customer("Victim");
        String victimId = victim.customer().id();
        CreatedCustomer attacker = customer("Attacker");

        // then: every method, with the victim's id
        List<Executable> attempts = List.of(
                () -> keys.keys(victimId),
                () -> keys.createKey(victimId, "stolen"),
                () -> keys.rotate(victimId, Duration.ZERO),
                () -> keys.revoke(victimId, victim.token().keyId()),
                () -> usage.thisMonth(victimId),
                () -> usage.today(victimId),
                () -> usage.days(victimId, LocalDate.now().minusDays(7), LocalDate.now()));
        for (Executable attempt : attempts) {
            assertThatThrownBy(attempt::execute).isInstanceOf(AccessDeniedException.class);
        }
        // and their own data is fine
        assertThat(keys.keys(attacker.customer().id())).hasSize(1);
    }

    @Test
    void aCustomer_cannotUseAdminServices() {
        CreatedCustomer someone = customer("Someone");
        String id = someone.customer().id();
        LocalDate day = LocalDate.of(2026, 1, 1);
        List<Executable> attempts = List.of(
                () -> admin.search(""),
                () -> admin.suspend(id),
                () -> billingAdmin.start(day, day),
                () -> billingAdmin.runs(),
                () -> billingAdmin.invoices(BillingAdminService.InvoiceFilter.ALL),
                () -> billingAdmin.plans(),
                () -> billingAdmin.savePlan(new Plan("p", "p", new PayPerRequest(Money.usd("0")), false)),
                () -> billingAdmin.tokenPrices(),
                () -> billingAdmin.setTokenPrice(new TokenPrice("m", day, Money.usd("0"), Money.usd("0"))),
                () -> billingAdmin.assignments(id),
                () -> billingAdmin.assignPlan(id, "p", day),
                () -> billingAdmin.lastRun(day, day),
                () -> billingAdmin.inProgress(day, day),
                () -> analytics.all(AnalyticsQuery.allCustomers(day, day), 10));
        for (Executable attempt : attempts) {
            assertThatThrownBy(attempt::execute).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void anAdmin_mayActOnAnyCustomer() {
        CreatedCustomer customer = customer("Customer");
        admin();
        assertThat(keys.keys(customer.customer().id())).hasSize(1);
        assertThat(admin.search(customer.customer().name())).isNotEmpty();
    }

    @Test
    void nobodySignedIn_getsNothing() {
        CreatedCustomer customer = customer("Customer");
        org.springframework.security.core.context.SecurityContextHolder.clearContext();
        assertThatThrownBy(() -> keys.keys(customer.customer().id()))
                .isInstanceOf(AuthenticationCredentialsNotFoundException.class);
    }
}
