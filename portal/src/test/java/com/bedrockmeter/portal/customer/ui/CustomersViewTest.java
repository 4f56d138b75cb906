package com.bedrockmeter.portal.customer.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.shell.AccessDeniedView;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.CustomerStatus;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import com.bedrockmeter.model.customer.OnboardingService;
import com.github.mvysny.kaributesting.v10.GridKt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CustomersViewTest extends KaribuTest {

    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired com.bedrockmeter.model.config.Repositories repositories;

    @Test
    void admin_findsACustomerBySearch_andSuspendsAndReactivatesIt() {
        // given
        String unique = UUID.randomUUID().toString().substring(0, 8);
        CreatedCustomer hooli = customers.create("test", "Hooli " + unique, "ap@hooli.example", java.util.Optional.empty());
        String id = hooli.customer().id();
        usage.add(id, DynamoUsageRepository.day(java.time.LocalDate.now(java.time.ZoneOffset.UTC)),
                java.util.Map.of("requests", 7L));
        usage.add(id, DynamoUsageRepository.month(java.time.YearMonth.now(java.time.ZoneOffset.UTC)),
                java.util.Map.of("inputTokens", 100L, "outputTokens", 20L));
        admin();
        navigate("admin/customers");
        CustomersView view = _get(CustomersView.class);

        // when
        view.search.setValue(unique);

        // then
        assertThat(GridKt._size(view.grid.getDataProvider(), null)).isEqualTo(1);
        var row = GridKt._get(view.grid, 0);
        assertThat(row.callsToday()).isEqualTo(7);
        assertThat(row.tokensThisMonth()).isEqualTo(120);
        Customer shown = row.customer();
        assertThat(shown.id()).isEqualTo(hooli.customer().id());

        // and suspending works from the grid
        customersViewSuspend(view, shown);
        assertThat(customers.require(shown.id()).status()).isEqualTo(CustomerStatus.SUSPENDED);
    }

    @Test
    void admin_createsACustomerByHand_withASuppliedToken_orIsToldWhyNot() {
        // given
        admin();
        navigate("admin/customers");
        String unique = UUID.randomUUID().toString().substring(0, 8);
        _get(com.vaadin.flow.component.button.Button.class, spec -> spec.withId("new-customer")).click();
        CreateCustomerDialog dialog = _get(CreateCustomerDialog.class);

        // when: a weak token first
        dialog.name.setValue("Soylent " + unique);
        dialog.email.setValue("ap@soylent.example");
        dialog.token.setValue("password123");
        dialog.create.click();

        // then: refused on the field, nothing created
        assertThat(dialog.token.isInvalid()).isTrue();
        assertThat(customers.list()).noneMatch(c -> c.name().equals("Soylent " + unique));

        // when: a strong one
        String strong = java.util.Base64.getEncoder().encodeToString(
                UUID.randomUUID().toString().concat(UUID.randomUUID().toString()).getBytes());
        dialog.token.setValue(strong);
        dialog.create.click();

        // then
        assertThat(customers.list()).anyMatch(c -> c.name().equals("Soylent " + unique));
        assertThat(_get(com.vaadin.flow.component.textfield.TextField.class, spec -> spec.withId("new-token"))
                .getValue()).isEqualTo(strong);
    }

    @Test
    void admin_seesWhatNewCustomersGet_andApprovesOneWaitingForApproval() {
        // given: a customer who signed up while the operator requires approval
        String unique = UUID.randomUUID().toString().substring(0, 8);
        OnboardingService approving = new OnboardingService(repositories.subjects(), customers,
                java.time.Clock.systemUTC(), new NewCustomerPolicy(new Limits(5L, null, null), true));
        CreatedCustomer waiting = approving.onboard("test", "sub-" + unique, "Waiting " + unique, "w@example.com", true);
        admin();
        navigate("admin/customers");
        CustomersView view = _get(CustomersView.class);
        view.search.setValue(unique);

        // then: the operator's rule is on the page, the customer is pending, with an Approve button
        assertThat(_get(com.vaadin.flow.component.html.Paragraph.class, spec -> spec.withId("new-customer-policy"))
                .getText()).contains("100 calls a day, 10 calls a minute and 1,000,000 tokens a month")
                .contains("works at once");
        var button = (com.vaadin.flow.component.button.Button) GridKt._getCellComponent(view.grid, 0,
                "status-action");
        assertThat(button.getText()).isEqualTo("Approve");

        // when
        button.click();

        // then
        assertThat(customers.require(waiting.customer().id()).status()).isEqualTo(CustomerStatus.ACTIVE);
    }

    @Test
    void customer_isDeniedTheAdminView() {
        customer("Pied Piper");
        navigate("admin/customers");
        assertThat(_find(CustomersView.class)).isEmpty();
        assertThat(_find(AccessDeniedView.class)).hasSize(1);
    }

    @Test
    void anonymousVisitor_isDeniedTheAdminView() {
        navigate("admin/customers");
        assertThat(_find(CustomersView.class)).isEmpty();
    }

    private static void customersViewSuspend(CustomersView view, Customer customer) {
        var button = (com.vaadin.flow.component.button.Button) GridKt._getCellComponent(view.grid, 0, "status-action");
        button.click();
    }
}
