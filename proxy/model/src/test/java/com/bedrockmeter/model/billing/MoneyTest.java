package com.bedrockmeter.model.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void arithmetic_shouldKeepFullPrecision_whenAmountsHaveManyDecimals() {
        // given
        Money price = Money.usd("0.0000125");

        // when
        Money amount = price.times(3).plus(Money.usd("1.1")).minus(Money.usd("0.1")).times(new BigDecimal("2"));

        // then
        assertThat(amount.amount()).isEqualByComparingTo("2.000075");
        assertThat(amount.currency()).isEqualTo(Money.USD);
    }

    @Test
    void roundedToCents_shouldRoundHalfUp_whenExactlyHalfACent() {
        assertThat(Money.usd("10.005").roundedToCents().amount()).isEqualTo(new BigDecimal("10.01"));
        assertThat(Money.usd("10.004999").roundedToCents().amount()).isEqualTo(new BigDecimal("10.00"));
        assertThat(Money.usd("7").roundedToCents().amount()).isEqualTo(new BigDecimal("7.00"));
    }

    @Test
    void roundedToCents_shouldUseCurrencyFractionDigits_whenCurrencyHasNoCents() {
        // given
        Money yen = new Money(new BigDecimal("100.5"), Currency.getInstance("JPY"));

        // when / then
        assertThat(yen.roundedToCents().amount()).isEqualTo(new BigDecimal("101"));
    }

    @Test
    void plus_shouldThrow_whenCurrenciesDiffer() {
        Money euros = new Money(BigDecimal.ONE, Currency.getInstance("EUR"));

        assertThatThrownBy(() -> Money.usd("1").plus(euros))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot mix currencies: USD and EUR");
        assertThatThrownBy(() -> Money.usd("1").compareTo(euros)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equals_shouldIgnoreScale_whenAmountsAreNumericallyEqual() {
        assertThat(Money.usd("10.0")).isEqualTo(Money.usd("10.00")).hasSameHashCodeAs(Money.usd("10.00"));
        assertThat(Money.usd("10.00")).isNotEqualTo(new Money(new BigDecimal("10"), Currency.getInstance("EUR")));
        assertThat(Money.usd("0.01")).isGreaterThan(Money.usd("0.009"));
    }

    @Test
    void isNegative_shouldBeTrue_onlyBelowZero() {
        assertThat(Money.usd("-0.0001").isNegative()).isTrue();
        assertThat(Money.usd("0.00").isNegative()).isFalse();
        assertThat(Money.usd("0.00").isZero()).isTrue();
    }
}
