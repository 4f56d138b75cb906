package com.bedrockmeter.model.billing;

import static com.bedrockmeter.model.billing.InvoiceFixtures.CLAUDE;
import static com.bedrockmeter.model.billing.InvoiceFixtures.TITAN;
import static com.bedrockmeter.model.billing.InvoiceFixtures.calls;
import static com.bedrockmeter.model.billing.InvoiceFixtures.march;
import static com.bedrockmeter.model.billing.InvoiceFixtures.marchInvoice;
import static com.bedrockmeter.model.billing.InvoiceFixtures.plan;
import static com.bedrockmeter.model.billing.InvoiceFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Overage exactly at the included amount gives no overage line; one unit past it, a line of one unit. */
class SubscriptionOverageInvoiceTest {

    private final Plan pro = plan("pro", new SubscriptionOverage(Money.usd("49.00"), 10_000,
            SubscriptionOverage.Unit.CALLS, Money.usd("0.004")));
    private final Plan tokenBundle = plan("bundle", new SubscriptionOverage(Money.usd("20.00"), 1_000_000,
            SubscriptionOverage.Unit.TOKENS, Money.usd("0.000002")));

    @Test
    void calculate_chargesFeeOnly_whenNoUsage() {
        // when
        InvoiceDraft invoice = marchInvoice(pro);

        // then
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, InvoiceLine::quantity, InvoiceLine::amount)
                .containsExactly(tuple(LineKind.PLAN_FEE, BigDecimal.ONE, Money.usd("49.00")));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("49.00"));
    }

    @Test
    void calculate_chargesNoOverage_whenCallsExactlyAtIncludedAmount() {
        // when
        InvoiceDraft invoice = marchInvoice(pro, calls(march(1), 9_999), calls(march(2), 1));

        // then no overage line at all
        assertThat(invoice.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.PLAN_FEE);
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("49.00"));
    }

    @Test
    void calculate_chargesOneCallOfOverage_whenOnePastIncludedAmount() {
        // when
        InvoiceDraft invoice = marchInvoice(pro, calls(march(1), 10_001));

        // then 49.00 + 1 × 0.004 = 49.004; the line keeps its precision, the total rounds half-up to 49.00
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, l -> l.quantity().longValueExact(),
                        InvoiceLine::amount)
                .containsExactly(
                        tuple(LineKind.PLAN_FEE, 1L, Money.usd("49.00")),
                        tuple(LineKind.OVERAGE, 1L, Money.usd("0.004")));
        assertThat(invoice.subtotal().amount()).isEqualTo(new BigDecimal("49.004"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("49.00"));
        assertThat(invoice.lines().get(1).description()).endsWith("calls beyond 10000 included");
    }

    @Test
    void calculate_chargesOverage_whenWellPastIncludedAmount() {
        // when
        InvoiceDraft invoice = marchInvoice(pro, calls(march(1), 12_500));

        // then 49.00 + 2,500 × 0.004 = 59.000
        assertThat(invoice.subtotal().amount()).isEqualTo(new BigDecimal("59.000"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("59.00"));
    }

    @Test
    void calculate_chargesNoOverage_whenTokensExactlyAtIncludedAmount() {
        // when 600,000 input + 400,000 output = 1,000,000 tokens, across two models
        InvoiceDraft invoice = marchInvoice(tokenBundle, tokens(march(4), 50, CLAUDE, 600_000, 0),
                tokens(march(5), 50, TITAN, 0, 400_000));

        // then
        assertThat(invoice.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.PLAN_FEE);
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("20.00"));
    }

    @Test
    void calculate_chargesTokenOverage_whenInputAndOutputExceedIncludedAmount() {
        // when 1,200,000 input + 300,000 output = 1,500,000 tokens
        InvoiceDraft invoice = marchInvoice(tokenBundle, tokens(march(4), 900, CLAUDE, 1_200_000, 300_000));

        // then 20.00 + 500,000 × 0.000002 = 21.000000
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, l -> l.quantity().longValueExact(),
                        InvoiceLine::amount)
                .containsExactly(
                        tuple(LineKind.PLAN_FEE, 1L, Money.usd("20.00")),
                        tuple(LineKind.OVERAGE, 500_000L, Money.usd("1.000000")));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("21.00"));
    }

    @Test
    void calculate_chargesOneTokenOfOverage_whenOnePastIncludedTokens() {
        // when
        InvoiceDraft invoice = marchInvoice(tokenBundle, tokens(march(4), 1, CLAUDE, 500_000, 500_001));

        // then 20.00 + 1 × 0.000002 = 20.000002
        assertThat(invoice.subtotal().amount()).isEqualTo(new BigDecimal("20.000002"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("20.00"));
    }
}
