package com.bedrockmeter.portal.customer.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.shell.AccessDeniedView;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.PayPerRequest;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.PlanAssignment;
import com.bedrockmeter.model.customer.ApiKey;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.textfield.TextField;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CustomerDetailViewTest extends KaribuTest {

    @Autowired CustomerService customers;
    @Autowired ApiKeyService keys;
    @Autowired PlanCatalogue catalogue;
    @Autowired BillingRuns billing;
    @Autowired Invoices invoices;

    private CreatedCustomer globex() {
        return customers.create("test", "Globex", "ap@globex.example", Optional.empty());
    }

    @Test
    void admin_setsLimitsAndAllowedModels() {
        // given
        CreatedCustomer globex = globex();
        admin();
        navigate("admin/customers/" + globex.customer().id());
        LimitsForm form = _get(CustomerDetailView.class).limits;

        // when
        form.daily.setValue(new BigDecimal("2"));
        form.perMinute.setValue(new BigDecimal("60"));
        form.models.setValue("anthropic.claude-3-haiku-20240307-v1:0");
        form.save.click();

        // then
        var saved = customers.require(globex.customer().id());
        assertThat(saved.limits()).isEqualTo(new Limits(2L, 60L, null));
        assertThat(saved.allowedModels()).containsExactly("anthropic.claude-3-haiku-20240307-v1:0");
    }

    @Test
    void limits_refuseNegativeOrFractionalValues_andUnknownModels_savingNothing() {
        // given
        CreatedCustomer globex = globex();
        admin();
        navigate("admin/customers/" + globex.customer().id());
        LimitsForm form = _get(CustomerDetailView.class).limits;

        // when / then
        form.daily.setValue(new BigDecimal("-1"));
        form.save.click();
        assertThat(form.daily.isInvalid()).isTrue();

        form.daily.setValue(new BigDecimal("1.5"));
        form.save.click();
        assertThat(form.daily.isInvalid()).isTrue();

        form.daily.setValue(new BigDecimal("10"));
        form.models.setValue("meta.llama-made-up-v9");
        form.save.click();
        assertThat(form.models.isInvalid()).isTrue();
        assertThat(form.models.getErrorMessage()).contains("Unknown model");

        assertThat(customers.require(globex.customer().id()).limits()).isEqualTo(Limits.UNLIMITED);
    }

    @Test
    void admin_putsTheCustomerOnAPlanFromADay_andSeesTheHistory() {
        // given
        CreatedCustomer globex = globex();
        String planId = "detail-" + UUID.randomUUID().toString().substring(0, 8);
        catalogue.savePlan("test", new Plan(planId, "Detail plan", new PayPerRequest(Money.usd("0.001")), false));
        admin();
        navigate("admin/customers/" + globex.customer().id());
        CustomerPlan plan = _get(CustomerDetailView.class).plan;
        assertThat(plan.from.getValue().getDayOfMonth()).as("next period by default").isEqualTo(1);

        // when: no plan chosen
        plan.assign.click();

        // then
        assertThat(plan.plan.isInvalid()).isTrue();
        assertThat(catalogue.assignments(globex.customer().id())).isEmpty();

        // when
        plan.plan.setValue(catalogue.plans().stream().filter(p -> p.id().equals(planId)).findFirst().orElseThrow());
        plan.from.setValue(LocalDate.of(2026, 12, 16));
        plan.assign.click();

        // then
        assertThat(catalogue.assignments(globex.customer().id()))
                .containsExactly(new PlanAssignment(planId, LocalDate.of(2026, 12, 16)));
        assertThat(GridKt._findAll(plan.assignments)).hasSize(1);
    }

    @Test
    void admin_rotatesAKeyOnTheCustomersBehalf() {
        CreatedCustomer globex = globex();
        admin();
        navigate("admin/customers/" + globex.customer().id());

        _get(com.vaadin.flow.component.button.Button.class, spec -> spec.withId("admin-rotate")).click();

        assertThat(_get(TextField.class, spec -> spec.withId("new-token")).getValue()).startsWith("bm_");
        assertThat(keys.keys(globex.customer().id())).extracting(k -> k.status(Instant.now()))
                .containsExactlyInAnyOrder(ApiKey.Status.ACTIVE, ApiKey.Status.GRACE);
    }

    @Test
    void customer_editingTheUrlToAnotherCustomersId_seesNothingOfIt() {
        CreatedCustomer victim = globex();
        customer("Curious");

        navigate("admin/customers/" + victim.customer().id());

        assertThat(_find(CustomerDetailView.class)).isEmpty();
        assertThat(_find(AccessDeniedView.class)).hasSize(1);
    }
}
