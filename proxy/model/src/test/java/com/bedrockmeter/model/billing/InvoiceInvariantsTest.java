package com.bedrockmeter.model.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Invariants over generated plans, prices and usage (seeded, so a failure reproduces). */
class InvoiceInvariantsTest {

    private static final int CASES = 2_000;
    private static final List<String> MODELS = List.of("m-a", "m-b", "m-c");
    private static final LocalDate ORIGIN = LocalDate.of(2025, 1, 1);

    private final Random random = new Random(20250301L);
    private final InvoiceCalculator calculator = new InvoiceCalculator();

    @Test
    void calculate_keepsInvariants_whenPlansPricesAndUsageAreRandom() {
        for (int i = 0; i < CASES; i++) {
            // given
            LocalDate start = ORIGIN.plusDays(random.nextInt(365));
            LocalDate end = start.plusDays(random.nextInt(62));
            Map<String, Plan> plans = randomPlans();
            List<PlanAssignment> assignments = randomAssignments(plans, start, end);
            PriceBook prices = randomPrices(start, end);
            List<DailyUsage> usage = randomUsage(start, end);

            // when
            InvoiceDraft invoice = calculator.calculate("c" + i, start, end, assignments, plans, prices, usage);
            Collections.shuffle(usage, random);
            Collections.shuffle(assignments, random);
            InvoiceDraft again = calculator.calculate("c" + i, start, end, assignments, plans, prices, usage);

            // then
            String context = "case " + i + ": " + invoice;
            BigDecimal sum = invoice.lines().stream().map(l -> l.amount().amount())
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(invoice.subtotal().amount()).as(context).isEqualByComparingTo(sum);
            assertThat(invoice.lines()).as(context).noneMatch(l -> l.amount().isNegative());
            assertThat(invoice.total().isNegative()).as(context).isFalse();
            assertThat(invoice.total().amount()).as(context)
                    .isEqualTo(invoice.subtotal().amount().setScale(2, RoundingMode.HALF_UP));
            assertThat(invoice.lines()).as(context)
                    .filteredOn(l -> l.kind() != LineKind.PLAN_FEE)
                    .allMatch(l -> l.unitPrice().times(l.quantity()).equals(l.amount()));
            assertThat(again).as(context).isEqualTo(invoice);
        }
    }

    private Map<String, Plan> randomPlans() {
        var plans = new HashMap<String, Plan>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String id = "plan-" + i;
            plans.put(id, new Plan(id, id, randomPricing(), random.nextBoolean()));
        }
        return plans;
    }

    private PricingModel randomPricing() {
        switch (random.nextInt(3)) {
            case 0:
                return new PayPerRequest(randomMoney());
            case 1:
                var tiers = new ArrayList<Tier>();
                long bound = 0;
                for (int t = random.nextInt(4); t > 0; t--) {
                    bound += 1 + random.nextInt(50_000);
                    tiers.add(Tier.upTo(bound, randomMoney()));
                }
                tiers.add(Tier.beyond(randomMoney()));
                return new Tiered(tiers, random.nextBoolean() ? TierMode.GRADUATED : TierMode.VOLUME);
            default:
                var unit = random.nextBoolean() ? SubscriptionOverage.Unit.CALLS : SubscriptionOverage.Unit.TOKENS;
                return new SubscriptionOverage(randomMoney(), random.nextInt(2_000_000), unit, randomMoney());
        }
    }

    private List<PlanAssignment> randomAssignments(Map<String, Plan> plans, LocalDate start, LocalDate end) {
        var ids = new ArrayList<>(plans.keySet());
        Collections.sort(ids);
        var dates = new HashSet<LocalDate>();
        var assignments = new ArrayList<PlanAssignment>();
        for (int n = random.nextInt(4); n > 0; n--) {
            LocalDate from = start.plusDays(random.nextInt((int) (end.toEpochDay() - start.toEpochDay()) + 11) - 10);
            if (dates.add(from)) {
                assignments.add(new PlanAssignment(ids.get(random.nextInt(ids.size())), from));
            }
        }
        return assignments;
    }

    /** Every model has a price from long ago, so token-charging plans always find one, plus a few changes. */
    private PriceBook randomPrices(LocalDate start, LocalDate end) {
        var prices = new ArrayList<TokenPrice>();
        for (String model : MODELS) {
            prices.add(new TokenPrice(model, ORIGIN.minusYears(1), randomMoney(), randomMoney()));
            var dates = new HashSet<LocalDate>();
            for (int n = random.nextInt(3); n > 0; n--) {
                LocalDate from = start.plusDays(random.nextInt((int) (end.toEpochDay() - start.toEpochDay()) + 1));
                if (dates.add(from)) {
                    prices.add(new TokenPrice(model, from, randomMoney(), randomMoney()));
                }
            }
        }
        return new PriceBook(prices);
    }

    /** Usage from a few days before the period to a few days after it, on about two days in three. */
    private List<DailyUsage> randomUsage(LocalDate start, LocalDate end) {
        var usage = new ArrayList<DailyUsage>();
        for (LocalDate day = start.minusDays(3); !day.isAfter(end.plusDays(3)); day = day.plusDays(1)) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            var byModel = new HashMap<String, UsageTotals>();
            UsageTotals totals = UsageTotals.ZERO;
            for (String model : MODELS) {
                if (random.nextBoolean()) {
                    var modelTotals = new UsageTotals(random.nextInt(20_000), random.nextInt(2_000_000),
                            random.nextInt(500_000), random.nextInt(50));
                    byModel.put(model, modelTotals);
                    totals = totals.plus(modelTotals);
                }
            }
            usage.add(new DailyUsage(day, totals, byModel));
        }
        return usage;
    }

    /** Zero now and then, otherwise up to 99.999999 with up to six decimals. */
    private Money randomMoney() {
        if (random.nextInt(10) == 0) {
            return Money.usd(BigDecimal.ZERO);
        }
        return Money.usd(BigDecimal.valueOf(random.nextInt(100_000_000)).movePointLeft(random.nextInt(7)));
    }
}
