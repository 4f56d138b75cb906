package com.bedrockmeter.portal.billing.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bedrockmeter.portal.shell.AccessDeniedView;
import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceStatus;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.PayPerRequest;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class BillingRunsViewTest extends KaribuTest {

    @Autowired PlanCatalogue catalogue;
    @Autowired BillingRuns billing;
    @Autowired Invoices invoices;
    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired BillingAdminService admin;

    @Test
    void admin_runsBillingTwice_getsTheSameInvoice_andFinalizesIt() {
        // given: a customer on 0.002 per call with 500 calls in a fixed past month (500 × 0.002 = 1.00)
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String id = customers.create("test", "Initrode " + unique, "ap@initrode.example", Optional.empty()).customer().id();
        catalogue.savePlan("test", new Plan("runs-" + unique, "Per call", new PayPerRequest(Money.usd("0.002")), false));
        catalogue.assignPlan("test", id, "runs-" + unique, LocalDate.of(2026, 5, 1));
        usage.add(id, DynamoUsageRepository.day(LocalDate.of(2026, 5, 10)), Map.of("requests", 500L));
        admin();
        navigate("admin/billing");
        BillingRunsView view = _get(BillingRunsView.class);
        view.from.setValue(LocalDate.of(2026, 5, 1));
        view.to.setValue(LocalDate.of(2026, 5, 31));

        // when
        runAndWait(view);
        Invoice first = invoiceOf(view, id);
        runAndWait(view);
        Invoice second = invoiceOf(view, id);

        // then
        assertThat(first.total().amount()).isEqualByComparingTo("1.00");
        assertThat(second).isEqualTo(first);
        assertThat(view.state.getText()).startsWith("Run done");
        assertThat(UI.getCurrent().getPollInterval()).as("polling stops when the run is done").isEqualTo(-1);
        assertThat(GridKt._findAll(view.runs)).anySatisfy(r -> assertThat(r.periodStart())
                .isEqualTo(LocalDate.of(2026, 5, 1)));
        assertThat(invoices.invoices(id)).hasSize(1);

        // and finalizing from the grid
        var finalize = (com.vaadin.flow.component.button.Button) GridKt._getCellComponent(view.invoices,
                rowOf(view, id), "finalize");
        finalize.click();
        assertThat(invoices.invoices(id).get(0).status()).isEqualTo(InvoiceStatus.FINALIZED);
    }

    @Test
    void admin_seesAFailedRun_withItsReason_whenACustomersUsageHasNoPrice() {
        // given: a plan charging tokens, usage of a model without a token price, in a month of its own
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String id = customers.create("test", "Unpriced " + unique, "ap@unpriced.example", Optional.empty()).customer().id();
        catalogue.savePlan("test", new Plan("tok-" + unique, "Tokens", new PayPerRequest(Money.usd("0.001")), true));
        catalogue.assignPlan("test", id, "tok-" + unique, LocalDate.of(2024, 2, 1));
        String model = "no.price-" + unique;
        usage.add(id, DynamoUsageRepository.day(LocalDate.of(2024, 2, 10)), Map.of("requests", 1L,
                DynamoUsageRepository.modelAttribute(model, "requests"), 1L,
                DynamoUsageRepository.modelAttribute(model, "inputTokens"), 10L));
        admin();
        navigate("admin/billing");
        BillingRunsView view = _get(BillingRunsView.class);
        view.from.setValue(LocalDate.of(2024, 2, 1));
        view.to.setValue(LocalDate.of(2024, 2, 29));

        // when
        runAndWait(view);

        // then
        assertThat(view.state.getText()).startsWith("Run failed").contains(model);
        assertThat(view.progress.isVisible()).isFalse();
    }

    @Test
    void admin_isToldWhatIsWrong_whenThePeriodEndsBeforeItStarts() {
        admin();
        navigate("admin/billing");
        BillingRunsView view = _get(BillingRunsView.class);
        view.from.setValue(LocalDate.of(2026, 5, 31));
        view.to.setValue(LocalDate.of(2026, 5, 1));

        view.run.click();

        assertThat(view.to.isInvalid()).isTrue();
        assertThat(view.to.getErrorMessage()).isEqualTo("The period ends before it starts.");
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(-1);
    }

    @Test
    void customer_isDeniedBillingRuns() {
        customer("Nosy");
        navigate("admin/billing");
        assertThat(_find(BillingRunsView.class)).isEmpty();
        assertThat(_find(AccessDeniedView.class)).hasSize(1);
    }

    /** Clicks Run, waits for the background run, then refreshes as the view's poll would. */
    private void runAndWait(BillingRunsView view) {
        view.run.click();
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(BillingRunsView.POLL_MILLIS);
        LocalDate start = view.from.getValue();
        LocalDate end = view.to.getValue();
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> !admin.inProgress(start, end));
        view.refresh();
    }

    private static Invoice invoiceOf(BillingRunsView view, String customerId) {
        return GridKt._get(view.invoices, rowOf(view, customerId));
    }

    private static int rowOf(BillingRunsView view, String customerId) {
        int size = GridKt._size(view.invoices.getDataProvider(), null);
        return IntStream.range(0, size).filter(i -> GridKt._get(view.invoices, i).customerId().equals(customerId))
                .findFirst().orElseThrow();
    }
}
