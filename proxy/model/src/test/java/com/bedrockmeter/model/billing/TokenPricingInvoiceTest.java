package com.bedrockmeter.model.billing;

import static com.bedrockmeter.model.billing.InvoiceFixtures.CLAUDE;
import static com.bedrockmeter.model.billing.InvoiceFixtures.LONG_AGO;
import static com.bedrockmeter.model.billing.InvoiceFixtures.TITAN;
import static com.bedrockmeter.model.billing.InvoiceFixtures.march;
import static com.bedrockmeter.model.billing.InvoiceFixtures.marchInvoice;
import static com.bedrockmeter.model.billing.InvoiceFixtures.plan;
import static com.bedrockmeter.model.billing.InvoiceFixtures.tokenPlan;
import static com.bedrockmeter.model.billing.InvoiceFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenPricingInvoiceTest {

    private final Plan metered = tokenPlan("metered", new PayPerRequest(Money.usd("0.001")));
    private final TokenPrice claudeOld = new TokenPrice(CLAUDE, LONG_AGO, Money.usd("3.00"), Money.usd("15.00"));
    private final TokenPrice claudeNew = new TokenPrice(CLAUDE, march(16), Money.usd("2.50"), Money.usd("12.50"));
    private final TokenPrice titan = new TokenPrice(TITAN, LONG_AGO, Money.usd("0.80"), Money.usd("4.00"));

    @Test
    void calculate_chargesEachDayAtItsPrice_whenTokenPriceChangesMidMonth() {
        // given the price drops from March 16; usage on the 15th and on the 16th
        PriceBook prices = PriceBook.of(claudeOld, claudeNew);

        // when
        InvoiceDraft invoice = marchInvoice(metered, prices,
                tokens(march(15), 1_000, CLAUDE, 400_000, 100_000),
                tokens(march(16), 500, CLAUDE, 200_000, 50_000));

        // then calls 1,500 × 0.001 = 1.500
        //      input  400,000 × 0.000003  = 1.2   and 200,000 × 0.0000025 = 0.5
        //      output 100,000 × 0.000015  = 1.5   and  50,000 × 0.0000125 = 0.625
        //      subtotal 5.325, total 5.33
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, l -> l.quantity().longValueExact(),
                        InvoiceLine::unitPrice, InvoiceLine::amount)
                .containsExactly(
                        tuple(LineKind.CALLS, 1_500L, Money.usd("0.001"), Money.usd("1.500")),
                        tuple(LineKind.INPUT_TOKENS, 400_000L, Money.usd("0.000003"), Money.usd("1.2")),
                        tuple(LineKind.INPUT_TOKENS, 200_000L, Money.usd("0.0000025"), Money.usd("0.5")),
                        tuple(LineKind.OUTPUT_TOKENS, 100_000L, Money.usd("0.000015"), Money.usd("1.5")),
                        tuple(LineKind.OUTPUT_TOKENS, 50_000L, Money.usd("0.0000125"), Money.usd("0.625")));
        assertThat(invoice.subtotal().amount()).isEqualByComparingTo("5.325");
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("5.33"));
        assertThat(invoice.lines().get(2).description())
                .isEqualTo(CLAUDE + ": input tokens at 2.50 USD per 1M (price from 2025-03-16)");
    }

    @Test
    void calculate_ordersTokenLinesByModelThenInputBeforeOutput_whenSeveralModelsUsed() {
        // given
        PriceBook prices = PriceBook.of(claudeOld, titan);

        // when
        InvoiceDraft invoice = marchInvoice(metered, prices,
                tokens(march(2), 10, CLAUDE, 1_000, 2_000),
                tokens(march(3), 10, TITAN, 3_000, 0));

        // then amazon.* sorts before anthropic.*; Titan had no output tokens, so no output line
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, InvoiceLine::modelId)
                .containsExactly(
                        tuple(LineKind.CALLS, null),
                        tuple(LineKind.INPUT_TOKENS, TITAN),
                        tuple(LineKind.INPUT_TOKENS, CLAUDE),
                        tuple(LineKind.OUTPUT_TOKENS, CLAUDE));
    }

    @Test
    void calculate_chargesMarkupOnBedrockCost_whenPricesBuiltFromCost() {
        // given 20 % on Bedrock's 3.00 / 15.00 → 3.60 / 18.00 per million
        TokenPrice marked = TokenPrice.fromBedrockCost(CLAUDE, LONG_AGO, Money.usd("3.00"), Money.usd("15.00"),
                new BigDecimal("20"));
        Plan tokensOnly = tokenPlan("tokens", new PayPerRequest(Money.usd("0")));

        // when
        InvoiceDraft invoice = marchInvoice(tokensOnly, PriceBook.of(marked),
                tokens(march(9), 40, CLAUDE, 1_000_000, 200_000));

        // then 1,000,000 × 0.0000036 = 3.60 and 200,000 × 0.000018 = 3.60 → 7.20
        assertThat(invoice.lines()).extracting(InvoiceLine::amount)
                .containsExactly(Money.usd("0"), Money.usd("3.60"), Money.usd("3.60"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("7.20"));
    }

    @Test
    void calculate_chargesNoTokens_whenPlanDoesNotChargeTokens() {
        // when
        InvoiceDraft invoice = marchInvoice(plan("calls-only", new PayPerRequest(Money.usd("0.001"))),
                PriceBook.empty(), tokens(march(9), 40, CLAUDE, 1_000_000, 200_000));

        // then
        assertThat(invoice.lines()).extracting(InvoiceLine::kind).containsExactly(LineKind.CALLS);
        assertThat(invoice.subtotal()).isEqualTo(Money.usd("0.040"));
    }

    @Test
    void calculate_throwsMissingPrice_whenModelHasNoPriceOnDayOfUse() {
        // given Claude is priced only from March 16
        PriceBook prices = PriceBook.of(claudeNew);

        // when / then
        assertThatThrownBy(() -> marchInvoice(metered, prices, tokens(march(15), 1, CLAUDE, 10, 10)))
                .isInstanceOf(MissingPriceException.class)
                .hasMessage("no token price for model " + CLAUDE + " in effect on 2025-03-15");
    }

    @Test
    void calculate_chargesCacheReadAndWriteTokensAtTheirOwnPrices_apartFromInputTokens() {
        // given cache read 0.30 and cache write 3.75 per million besides 3.00 / 15.00
        TokenPrice cached = new TokenPrice(CLAUDE, LONG_AGO, Money.usd("3.00"), Money.usd("15.00"),
                Money.usd("0.30"), Money.usd("3.75"));
        UsageTotals totals = new UsageTotals(10, 100_000, 20_000, 0, 1_000_000, 200_000);

        // when
        InvoiceDraft invoice = marchInvoice(tokenPlan("tokens", new PayPerRequest(Money.usd("0"))),
                PriceBook.of(cached), new DailyUsage(march(9), totals, Map.of(CLAUDE, totals)));

        // then input 100,000 × 0.000003 = 0.30, output 20,000 × 0.000015 = 0.30,
        //      cache read 1,000,000 × 0.0000003 = 0.30, cache write 200,000 × 0.00000375 = 0.75 → 1.65
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, l -> l.quantity().longValueExact(),
                        InvoiceLine::amount)
                .containsExactly(
                        tuple(LineKind.CALLS, 10L, Money.usd("0")),
                        tuple(LineKind.INPUT_TOKENS, 100_000L, Money.usd("0.30")),
                        tuple(LineKind.OUTPUT_TOKENS, 20_000L, Money.usd("0.30")),
                        tuple(LineKind.CACHE_READ_TOKENS, 1_000_000L, Money.usd("0.30")),
                        tuple(LineKind.CACHE_WRITE_TOKENS, 200_000L, Money.usd("0.75")));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("1.65"));
        assertThat(invoice.lines().get(3).description())
                .isEqualTo(CLAUDE + ": cache read tokens at 0.30 USD per 1M (price from 2024-01-01)");
    }

    @Test
    void tokenPrice_pricesCacheTokensAtClaudesRatiosOfTheInputPrice_whenNoCachePriceGiven() {
        // when
        TokenPrice price = new TokenPrice(CLAUDE, LONG_AGO, Money.usd("3.00"), Money.usd("15.00"));
        TokenPrice marked = TokenPrice.fromBedrockCost(CLAUDE, LONG_AGO, Money.usd("3.00"), Money.usd("15.00"),
                Money.usd("0.30"), Money.usd("3.75"), new BigDecimal("20"));

        // then 0.1 × 3.00 and 1.25 × 3.00; the markup applies to the cache prices given
        assertThat(price.cacheReadPerMillion()).isEqualTo(Money.usd("0.30"));
        assertThat(price.cacheWritePerMillion()).isEqualTo(Money.usd("3.75"));
        assertThat(marked.cacheReadPerMillion()).isEqualTo(Money.usd("0.36"));
        assertThat(marked.cacheWritePerMillion()).isEqualTo(Money.usd("4.50"));
        assertThatThrownBy(() -> new TokenPrice(CLAUDE, LONG_AGO, Money.usd("3"), Money.usd("15"),
                Money.usd("-0.01"), Money.usd("3.75"))).isInstanceOf(IllegalArgumentException.class);
    }
}
