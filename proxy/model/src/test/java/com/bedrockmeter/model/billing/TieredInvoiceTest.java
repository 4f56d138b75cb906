package com.bedrockmeter.model.billing;

import static com.bedrockmeter.model.billing.InvoiceFixtures.calls;
import static com.bedrockmeter.model.billing.InvoiceFixtures.march;
import static com.bedrockmeter.model.billing.InvoiceFixtures.marchInvoice;
import static com.bedrockmeter.model.billing.InvoiceFixtures.plan;
import static com.bedrockmeter.model.billing.InvoiceFixtures.tiered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Tiers: first 10,000 calls at 0.010, next 90,000 at 0.008, beyond 100,000 at 0.005. */
class TieredInvoiceTest {

    private final Plan graduated = plan("graduated", tiered(TierMode.GRADUATED));
    private final Plan volume = plan("volume", tiered(TierMode.VOLUME));

    @Test
    void calculate_chargesZero_whenGraduatedAndNoUsage() {
        // when
        InvoiceDraft invoice = marchInvoice(graduated);

        // then
        assertThat(invoice.lines()).extracting(l -> l.quantity().longValueExact(), InvoiceLine::unitPrice)
                .containsExactly(tuple(0L, Money.usd("0.010")));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void calculate_chargesFirstTierOnly_whenGraduatedExactlyAtTierEdge() {
        // when
        InvoiceDraft invoice = marchInvoice(graduated, calls(march(3), 4_000), calls(march(4), 6_000));

        // then 10,000 × 0.010 = 100.000
        assertThat(invoice.lines()).extracting(l -> l.quantity().longValueExact(), InvoiceLine::amount)
                .containsExactly(tuple(10_000L, Money.usd("100.000")));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("100.00"));
    }

    @Test
    void calculate_chargesOneCallAtSecondTier_whenGraduatedOnePastTierEdge() {
        // when
        InvoiceDraft invoice = marchInvoice(graduated, calls(march(3), 10_001));

        // then 10,000 × 0.010 + 1 × 0.008 = 100.008, total 100.01
        assertThat(invoice.lines()).extracting(l -> l.quantity().longValueExact(), InvoiceLine::unitPrice,
                        InvoiceLine::amount)
                .containsExactly(
                        tuple(10_000L, Money.usd("0.010"), Money.usd("100.000")),
                        tuple(1L, Money.usd("0.008"), Money.usd("0.008")));
        assertThat(invoice.subtotal().amount()).isEqualTo(new BigDecimal("100.008"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("100.01"));
        assertThat(invoice.lines().get(1).description()).endsWith("calls 10001 to 100000 (tier 2)");
    }

    @Test
    void calculate_chargesEveryBand_whenGraduatedBeyondLastEdge() {
        // when
        InvoiceDraft invoice = marchInvoice(graduated, calls(march(20), 150_000));

        // then 100.000 + 90,000 × 0.008 = 720.000 + 50,000 × 0.005 = 250.000 → 1070.000
        assertThat(invoice.lines()).extracting(l -> l.quantity().longValueExact())
                .containsExactly(10_000L, 90_000L, 50_000L);
        assertThat(invoice.subtotal().amount()).isEqualTo(new BigDecimal("1070.000"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("1070.00"));
    }

    @Test
    void calculate_chargesAllCallsAtFirstTier_whenVolumeExactlyAtTierEdge() {
        // when
        InvoiceDraft invoice = marchInvoice(volume, calls(march(5), 10_000));

        // then 10,000 × 0.010 = 100.000
        assertThat(invoice.lines()).extracting(l -> l.quantity().longValueExact(), InvoiceLine::amount)
                .containsExactly(tuple(10_000L, Money.usd("100.000")));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("100.00"));
    }

    @Test
    void calculate_chargesAllCallsAtSecondTier_whenVolumeOnePastTierEdge() {
        // when
        InvoiceDraft invoice = marchInvoice(volume, calls(march(5), 10_001));

        // then 10,001 × 0.008 = 80.008 (cheaper than 10,000 calls: that is what volume pricing means)
        assertThat(invoice.lines()).extracting(l -> l.quantity().longValueExact(), InvoiceLine::amount)
                .containsExactly(tuple(10_001L, Money.usd("80.008")));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("80.01"));
    }

    @Test
    void calculate_chargesAllCallsAtLastTier_whenVolumePastLastEdge() {
        // when
        InvoiceDraft invoice = marchInvoice(volume, calls(march(5), 100_001));

        // then 100,001 × 0.005 = 500.005, total half-up 500.01
        assertThat(invoice.subtotal().amount()).isEqualTo(new BigDecimal("500.005"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("500.01"));
    }

    @Test
    void calculate_chargesZero_whenVolumeAndNoUsage() {
        // when
        InvoiceDraft invoice = marchInvoice(volume);

        // then
        assertThat(invoice.lines()).extracting(InvoiceLine::unitPrice, InvoiceLine::amount)
                .containsExactly(tuple(Money.usd("0.010"), Money.usd("0")));
    }
}
