package com.bedrockmeter.model.billing;

import static com.bedrockmeter.model.billing.InvoiceFixtures.calls;
import static com.bedrockmeter.model.billing.InvoiceFixtures.march;
import static com.bedrockmeter.model.billing.InvoiceFixtures.marchInvoice;
import static com.bedrockmeter.model.billing.InvoiceFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Line amounts keep their precision; the invoice total is rounded once, half-up to cents. */
class InvoiceRoundingTest {

    @Test
    void calculate_roundsTotalUp_whenSubtotalIsExactlyHalfACent() {
        // given 10,000 calls at 0.0010005
        Plan plan = plan("p", new PayPerRequest(Money.usd("0.0010005")));

        // when
        InvoiceDraft invoice = marchInvoice(plan, calls(march(1), 10_000));

        // then 10.005 → 10.01
        assertThat(invoice.subtotal().amount()).isEqualByComparingTo("10.005");
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("10.01"));
    }

    @Test
    void calculate_roundsTotalDown_whenSubtotalIsJustBelowHalfACent() {
        // given 10,000 calls at 0.0010004999
        Plan plan = plan("p", new PayPerRequest(Money.usd("0.0010004999")));

        // when
        InvoiceDraft invoice = marchInvoice(plan, calls(march(1), 10_000));

        // then 10.004999 → 10.00
        assertThat(invoice.subtotal().amount()).isEqualByComparingTo("10.004999");
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("10.00"));
    }

    @Test
    void calculate_roundsOnceAtTotal_whenEachLineWouldRoundDown() {
        // given two plans' lines of 0.004 each: rounding each line would give 0.00, rounding once gives 0.01
        Plan a = plan("a", new PayPerRequest(Money.usd("0.004")));
        Plan b = plan("b", new PayPerRequest(Money.usd("0.004")));

        // when
        InvoiceDraft invoice = new InvoiceCalculator().calculate("acme", march(1), march(2),
                List.of(new PlanAssignment("a", march(1)), new PlanAssignment("b", march(2))),
                java.util.Map.of("a", a, "b", b), PriceBook.empty(),
                List.of(calls(march(1), 1), calls(march(2), 1)));

        // then 0.004 + 0.004 = 0.008 → 0.01
        assertThat(invoice.lines()).extracting(InvoiceLine::amount)
                .containsExactly(Money.usd("0.004"), Money.usd("0.004"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("0.01"));
    }

    @Test
    void invoiceDraft_shouldReject_whenTotalIsNotTheRoundedSubtotal() {
        // given
        InvoiceLine line = new InvoiceLine("x", LineKind.CALLS, null, BigDecimal.ONE, Money.usd("10.005"),
                Money.usd("10.005"));

        // when / then
        assertThatThrownBy(() -> new InvoiceDraft("acme", march(1), march(31), Money.USD, List.of(line),
                Money.usd("10.005"), Money.usd("10.00")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("total 10.00 USD is not the subtotal rounded to cents");
        assertThatThrownBy(() -> new InvoiceDraft("acme", march(1), march(31), Money.USD, List.of(line),
                Money.usd("10.00"), Money.usd("10.00")))
                .hasMessage("subtotal 10.00 USD is not the sum of the lines, 10.005 USD");
    }
}
