package com.bedrockmeter.model.billing;

import static com.bedrockmeter.model.billing.InvoiceFixtures.ACME;
import static com.bedrockmeter.model.billing.InvoiceFixtures.LONG_AGO;
import static com.bedrockmeter.model.billing.InvoiceFixtures.calls;
import static com.bedrockmeter.model.billing.InvoiceFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.bedrockmeter.model.usage.DailyUsage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plan changes in a period are prorated by days; each day's usage is priced under that day's plan. */
class PlanChangeInvoiceTest {

    private static final LocalDate APRIL_1 = LocalDate.of(2025, 4, 1);
    private static final LocalDate APRIL_30 = LocalDate.of(2025, 4, 30);

    private final Plan basic = plan("basic", new PayPerRequest(Money.usd("0.002")));
    private final Plan pro = plan("pro", new SubscriptionOverage(Money.usd("30.00"), 3_000,
            SubscriptionOverage.Unit.CALLS, Money.usd("0.001")));
    private final Map<String, Plan> plans = Map.of("basic", basic, "pro", pro);

    @Test
    void calculate_proratesFeeAndIncludedCalls_whenUpgradedMidMonth() {
        // given basic until April 10, pro from April 11 (20 of April's 30 days)
        var assignments = List.of(new PlanAssignment("pro", april(11)), new PlanAssignment("basic", LONG_AGO));
        var usage = List.of(calls(april(1), 400), calls(april(10), 600), calls(april(11), 2_000),
                calls(april(30), 1_500));

        // when
        InvoiceDraft invoice = aprilInvoice(assignments, usage);

        // then basic: 1,000 calls × 0.002 = 2.000
        //      pro fee 30.00 × 20 / 30 = 20.00; included 3,000 × 20 / 30 = 2,000 calls
        //      pro overage 3,500 − 2,000 = 1,500 × 0.001 = 1.500;  total 23.50
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, InvoiceLine::quantity, InvoiceLine::amount)
                .containsExactly(
                        tuple(LineKind.CALLS, new BigDecimal("1000"), Money.usd("2.000")),
                        tuple(LineKind.PLAN_FEE, new BigDecimal("0.6666666666666667"), Money.usd("20.00")),
                        tuple(LineKind.OVERAGE, new BigDecimal("1500"), Money.usd("1.500")));
        assertThat(invoice.lines().get(1).description())
                .isEqualTo("pro 2025-04-11 to 2025-04-30: plan fee, 20 of 30 days");
        assertThat(invoice.lines().get(2).description()).endsWith("calls beyond 2000 included");
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("23.50"));
    }

    @Test
    void calculate_proratesWithoutRoundingTheLine_whenFeeShareDoesNotDivideEvenly() {
        // given pro for March 1-15, basic from March 16 (31-day month)
        var assignments = List.of(new PlanAssignment("pro", LONG_AGO),
                new PlanAssignment("basic", LocalDate.of(2025, 3, 16)));
        var usage = List.of(calls(LocalDate.of(2025, 3, 15), 1_500), calls(LocalDate.of(2025, 3, 16), 10));

        // when
        InvoiceDraft invoice = new InvoiceCalculator().calculate(ACME, LocalDate.of(2025, 3, 1),
                LocalDate.of(2025, 3, 31), assignments, plans, PriceBook.empty(), usage);

        // then pro fee 30.00 × 15 / 31 = 14.516129032258064516… → 14.51612903225806 (16 digits, DECIMAL64)
        //      included 3,000 × 15 / 31 = 1,451.6 → 1,451; overage 49 × 0.001 = 0.049
        //      basic 10 × 0.002 = 0.020;  subtotal 14.58512903225806, total 14.59
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, InvoiceLine::amount)
                .containsExactly(
                        tuple(LineKind.PLAN_FEE, Money.usd("14.51612903225806")),
                        tuple(LineKind.OVERAGE, Money.usd("0.049")),
                        tuple(LineKind.CALLS, Money.usd("0.020")));
        assertThat(invoice.lines().get(1).quantity()).isEqualByComparingTo("49");
        assertThat(invoice.subtotal().amount()).isEqualByComparingTo("14.58512903225806");
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("14.59"));
    }

    @Test
    void calculate_billsNothing_forDaysBeforeFirstAssignment() {
        // given the customer joined pro on April 21 (10 of 30 days); usage before that is not billed
        var assignments = List.of(new PlanAssignment("pro", april(21)));
        var usage = List.of(calls(april(5), 50_000), calls(april(21), 1_000));

        // when
        InvoiceDraft invoice = aprilInvoice(assignments, usage);

        // then fee 30.00 × 10 / 30 = 10.00; included 1,000: exactly at it, so no overage
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, InvoiceLine::amount)
                .containsExactly(tuple(LineKind.PLAN_FEE, Money.usd("10.00")));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("10.00"));
    }

    @Test
    void calculate_keepsOneSegment_whenSamePlanIsAssignedAgain() {
        // given pro re-assigned mid-month: no change of plan, so the fee and included calls stay whole
        var assignments = List.of(new PlanAssignment("pro", LONG_AGO), new PlanAssignment("pro", april(15)));

        // when
        InvoiceDraft invoice = aprilInvoice(assignments, List.of(calls(april(2), 2_000), calls(april(20), 1_000)));

        // then 30.00 and 3,000 calls included: exactly at it
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, InvoiceLine::amount)
                .containsExactly(tuple(LineKind.PLAN_FEE, Money.usd("30.00")));
    }

    @Test
    void calculate_appliesTiersToEachSegment_whenTieredPlanCoversPartOfMonth() {
        // given graduated tiers from April 16; 12,000 calls under it
        Plan tiered = plan("tiered", InvoiceFixtures.tiered(TierMode.GRADUATED));
        var assignments = List.of(new PlanAssignment("basic", LONG_AGO), new PlanAssignment("tiered", april(16)));

        // when
        InvoiceDraft invoice = new InvoiceCalculator().calculate(ACME, APRIL_1, APRIL_30, assignments,
                Map.of("basic", basic, "tiered", tiered), PriceBook.empty(),
                List.of(calls(april(15), 5_000), calls(april(16), 12_000)));

        // then basic 5,000 × 0.002 = 10.000; tiered 10,000 × 0.010 = 100.000 + 2,000 × 0.008 = 16.000
        assertThat(invoice.lines()).extracting(InvoiceLine::amount)
                .containsExactly(Money.usd("10.000"), Money.usd("100.000"), Money.usd("16.000"));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("126.00"));
    }

    private InvoiceDraft aprilInvoice(List<PlanAssignment> assignments, List<DailyUsage> usage) {
        return new InvoiceCalculator().calculate(ACME, APRIL_1, APRIL_30, assignments, plans, PriceBook.empty(),
                usage);
    }

    private static LocalDate april(int day) {
        return LocalDate.of(2025, 4, day);
    }
}
