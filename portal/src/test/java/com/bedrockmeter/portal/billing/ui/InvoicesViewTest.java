package com.bedrockmeter.portal.billing.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.shell.AccessDeniedView;
import com.bedrockmeter.portal.base.ui.chart.ChartSeries;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.InvoiceStatus;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.PayPerRequest;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.github.mvysny.kaributesting.v10.GridKt;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class InvoicesViewTest extends KaribuTest {

    @Autowired PlanCatalogue catalogue;
    @Autowired BillingRuns billing;
    @Autowired Invoices invoices;
    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;

    @Test
    void admin_filtersInvoicesByCustomerAndStatus_andSeesTotalsAndRevenuePerMonth() {
        // given: one customer at 0.01 per call, billed for the last three months: 100, 200 and 300 calls;
        // the oldest two finalized
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Customer hooli = customers.create("test", "Hooli " + unique, "ap@hooli.example", Optional.empty()).customer();
        catalogue.savePlan("test", new Plan("cent-" + unique, "A cent a call", new PayPerRequest(Money.usd("0.01")), false));
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        catalogue.assignPlan("test", hooli.id(), "cent-" + unique, now.minusMonths(3).atDay(1));
        for (int i = 1; i <= 3; i++) {
            YearMonth month = now.minusMonths(4 - i);
            usage.add(hooli.id(), DynamoUsageRepository.day(month.atDay(5)), Map.of("requests", 100L * i));
            billing.billCustomer("test", hooli.id(), month.atDay(1), month.atEndOfMonth());
            if (i < 3) {
                invoices.finalizeInvoice("test", hooli.id(), month.atDay(1), month.atEndOfMonth());
            }
        }
        admin();
        navigate("admin/invoices");
        InvoicesView view = _get(InvoicesView.class);

        // when
        view.customer.setValue(customers.require(hooli.id()));

        // then: 1.00 + 2.00 (finalized) + 3.00 (draft)
        assertThat(GridKt._findAll(view.invoices)).hasSize(3)
                .allSatisfy(i -> assertThat(i.customerId()).isEqualTo(hooli.id()));
        assertThat(view.totals.getText()).isEqualTo("3 invoices, total 6.00 USD (finalized 3.00, draft 3.00)");
        String lastMonth = now.minusMonths(1).toString();
        int column = view.revenue.categories().indexOf(lastMonth);
        ChartSeries finalized = view.revenue.series().get(0);
        ChartSeries draft = view.revenue.series().get(1);
        assertThat(finalized.name()).isEqualTo("Finalized");
        assertThat((BigDecimal) draft.data().get(column)).isEqualByComparingTo("3.00");
        assertThat((BigDecimal) finalized.data().get(column)).isEqualByComparingTo("0");
        assertThat((BigDecimal) finalized.data().get(column - 1)).isEqualByComparingTo("2.00");
        assertThat(view.revenue.categories()).hasSize(12).endsWith(now.toString());

        // when: drafts only
        view.status.setValue(InvoiceStatus.DRAFT);

        // then
        assertThat(GridKt._findAll(view.invoices)).singleElement()
                .satisfies(i -> assertThat(i.total()).isEqualTo(Money.usd("3.00")));
        assertThat(view.totals.getText()).startsWith("1 invoice, total 3.00 USD");
        assertThat(view.csv.getHref()).isNotBlank();

        // when: a range that ends before the invoices
        view.status.clear();
        view.from.setValue(now.minusMonths(6));
        view.to.setValue(now.minusMonths(4));

        // then
        assertThat(GridKt._findAll(view.invoices)).isEmpty();
        assertThat(view.totals.getText()).startsWith("0 invoices");

        // when: the months are the wrong way round
        view.from.setValue(now.minusMonths(1));

        // then: said on the field, the last answer left as it was
        assertThat(view.to.isInvalid()).isTrue();
        assertThat(view.to.getErrorMessage()).startsWith("Choose a month on or after");
        assertThat(view.totals.getText()).startsWith("0 invoices");
    }

    @Test
    void customer_isDeniedInvoices() {
        customer("Nosy");
        navigate("admin/invoices");
        assertThat(_find(InvoicesView.class)).isEmpty();
        assertThat(_find(AccessDeniedView.class)).hasSize(1);
    }
}
