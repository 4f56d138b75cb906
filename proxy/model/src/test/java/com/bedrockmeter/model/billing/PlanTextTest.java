package com.bedrockmeter.model.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.model.base.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanTextTest {

    @Test
    void tiers_readTheWrittenForm_andWriteItBack() {
        // when
        Tiered tiered = PlanText.tiers(" 10000:0.01, 100000:0.008 ,*:0.005", TierMode.VOLUME);

        // then
        assertThat(tiered.tiers()).containsExactly(Tier.upTo(10_000, Money.usd("0.01")),
                Tier.upTo(100_000, Money.usd("0.008")), Tier.beyond(Money.usd("0.005")));
        assertThat(tiered.mode()).isEqualTo(TierMode.VOLUME);
        assertThat(PlanText.tiers(tiered)).isEqualTo("10000:0.01,100000:0.008,*:0.005");
        assertThat(PlanText.pricing(tiered))
                .isEqualTo("tiered (volume), calls up to 10000 at 0.01 USD, up to 100000 at 0.008 USD, beyond at 0.005 USD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10000:0.01", "10000=0.01,*:0.005", "0:0.01,*:0.005", "x:0.01,*:0.005",
        "10000:-0.01,*:0.005", "10000:1e3,*:0.005", "100:0.01,10:0.02,*:0.005", "*:0.01,*:0.02"})
    void tiers_refuseWithInvalidTiers_whenTheTextIsNotAnAscendingListEndingWithStar(String text) {
        assertThatThrownBy(() -> PlanText.tiers(text, TierMode.GRADUATED))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo("invalid_tiers"));
    }
}
