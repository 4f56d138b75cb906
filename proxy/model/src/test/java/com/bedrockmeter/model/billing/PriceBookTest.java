package com.bedrockmeter.model.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PriceBookTest {

    private static final LocalDate JAN_1 = LocalDate.of(2025, 1, 1);
    private static final LocalDate MAR_16 = LocalDate.of(2025, 3, 16);
    private final TokenPrice old = new TokenPrice("m1", JAN_1, Money.usd("3.00"), Money.usd("15.00"));
    private final TokenPrice cheaper = new TokenPrice("m1", MAR_16, Money.usd("2.50"), Money.usd("12.50"));
    private final TokenPrice other = new TokenPrice("m2", JAN_1, Money.usd("0.80"), Money.usd("4.00"));

    @Test
    void priceOn_shouldReturnLatestEffectivePrice_whenSeveralPricesStartedBefore() {
        // given
        PriceBook book = PriceBook.of(cheaper, other, old);

        // when / then
        assertThat(book.priceOn("m1", MAR_16.minusDays(1))).contains(old);
        assertThat(book.priceOn("m1", MAR_16)).contains(cheaper);
        assertThat(book.priceOn("m1", LocalDate.of(2030, 1, 1))).contains(cheaper);
        assertThat(book.priceOn("m2", MAR_16)).contains(other);
    }

    @Test
    void priceOn_shouldBeEmpty_whenNoPriceYetOrUnknownModel() {
        PriceBook book = PriceBook.of(old);

        assertThat(book.priceOn("m1", JAN_1.minusDays(1))).isEmpty();
        assertThat(book.priceOn("unknown", MAR_16)).isEmpty();
    }

    @Test
    void priceBook_shouldReject_whenTwoPricesOfOneModelStartTheSameDay() {
        TokenPrice clash = new TokenPrice("m1", JAN_1, Money.usd("1"), Money.usd("1"));

        assertThatThrownBy(() -> PriceBook.of(old, clash))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two prices for m1 take effect on 2025-01-01");
    }

    @Test
    void fromBedrockCost_shouldAddMarkupExactly_whenMarkupIsAPercentage() {
        // given Bedrock's Claude 3 Sonnet cost: 3.00 in / 15.00 out per million tokens, 25 % markup

        // when
        TokenPrice price = TokenPrice.fromBedrockCost("m1", JAN_1, Money.usd("3.00"), Money.usd("15.00"),
                new BigDecimal("25"));

        // then 3.00 × 1.25 = 3.75 and 15.00 × 1.25 = 18.75
        assertThat(price.inputPerMillion()).isEqualTo(Money.usd("3.75"));
        assertThat(price.outputPerMillion()).isEqualTo(Money.usd("18.75"));
        assertThat(price.inputPerToken()).isEqualTo(Money.usd("0.00000375"));
        assertThat(price.outputPerToken()).isEqualTo(Money.usd("0.00001875"));
    }

    @Test
    void fromBedrockCost_shouldKeepFractionalCents_whenMarkupHasDecimals() {
        // given 0.80 per million at 12.5 % markup

        // when
        TokenPrice price = TokenPrice.fromBedrockCost("m2", JAN_1, Money.usd("0.80"), Money.usd("4.00"),
                new BigDecimal("12.5"));

        // then 0.80 × 1.125 = 0.9 and 4.00 × 1.125 = 4.5
        assertThat(price.inputPerMillion().amount()).isEqualByComparingTo("0.90000");
        assertThat(price.outputPerMillion().amount()).isEqualByComparingTo("4.50000");
    }
}
