package com.bedrockmeter.model.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.bedrockmeter.model.config.ModelProperties;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.model.testsupport.ModelTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Three customers on three plans, usage seeded straight into the counters in a past month (each test its own month,
 * so tests sharing the store do not bill each other's usage), billed through {@link BillingRuns}.
 */
@ModelTest
class BillingRunIT {

    @Autowired PlanCatalogue catalogue;
    @Autowired BillingRuns billing;
    @Autowired Invoices invoices;
    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired DynamoDbClient dynamo;
    @Autowired ModelProperties properties;

    @Test
    void runBilling_chargesEachCustomer_theHandComputedTotalOfTheirPlan() {
        // given
        Setup given = threeCustomersOnThreePlans(YearMonth.of(2026, 9));

        // when
        BillingRuns.RunResult result = billing.runBilling("test", given.start(), given.end());
        BillingRun run = result.run();

        // then
        // pay-per-request: (1,000 + 500) calls × 0.002 = 3.000
        assertThat(total(given.payPerRequest(), given)).isEqualTo(Money.usd("3.00"));
        // graduated: 1,000 × 0.01 = 10.00; 4,000 × 0.008 = 32.000; (6,500 − 5,000) = 1,500 × 0.005 = 7.500;
        // 10.00 + 32.000 + 7.500 = 49.500
        assertThat(total(given.tiered(), given)).isEqualTo(Money.usd("49.50"));
        // subscription: fee 49.00; calls 8,000 + 4,001 = 12,001, 2,001 beyond 10,000 × 0.004 = 8.004;
        // input tokens 1,234,567 + 100,000 = 1,334,567 × 3.00/1M = 4.003701;
        // output tokens 345,678 + 20,000 = 365,678 × 15.00/1M = 5.48517;
        // 49.00 + 8.004 + 4.003701 + 5.48517 = 66.492871 → 66.49
        Invoice subscription = invoice(given.subscription(), given);
        assertThat(subscription.subtotal()).isEqualTo(Money.usd("66.492871"));
        assertThat(subscription.total()).isEqualTo(Money.usd("66.49"));
        assertThat(subscription.status()).isEqualTo(InvoiceStatus.DRAFT);
        assertThat(subscription.id()).isEqualTo(Invoice.idOf(given.subscription(), given.start(), given.end()));
        assertThat(run.status()).isEqualTo(BillingRun.Status.DONE);
        assertThat(run.done()).isEqualTo(run.customers());
        assertThat(run.invoiceIds()).contains(subscription.id());
        assertThat(result.invoices()).extracting(Invoice::id).containsExactlyElementsOf(run.invoiceIds());
        assertThat(result.invoices()).contains(subscription);
        assertThat(billing.invoicesOf(run)).containsExactlyElementsOf(result.invoices());
        assertThat(billing.run(given.start(), given.end())).contains(run);
    }

    @Test
    void runBilling_isIdempotent_whenRunTwice() {
        // given
        Setup given = threeCustomersOnThreePlans(YearMonth.of(2026, 8));
        billing.runBilling("test", given.start(), given.end());
        List<Invoice> first = given.customers().stream().map(id -> invoice(id, given)).toList();

        // when
        billing.runBilling("test", given.start(), given.end());

        // then
        List<Invoice> second = given.customers().stream().map(id -> invoice(id, given)).toList();
        assertThat(second).isEqualTo(first);
        for (String customerId : given.customers()) {
            assertThat(invoices.invoices(customerId)).singleElement()
                    .satisfies(i -> assertThat(i.periodStart()).isEqualTo(given.start()));
        }
    }

    @Test
    void runBilling_leavesAFinalizedInvoiceUnchanged_andRecomputesADraft_whenUsageChanges() {
        // given
        Setup given = threeCustomersOnThreePlans(YearMonth.of(2026, 7));
        billing.runBilling("test", given.start(), given.end());
        Invoice finalized = invoices.finalizeInvoice("test", given.payPerRequest(), given.start(), given.end());
        seed(given.payPerRequest(), given.month().atDay(28), 100, null, 0, 0);
        seed(given.subscription(), given.month().atDay(28), 1_000, null, 0, 0);

        // when
        billing.runBilling("test", given.start(), given.end());

        // then
        assertThat(finalized.status()).isEqualTo(InvoiceStatus.FINALIZED);
        assertThat(finalized.finalizedAt()).isNotNull();
        assertThat(invoice(given.payPerRequest(), given)).isEqualTo(finalized);
        assertThat(finalized.total()).isEqualTo(Money.usd("3.00"));
        // one draft recomputed: 1,000 more calls, 3,001 beyond 10,000 × 0.004 = 12.004 (was 8.004);
        // 66.492871 + 4.000 = 70.492871 → 70.49
        assertThat(total(given.subscription(), given)).isEqualTo(Money.usd("70.49"));
        assertThat(invoices.finalizeInvoice("test", given.payPerRequest(), given.start(), given.end())).isEqualTo(finalized);
    }

    @Test
    void billCustomer_carriesLateUsageOfAFinalizedMonth_asOneAdjustmentOnTheNextOpenInvoice() {
        // given: April billed and finalized at 1,500 calls × 0.002 = 3.000; then 250 calls arrive for April
        Setup given = threeCustomersOnThreePlans(YearMonth.of(2026, 4));
        String customer = given.payPerRequest();
        YearMonth may = YearMonth.of(2026, 5);
        YearMonth june = YearMonth.of(2026, 6);
        billing.billCustomer("test", customer, given.start(), given.end());
        Invoice april = invoices.finalizeInvoice("test", customer, given.start(), given.end());
        seed(customer, given.month().atDay(30), 250, null, 0, 0);
        seed(customer, may.atDay(2), 100, null, 0, 0);

        // when
        Invoice mayDraft = billing.billCustomer("test", customer, may.atDay(1), may.atEndOfMonth());
        Invoice mayAgain = billing.billCustomer("test", customer, may.atDay(1), may.atEndOfMonth());

        // then: May = 100 × 0.002 = 0.200 plus April's late 250 × 0.002 = 0.500 → 0.70; April unchanged
        assertThat(mayAgain).isEqualTo(mayDraft);
        assertThat(mayDraft.total()).isEqualTo(Money.usd("0.70"));
        assertThat(mayDraft.lines()).filteredOn(l -> l.kind() == LineKind.ADJUSTMENT).singleElement()
                .satisfies(l -> {
                    assertThat(l.adjusts()).isEqualTo(april.id());
                    assertThat(l.amount()).isEqualTo(Money.usd("0.5"));
                });
        assertThat(invoices.invoice(customer, given.start(), given.end())).contains(april);

        // when: May is finalized, June is billed without further late usage
        invoices.finalizeInvoice("test", customer, may.atDay(1), may.atEndOfMonth());
        Invoice juneDraft = billing.billCustomer("test", customer, june.atDay(1), june.atEndOfMonth());

        // then: April's late usage is billed once, on May only
        assertThat(juneDraft.lines()).noneMatch(l -> l.kind() == LineKind.ADJUSTMENT);
        assertThat(juneDraft.total()).isEqualTo(Money.usd("0.00"));
    }

    @Test
    void runBilling_billsEveryOtherCustomer_andIsStoredFailedNamingTheOne_whoseUsageHasNoPrice() {
        // given: in a month of its own, one customer uses a model without a price, another is fine
        YearMonth month = YearMonth.of(2025, 3);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String model = "unpriced.model-" + unique;
        Plan plan = perCallPlan("tokens-" + unique, "0.001", true);
        String unpriced = customer(plan, month.atDay(1));
        String fine = customer(plan, month.atDay(1));
        seed(unpriced, month.atDay(9), 10, model, 1_000, 100);
        seed(fine, month.atDay(9), 7, null, 0, 0);

        // when
        BillingRun failed = billing.runBilling("test", month.atDay(1), month.atEndOfMonth()).run();

        // then
        assertThat(failed.status()).isEqualTo(BillingRun.Status.FAILED);
        assertThat(failed.error()).contains(unpriced, model).doesNotContain(fine);
        assertThat(failed.done()).isEqualTo(failed.customers());
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(billing.run(month.atDay(1), month.atEndOfMonth())).contains(failed);
        assertThat(billing.runs()).contains(failed);
        assertThat(invoices.invoice(fine, month.atDay(1), month.atEndOfMonth()).orElseThrow().subtotal())
                .isEqualTo(Money.usd("0.007"));
        assertThat(invoices.invoice(unpriced, month.atDay(1), month.atEndOfMonth())).isEmpty();

        // when: the price is set and the period run again
        catalogue.setTokenPrice("test", new TokenPrice(model, month.atDay(1), Money.usd("1.00"), Money.usd("2.00")));
        BillingRun again = billing.runBilling("test", month.atDay(1), month.atEndOfMonth()).run();

        // then: 10 × 0.001 + 1,000 × 1.00/1M + 100 × 2.00/1M = 0.010 + 0.001 + 0.0002 = 0.0112 → 0.01
        assertThat(again.status()).isEqualTo(BillingRun.Status.DONE);
        assertThat(again.error()).isNull();
        assertThat(invoices.invoice(unpriced, month.atDay(1), month.atEndOfMonth()).orElseThrow().subtotal())
                .isEqualTo(Money.usd("0.0112"));
        assertThat(invoices.allInvoices()).extracting(Invoice::id)
                .contains(Invoice.idOf(unpriced, month.atDay(1), month.atEndOfMonth()));
    }

    @Test
    void billCustomer_chargesPromptCacheTokensFromTheStoredCounters_atTheStoredCachePrices() {
        // given: a model with its own cache prices in the price book, and a day of cached usage in the counters
        YearMonth month = YearMonth.of(2025, 4);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String model = "cached.model-" + unique;
        TokenPrice price = new TokenPrice(model, month.atDay(1), Money.usd("3.00"), Money.usd("15.00"),
                Money.usd("0.30"), Money.usd("3.75"));
        catalogue.setTokenPrice("test", price);
        String customer = customer(perCallPlan("cached-" + unique, "0", true), month.atDay(1));
        usage.add(customer, DynamoUsageRepository.day(month.atDay(9)), Map.of("requests", 2L,
                DynamoUsageRepository.modelAttribute(model, "requests"), 2L,
                DynamoUsageRepository.modelAttribute(model, "inputTokens"), 1_000L,
                DynamoUsageRepository.modelAttribute(model, "outputTokens"), 100L,
                DynamoUsageRepository.modelAttribute(model, DynamoUsageRepository.CACHE_READ_TOKENS), 2_000_000L,
                DynamoUsageRepository.modelAttribute(model, DynamoUsageRepository.CACHE_WRITE_TOKENS), 400_000L));

        // when
        Invoice invoice = billing.billCustomer("test", customer, month.atDay(1), month.atEndOfMonth());

        // then: the price reads back as stored, and 2M × 0.30/1M = 0.60, 400k × 3.75/1M = 1.50 besides
        //       1,000 × 3.00/1M = 0.003 and 100 × 15.00/1M = 0.0015
        assertThat(catalogue.priceBook().prices()).contains(price);
        assertThat(invoice.lines()).extracting(InvoiceLine::kind, InvoiceLine::amount).containsExactly(
                tuple(LineKind.CALLS, Money.usd("0")),
                tuple(LineKind.INPUT_TOKENS, Money.usd("0.003")),
                tuple(LineKind.OUTPUT_TOKENS, Money.usd("0.0015")),
                tuple(LineKind.CACHE_READ_TOKENS, Money.usd("0.60")),
                tuple(LineKind.CACHE_WRITE_TOKENS, Money.usd("1.50")));
        assertThat(invoice.total()).isEqualTo(Money.usd("2.10"));
    }

    @Test
    void billCustomer_refusesASuspendedCustomer_asARunSkipsThem_andWritesNothing() {
        // given
        Setup given = threeCustomersOnThreePlans(YearMonth.of(2026, 2));
        customers.suspend("test", given.payPerRequest());

        // when
        Throwable refused = catchThrowable(() -> billing.billCustomer("test", given.payPerRequest(), given.start(),
                given.end()));

        // then: the rule is the service's, so the CLI's invoice command and any other caller get it
        assertThat(refused).isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "customer_not_active");
        assertThat(invoices.invoices(given.payPerRequest())).isEmpty();
    }

    @Test
    void billCustomer_refusesAPeriodOverlappingAStoredInvoice_andWritesNothing() {
        // given
        Setup given = threeCustomersOnThreePlans(YearMonth.of(2026, 3));
        billing.billCustomer("test", given.payPerRequest(), given.start(), given.end());

        // when
        Throwable refused = catchThrowable(() -> billing.billCustomer("test", given.payPerRequest(), given.start(),
                given.month().atDay(30)));

        // then
        assertThat(refused).isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "overlapping_period");
        assertThat(invoices.invoices(given.payPerRequest())).singleElement()
                .satisfies(i -> assertThat(i.periodEnd()).isEqualTo(given.end()));
    }

    @Test
    void lateUsage_isChargedOnce_whenTwoOpenInvoicesCarryIt_andAPlanEditAloneChargesNothing() {
        // given: January finalized (1,500 calls × 0.002 = 3.000); February and March drafts; then 250 late calls
        Setup given = threeCustomersOnThreePlans(YearMonth.of(2025, 1));
        String customer = given.payPerRequest();
        YearMonth feb = YearMonth.of(2025, 2);
        YearMonth mar = YearMonth.of(2025, 3);
        catalogue.assignPlan("test", customer, planOf(customer), LocalDate.of(2024, 12, 1));
        billing.billCustomer("test", customer, given.start(), given.end());
        Invoice january = invoices.finalizeInvoice("test", customer, given.start(), given.end());
        seed(customer, given.month().atDay(31), 250, null, 0, 0);
        Invoice febDraft = billing.billCustomer("test", customer, feb.atDay(1), feb.atEndOfMonth());
        Invoice marDraft = billing.billCustomer("test", customer, mar.atDay(1), mar.atEndOfMonth());
        assertThat(adjustment(febDraft)).isEqualTo(Money.usd("0.5"));
        assertThat(adjustment(marDraft)).as("both drafts show the pending adjustment").isEqualTo(Money.usd("0.5"));

        // when: March is finalized first, then February
        Invoice marFinal = invoices.finalizeInvoice("test", customer, mar.atDay(1), mar.atEndOfMonth());
        Invoice febFinal = invoices.finalizeInvoice("test", customer, feb.atDay(1), feb.atEndOfMonth());

        // then: charged on March only
        assertThat(adjustment(marFinal)).isEqualTo(Money.usd("0.5"));
        assertThat(febFinal.lines()).noneMatch(l -> l.kind() == LineKind.ADJUSTMENT);
        assertThat(invoices.invoice(customer, given.start(), given.end())).contains(january);

        // when: the plan's price per call doubles, without any new usage
        catalogue.savePlan("test", new Plan(planOf(customer), "Pay per request", new PayPerRequest(Money.usd("0.004")), false));
        YearMonth apr = YearMonth.of(2025, 4);
        Invoice april = billing.billCustomer("test", customer, apr.atDay(1), apr.atEndOfMonth());

        // then: no adjustment for January, February or March
        assertThat(april.lines()).noneMatch(l -> l.kind() == LineKind.ADJUSTMENT);
    }

    @Test
    void runBilling_refusesWhileAnotherRunOfThePeriodIsGoing_andTakesOverOneThatWentSilent() {
        // given: a run of this period going on elsewhere (another portal, the CLI), its record just written
        Setup given = threeCustomersOnThreePlans(YearMonth.of(2026, 2));
        var store = new DynamoBillingRepository(dynamo, properties.tables().billing());
        Instant now = Instant.now();
        BillingRun elsewhere = BillingRun.started(given.start(), given.end(), 3, now);
        store.saveRun(elsewhere, now);

        // when
        Throwable refused = catchThrowable(() -> billing.runBilling("test", given.start(), given.end()));

        // then: refused with nothing written
        assertThat(refused).isInstanceOf(RunInProgressException.class)
                .satisfies(e -> assertThat(((RunInProgressException) e).code()).isEqualTo("run_in_progress"));
        assertThat(invoices.invoices(given.payPerRequest())).isEmpty();

        // when: the other run went silent (its process stopped) longer than BillingRun.SILENT_FOR ago
        Instant silentSince = now.minus(BillingRun.SILENT_FOR).minusSeconds(60);
        BillingRun silent = BillingRun.started(given.start(), given.end(), 3, silentSince);
        store.saveRun(silent, silentSince);
        BillingRuns.RunResult result = billing.runBilling("test", given.start(), given.end());
        BillingRun run = result.run();

        // then: this run takes the period over and completes it
        assertThat(run.status()).isEqualTo(BillingRun.Status.DONE);
        assertThat(invoices.invoices(given.payPerRequest())).hasSize(1);
        // and a run that was taken over can no longer write the period's record
        assertThat(store.saveClaimedRun(silent.progressed(List.of(), 1), Instant.now(), "the-silent-run")).isFalse();
        assertThat(billing.run(given.start(), given.end())).hasValueSatisfying(
                record -> assertThat(record.status()).isEqualTo(BillingRun.Status.DONE));
    }

    @Test
    void finalizeInvoice_refusesAPeriodThatHasNotEnded_andLeavesTheDraft() {
        // given: this month's draft, usage still coming in
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Plan plan = perCallPlan("open-" + unique, "0.002", false);
        String customer = customer(plan, LocalDate.of(2024, 1, 1));
        YearMonth thisMonth = YearMonth.now(ZoneOffset.UTC);
        usage.add(customer, DynamoUsageRepository.day(LocalDate.now(ZoneOffset.UTC)), Map.of("requests", 10L));
        billing.billCustomer("test", customer, thisMonth.atDay(1), thisMonth.atEndOfMonth());

        // when
        Throwable refused = catchThrowable(() -> invoices.finalizeInvoice("test", customer, thisMonth.atDay(1),
                thisMonth.atEndOfMonth()));

        // then
        assertThat(refused).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).code()).isEqualTo("period_not_ended"));
        assertThat(invoices.invoices(customer)).singleElement()
                .satisfies(invoice -> assertThat(invoice.status()).isEqualTo(InvoiceStatus.DRAFT));
    }

    @Test
    void finalizeInvoice_refusesWithMissingTokenPrice_whenLateUsageOfAnUnpricedModelWouldBeSettled() {
        // given: a token-charging customer; January finalized; February drafted; then late January calls to a model
        // without a price
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Plan plan = perCallPlan("late-tokens-" + unique, "0", true);
        String customer = customer(plan, LocalDate.of(2024, 1, 1));
        YearMonth jan = YearMonth.of(2024, 1);
        YearMonth feb = YearMonth.of(2024, 2);
        billing.billCustomer("test", customer, jan.atDay(1), jan.atEndOfMonth());
        invoices.finalizeInvoice("test", customer, jan.atDay(1), jan.atEndOfMonth());
        billing.billCustomer("test", customer, feb.atDay(1), feb.atEndOfMonth());
        seed(customer, jan.atDay(31), 3, "unpriced.late-" + unique, 300, 30);

        // when
        Throwable refused = catchThrowable(() -> invoices.finalizeInvoice("test", customer, feb.atDay(1),
                feb.atEndOfMonth()));

        // then
        assertThat(refused).isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "missing_token_price")
                .hasMessageContaining("unpriced.late-" + unique);
        assertThat(invoices.invoice(customer, feb.atDay(1), feb.atEndOfMonth()).orElseThrow().status())
                .isEqualTo(InvoiceStatus.DRAFT);
    }

    private String planOf(String customerId) {
        return catalogue.assignments(customerId).get(0).planId();
    }

    private static Money adjustment(Invoice invoice) {
        return invoice.lines().stream().filter(l -> l.kind() == LineKind.ADJUSTMENT).map(InvoiceLine::amount)
                .reduce(Money::plus).orElse(Money.usd("0"));
    }

    private record Setup(YearMonth month, String payPerRequest, String tiered, String subscription) {
        LocalDate start() {
            return month.atDay(1);
        }

        LocalDate end() {
            return month.atEndOfMonth();
        }

        List<String> customers() {
            return List.of(payPerRequest, tiered, subscription);
        }
    }

    private Setup threeCustomersOnThreePlans(YearMonth month) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String model = "test.model-" + unique;
        LocalDate planStart = LocalDate.of(2026, 1, 1);
        catalogue.setTokenPrice("test", new TokenPrice(model, planStart, Money.usd("3.00"), Money.usd("15.00")));

        Plan perRequest = catalogue.savePlan("test", new Plan("ppr-" + unique, "Pay per request",
                new PayPerRequest(Money.usd("0.002")), false));
        Plan tiered = catalogue.savePlan("test", new Plan("tiered-" + unique, "Graduated", new Tiered(List.of(
                Tier.upTo(1_000, Money.usd("0.01")), Tier.upTo(5_000, Money.usd("0.008")),
                Tier.beyond(Money.usd("0.005"))), TierMode.GRADUATED), false));
        Plan subscription = catalogue.savePlan("test", new Plan("sub-" + unique, "Subscription", new SubscriptionOverage(
                Money.usd("49.00"), 10_000, SubscriptionOverage.Unit.CALLS, Money.usd("0.004")), true));

        var setup = new Setup(month, customer(perRequest, planStart), customer(tiered, planStart),
                customer(subscription, planStart));
        seed(setup.payPerRequest(), month.atDay(3), 1_000, null, 0, 0);
        seed(setup.payPerRequest(), month.atDay(17), 500, null, 0, 0);
        seed(setup.tiered(), month.atDay(5), 4_000, null, 0, 0);
        seed(setup.tiered(), month.atDay(20), 2_500, null, 0, 0);
        seed(setup.subscription(), month.atDay(10), 8_000, model, 1_234_567, 345_678);
        seed(setup.subscription(), month.atDay(25), 4_001, model, 100_000, 20_000);
        return setup;
    }

    /** A pay-per-request plan at {@code price} a call, charging tokens too when asked. */
    private Plan perCallPlan(String id, String price, boolean chargesTokens) {
        return catalogue.savePlan("test", new Plan(id, "Per call", new PayPerRequest(Money.usd(price)), chargesTokens));
    }

    private String customer(Plan plan, LocalDate from) {
        String id = Customers.acme(customers).customer().id();
        catalogue.assignPlan("test", id, plan.id(), from);
        return id;
    }

    private void seed(String customerId, LocalDate date, long requests, String model, long input, long output) {
        Map<String, Long> counters = model == null ? Map.of("requests", requests) : Map.of(
                "requests", requests, "inputTokens", input, "outputTokens", output,
                DynamoUsageRepository.modelAttribute(model, "requests"), requests,
                DynamoUsageRepository.modelAttribute(model, "inputTokens"), input,
                DynamoUsageRepository.modelAttribute(model, "outputTokens"), output);
        usage.add(customerId, DynamoUsageRepository.day(date), counters);
    }

    private Invoice invoice(String customerId, Setup given) {
        return invoices.invoice(customerId, given.start(), given.end()).orElseThrow();
    }

    private Money total(String customerId, Setup given) {
        Money total = invoice(customerId, given).total();
        assertThat(total.amount().scale()).isEqualTo(2);
        assertThat(total.amount()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
        return total;
    }
}
