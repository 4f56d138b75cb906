package com.bedrockmeter.model.billing;

import static com.bedrockmeter.model.billing.InvoiceFixtures.ACME;
import static com.bedrockmeter.model.billing.InvoiceFixtures.CLAUDE;
import static com.bedrockmeter.model.billing.InvoiceFixtures.LONG_AGO;
import static com.bedrockmeter.model.billing.InvoiceFixtures.MARCH_1;
import static com.bedrockmeter.model.billing.InvoiceFixtures.MARCH_31;
import static com.bedrockmeter.model.billing.InvoiceFixtures.calls;
import static com.bedrockmeter.model.billing.InvoiceFixtures.march;
import static com.bedrockmeter.model.billing.InvoiceFixtures.marchInvoice;
import static com.bedrockmeter.model.billing.InvoiceFixtures.plan;
import static com.bedrockmeter.model.billing.InvoiceFixtures.tokenPlan;
import static com.bedrockmeter.model.billing.InvoiceFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InvoiceCalculatorTest {

    private final InvoiceCalculator calculator = new InvoiceCalculator();
    private final Plan basic = plan("basic", new PayPerRequest(Money.usd("0.002")));
    private final Map<String, Plan> plans = Map.of("basic", basic);
    private final List<PlanAssignment> onBasic = List.of(new PlanAssignment("basic", LONG_AGO));

    @Test
    void calculate_throws_whenPeriodEndsBeforeItStarts() {
        assertThatThrownBy(() -> calculator.calculate(ACME, MARCH_31, MARCH_1, onBasic, plans, PriceBook.empty(),
                List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period end 2025-03-01 is before period start 2025-03-31");
    }

    @Test
    void calculate_throws_whenUsageIsNegative() {
        var negative = new DailyUsage(march(3), new UsageTotals(-1, 0, 0, 0), Map.of());

        assertThatThrownBy(() -> marchInvoice(basic, negative))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("usage must not be negative: 2025-03-03 totals");
        var negativeTokens = new DailyUsage(march(3), UsageTotals.ZERO, Map.of(CLAUDE, new UsageTotals(0, -5, 0, 0)));
        assertThatThrownBy(() -> marchInvoice(basic, negativeTokens))
                .hasMessageStartingWith("usage must not be negative: 2025-03-03 " + CLAUDE);
    }

    @Test
    void calculate_throws_whenUsageGivenTwiceForADay() {
        assertThatThrownBy(() -> marchInvoice(basic, calls(march(3), 1), calls(march(3), 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("usage for 2025-03-03 is given twice");
    }

    @Test
    void calculate_throws_whenAssignedPlanIsUnknownOrTwoAssignmentsShareADay() {
        assertThatThrownBy(() -> calculator.calculate(ACME, MARCH_1, MARCH_31,
                List.of(new PlanAssignment("gold", march(5))), plans, PriceBook.empty(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown plan 'gold' assigned from 2025-03-05");
        assertThatThrownBy(() -> calculator.calculate(ACME, MARCH_1, MARCH_31,
                List.of(new PlanAssignment("basic", march(5)), new PlanAssignment("basic", march(5))), plans,
                PriceBook.empty(), List.of()))
                .hasMessage("two plan assignments start on 2025-03-05");
    }

    @Test
    void calculate_throws_whenPricesAreInAnotherCurrency() {
        Money euros = new Money(new BigDecimal("0.002"), Currency.getInstance("EUR"));
        Plan euroPlan = plan("euro", new PayPerRequest(euros));

        assertThatThrownBy(() -> marchInvoice(euroPlan, calls(march(3), 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot mix currencies: USD and EUR");
    }

    @Test
    void calculate_billsNothing_whenNoPlanIsAssigned() {
        // when
        InvoiceDraft invoice = calculator.calculate(ACME, MARCH_1, MARCH_31, List.of(), plans, PriceBook.empty(),
                List.of(calls(march(3), 1_000)));

        // then
        assertThat(invoice.lines()).isEmpty();
        assertThat(invoice.total()).isEqualTo(Money.usd("0.00"));
        assertThat(invoice.currency()).isEqualTo(Money.USD);
    }

    @Test
    void calculate_returnsEqualDraft_whenInputsComeInAnotherOrder() {
        // given
        Plan pro = tokenPlan("pro", new SubscriptionOverage(Money.usd("29"), 100, SubscriptionOverage.Unit.CALLS,
                Money.usd("0.01")));
        var allPlans = Map.of("basic", basic, "pro", pro);
        var assignments = new ArrayList<>(List.of(new PlanAssignment("basic", LONG_AGO),
                new PlanAssignment("pro", march(10)), new PlanAssignment("basic", march(20))));
        PriceBook prices = PriceBook.of(new TokenPrice(CLAUDE, LONG_AGO, Money.usd("3"), Money.usd("15")),
                new TokenPrice(CLAUDE, march(12), Money.usd("2"), Money.usd("10")));
        var usage = new ArrayList<DailyUsage>();
        for (int day = 1; day <= 31; day++) {
            usage.add(tokens(march(day), day * 10L, CLAUDE, day * 1_000L, day * 300L));
        }
        InvoiceDraft first = calculator.calculate(ACME, MARCH_1, MARCH_31, assignments, allPlans, prices, usage);

        // when
        Collections.shuffle(usage, new Random(7));
        Collections.reverse(assignments);
        InvoiceDraft again = calculator.calculate(ACME, MARCH_1, MARCH_31, assignments, allPlans, prices, usage);

        // then
        assertThat(again).isEqualTo(first);
        assertThat(again.lines()).extracting(InvoiceLine::kind).containsExactly(
                LineKind.CALLS, LineKind.PLAN_FEE, LineKind.OVERAGE, LineKind.CALLS,
                LineKind.INPUT_TOKENS, LineKind.INPUT_TOKENS, LineKind.OUTPUT_TOKENS, LineKind.OUTPUT_TOKENS);
    }
}
