package com.bedrockmeter.model.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingJsonTest {

    @Test
    void pricing_roundTripsEveryPricingModel() {
        // given
        List<PricingModel> models = List.of(
                new PayPerRequest(Money.usd("0.0025")),
                new Tiered(List.of(Tier.upTo(10_000, Money.usd("0.01")), Tier.upTo(100_000, Money.usd("0.008")),
                        Tier.beyond(Money.usd("0.005"))), TierMode.GRADUATED),
                new Tiered(List.of(Tier.upTo(5, Money.usd("1")), Tier.beyond(Money.usd("0.5"))), TierMode.VOLUME),
                new SubscriptionOverage(Money.usd("49.00"), 1_000_000, SubscriptionOverage.Unit.TOKENS,
                        Money.usd("0.000012")));

        for (PricingModel model : models) {
            // when
            String json = BillingJson.pricing(model);

            // then
            assertThat(BillingJson.pricing(json)).isEqualTo(model);
            assertThat(json).contains("\"type\":").doesNotContain("@class");
        }
    }

    @Test
    void pricing_writesMoneyAsExactStrings_notAsNumbers() {
        String json = BillingJson.pricing(new PayPerRequest(Money.usd("0.1")));

        assertThat(json).isEqualTo("{\"type\":\"PAY_PER_REQUEST\",\"pricePerCall\":{\"amount\":\"0.1\","
                + "\"currency\":\"USD\"}}");
    }

    @Test
    void lines_roundTrip_withTheirScaleAndModel() {
        // given
        Currency eur = Currency.getInstance("EUR");
        List<InvoiceLine> lines = List.of(
                new InvoiceLine("fee, 15 of 30 days", LineKind.PLAN_FEE, null, new BigDecimal("0.5"),
                        Money.usd("49.00"), Money.usd("24.500")),
                InvoiceLine.priced("m: input tokens", LineKind.INPUT_TOKENS, "m", 1_234_567,
                        Money.usd("0.000003")),
                new InvoiceLine("big", LineKind.ADJUSTMENT, null, new BigDecimal("1E+3"),
                        new Money(new BigDecimal("0.10"), eur), new Money(new BigDecimal("1.0E+2"), eur), "c/2026-01-01/2026-01-31"));

        // when
        List<InvoiceLine> read = BillingJson.lines(BillingJson.lines(lines));

        // then
        assertThat(read).isEqualTo(lines);
        assertThat(read.get(2).quantity().scale()).isEqualTo(-3);
    }

    @Test
    void pricing_refusesAnUnknownType() {
        assertThatThrownBy(() -> BillingJson.pricing("{\"type\":\"FREE\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FREE");
    }
}
