package com.bedrockmeter.model.billing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class PricingModelTest {

    @Test
    void payPerRequest_shouldReject_whenPriceIsNegative() {
        assertThatThrownBy(() -> new PayPerRequest(Money.usd("-0.001")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pricePerCall must not be negative, was -0.001 USD");
    }

    @Test
    void tiered_shouldReject_whenTiersAreNotAscending() {
        assertThatThrownBy(() -> new Tiered(List.of(
                Tier.upTo(100_000, Money.usd("0.008")),
                Tier.upTo(10_000, Money.usd("0.010")),
                Tier.beyond(Money.usd("0.005"))), TierMode.GRADUATED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tiers must be in ascending order of upTo: 10000 follows 100000");
    }

    @Test
    void tiered_shouldReject_whenLastTierIsBounded() {
        assertThatThrownBy(() -> new Tiered(List.of(Tier.upTo(10_000, Money.usd("0.01"))), TierMode.VOLUME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the last tier must be unbounded (upTo = null), was upTo 10000");
    }

    @Test
    void tiered_shouldReject_whenAnInnerTierIsUnbounded() {
        assertThatThrownBy(() -> new Tiered(List.of(Tier.beyond(Money.usd("0.01")), Tier.beyond(Money.usd("0.02"))),
                TierMode.VOLUME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only the last tier may be unbounded");
    }

    @Test
    void tiered_shouldReject_whenEmptyOrPricedNegativelyOrInTwoCurrencies() {
        assertThatThrownBy(() -> new Tiered(List.of(), TierMode.VOLUME)).hasMessage("tiers must not be empty");
        assertThatThrownBy(() -> Tier.beyond(Money.usd("-1")))
                .hasMessage("tier unitPrice must not be negative, was -1 USD");
        assertThatThrownBy(() -> Tier.upTo(0, Money.usd("1"))).hasMessage("tier upTo must be at least 1, was 0");
        Money euro = new Money(BigDecimal.ONE, Currency.getInstance("EUR"));
        assertThatThrownBy(() -> new Tiered(List.of(Tier.upTo(5, Money.usd("1")), Tier.beyond(euro)),
                TierMode.GRADUATED))
                .hasMessage("all tiers must be priced in one currency");
    }

    @Test
    void subscriptionOverage_shouldReject_whenFeeOrIncludedOrOverageIsNegative() {
        var calls = SubscriptionOverage.Unit.CALLS;
        assertThatThrownBy(() -> new SubscriptionOverage(Money.usd("-49"), 10, calls, Money.usd("0.01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monthlyFee must not be negative, was -49 USD");
        assertThatThrownBy(() -> new SubscriptionOverage(Money.usd("49"), -1, calls, Money.usd("0.01")))
                .hasMessage("includedUnits must not be negative, was -1");
        assertThatThrownBy(() -> new SubscriptionOverage(Money.usd("49"), 10, calls, Money.usd("-0.01")))
                .hasMessage("overagePricePerUnit must not be negative, was -0.01 USD");
    }

    @Test
    void tokenPrice_shouldReject_whenPriceIsNegativeOrModelBlank() {
        LocalDate day = LocalDate.of(2025, 1, 1);
        assertThatThrownBy(() -> new TokenPrice("m", day, Money.usd("-3"), Money.usd("15")))
                .hasMessage("inputPerMillion must not be negative, was -3 USD");
        assertThatThrownBy(() -> new TokenPrice(" ", day, Money.usd("3"), Money.usd("15")))
                .hasMessage("modelId must not be blank");
        assertThatThrownBy(() -> TokenPrice.fromBedrockCost("m", day, Money.usd("3"), Money.usd("15"),
                new BigDecimal("-150")))
                .hasMessage("inputPerMillion must not be negative, was -1.5 USD");
    }
}
