package com.bedrockmeter.model.billing;

import static com.bedrockmeter.model.billing.InvoiceFixtures.calls;
import static com.bedrockmeter.model.billing.InvoiceFixtures.march;
import static com.bedrockmeter.model.billing.InvoiceFixtures.marchInvoice;
import static com.bedrockmeter.model.billing.InvoiceFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayPerRequestInvoiceTest {

    private final Plan basic = plan("basic", new PayPerRequest(Money.usd("0.0015")));

    @Test
    void calculate_chargesZero_whenNoUsage() {
        // when
        InvoiceDraft invoice = marchInvoice(basic);

        // then a calls line of 0 calls, so the invoice still says what was counted
        assertThat(invoice.lines()).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(LineKind.CALLS);
            assertThat(line.quantity()).isEqualByComparingTo("0");
            assertThat(line.amount()).isEqualTo(Money.usd("0"));
        });
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void calculate_chargesEachCall_whenUsageSpreadsOverDays() {
        // given 12,345 calls over three days at 0.0015
        // when
        InvoiceDraft invoice = marchInvoice(basic, calls(march(1), 5_000), calls(march(15), 7_000),
                calls(march(31), 345));

        // then 12,345 × 0.0015 = 18.5175, total rounded once to 18.52
        assertThat(invoice.lines()).singleElement().satisfies(line -> {
            assertThat(line.quantity()).isEqualByComparingTo("12345");
            assertThat(line.unitPrice()).isEqualTo(Money.usd("0.0015"));
            assertThat(line.amount().amount()).isEqualTo(new BigDecimal("18.5175"));
        });
        assertThat(invoice.subtotal().amount()).isEqualTo(new BigDecimal("18.5175"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("18.52"));
    }

    @Test
    void calculate_chargesOnlySucceededCalls_whenSomeCallsFailed() {
        // given 100 successful calls and 7 failed ones (failed calls are not in requests)
        UsageTotals totals = new UsageTotals(100, 0, 0, 7);

        // when
        InvoiceDraft invoice = marchInvoice(basic, new DailyUsage(march(2), totals, Map.of()));

        // then 100 × 0.0015 = 0.15
        assertThat(invoice.subtotal()).isEqualTo(Money.usd("0.15"));
    }

    @Test
    void calculate_ignoresUsage_whenDatedOutsideThePeriod() {
        // when
        InvoiceDraft invoice = marchInvoice(basic, calls(march(1).minusDays(1), 1_000), calls(march(10), 10),
                calls(march(31).plusDays(1), 1_000));

        // then only the 10 calls of March 10: 0.015
        assertThat(invoice.subtotal()).isEqualTo(Money.usd("0.015"));
        assertThat(invoice.total()).isEqualTo(Money.usd("0.02"));
    }
}
