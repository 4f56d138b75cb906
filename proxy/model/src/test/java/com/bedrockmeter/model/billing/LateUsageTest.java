package com.bedrockmeter.model.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Late usage of a finalized period: charged by what the usage now costs beyond the counters the invoice kept, once,
 * whatever happened to plans and prices since. Prices here: 0.01 per call ({@link #price}).
 */
class LateUsageTest {

    private static final String ACME = "acme";
    private static final YearMonth JAN = YearMonth.of(2026, 1);
    private static final YearMonth FEB = YearMonth.of(2026, 2);
    private static final YearMonth MAR = YearMonth.of(2026, 3);
    private final LateUsage lateUsage = new LateUsage();
    /** Each month's counters as they are now, as calls on the month's first day. */
    private final Map<YearMonth, Long> callsNow = new HashMap<>();

    @Test
    void adjustments_areEmpty_whenTheCountersAreWhatTheInvoiceKept() {
        // given
        Invoice jan = finalized(JAN, 1_000);
        callsNow.put(JAN, 1_000L);

        // when
        List<InvoiceLine> lines = adjustments(draft(FEB), jan);

        // then
        assertThat(lines).isEmpty();
    }

    @Test
    void adjustments_chargeWhatTheLateCallsCost_namingTheInvoiceTheyAdjust() {
        // given: 1,000 calls billed, 1,250 counted now
        Invoice jan = finalized(JAN, 1_000);
        callsNow.put(JAN, 1_250L);

        // when
        List<InvoiceLine> lines = adjustments(draft(FEB), jan);

        // then: 250 × 0.01 = 2.50
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(LineKind.ADJUSTMENT);
            assertThat(line.adjusts()).isEqualTo(jan.id());
            assertThat(line.amount()).isEqualTo(Money.usd("2.50"));
            assertThat(line.description()).contains("2026-01-01 to 2026-01-31");
        });
    }

    @Test
    void adjustments_countOnlyFinalizedAdjustmentsAsCharged() {
        // given: 250 late calls for January; February finalized carrying 2.50 for them; a March draft carrying them
        Invoice jan = finalized(JAN, 1_000);
        callsNow.put(JAN, 1_250L);
        Invoice febFinal = finalized(FEB, 0, Map.of(jan.id(), counters(JAN, 1_250)),
                InvoiceLine.adjustment(jan, Money.usd("2.50")));
        Invoice marDraft = Invoice.draft(draft(MAR, InvoiceLine.adjustment(jan, Money.usd("2.50"))), Instant.EPOCH,
                List.of(), Map.of(jan.id(), counters(JAN, 1_250)));

        // when
        List<InvoiceLine> onApril = adjustments(draft(YearMonth.of(2026, 4)), jan, febFinal, marDraft);
        List<InvoiceLine> onMarch = adjustments(draft(MAR), jan, febFinal, marDraft);

        // then: February's finalized adjustment counts, March's draft does not
        assertThat(onApril).isEmpty();
        assertThat(onMarch).isEmpty();
    }

    @Test
    void adjustments_chargeOnlyCallsBeyondTheLastFinalizedAdjustment_pricedByTodaysRules() {
        // given: January billed 1,000 calls; February (finalized) charged it up to 1,250; now 1,300 are counted
        Invoice jan = finalized(JAN, 1_000);
        Invoice febFinal = finalized(FEB, 0, Map.of(jan.id(), counters(JAN, 1_250)),
                InvoiceLine.adjustment(jan, Money.usd("2.50")));
        callsNow.put(JAN, 1_300L);

        // when
        List<InvoiceLine> onMarch = adjustments(draft(MAR), jan, febFinal);

        // then: 50 × 0.01 = 0.50
        assertThat(onMarch).extracting(InvoiceLine::amount).containsExactly(Money.usd("0.50"));
    }

    @Test
    void adjustments_goOnEveryOpenInvoice_untilOneIsFinalized() {
        // given: January finalized, February and March drafts, 100 late calls
        Invoice jan = finalized(JAN, 1_000);
        callsNow.put(JAN, 1_100L);
        Invoice febDraft = Invoice.draft(draft(FEB), Instant.EPOCH, List.of(), Map.of());

        // when
        List<InvoiceLine> onFebruary = adjustments(draft(FEB), jan, febDraft);
        List<InvoiceLine> onMarch = adjustments(draft(MAR), jan, febDraft);

        // then: both show it (finalizing computes it again, so only the first finalized keeps it)
        assertThat(onFebruary).extracting(InvoiceLine::amount).containsExactly(Money.usd("1.00"));
        assertThat(onMarch).extracting(InvoiceLine::amount).containsExactly(Money.usd("1.00"));
    }

    @Test
    void adjustments_areACredit_whenTheCountersWentDown() {
        Invoice jan = finalized(JAN, 1_000);
        callsNow.put(JAN, 900L);

        assertThat(adjustments(draft(FEB), jan)).extracting(InvoiceLine::amount)
                .containsExactly(Money.usd("-1.00"));
    }

    @Test
    void adjustments_ignorePeriodsBeyondTheLookback_andInvoicesWithoutKeptCounters() {
        // given: January ended more than 92 days before June; February was stored before counters were kept
        Invoice jan = finalized(JAN, 1_000);
        Invoice feb = finalized(FEB, 1_000);
        Invoice febWithoutCounters = new Invoice(feb.id(), feb.customerId(), feb.periodStart(), feb.periodEnd(),
                feb.status(), feb.currency(), feb.lines(), feb.subtotal(), feb.total(), feb.createdAt(),
                feb.finalizedAt());
        callsNow.put(JAN, 2_000L);
        callsNow.put(FEB, 2_000L);

        // when
        List<InvoiceLine> lines = adjustments(draft(YearMonth.of(2026, 6)), jan, febWithoutCounters);

        // then
        assertThat(lines).isEmpty();
    }

    private List<InvoiceLine> adjustments(InvoiceDraft current, Invoice... stored) {
        return lateUsage.adjustments(current, List.of(stored),
                p -> counters(YearMonth.from(p.periodStart()), callsNow.getOrDefault(YearMonth.from(p.periodStart()),
                        0L)),
                (start, end, usage) -> price(YearMonth.from(start), usage)).lines();
    }

    /** 0.01 per call. */
    private static InvoiceDraft price(YearMonth month, List<DailyUsage> usage) {
        long calls = usage.stream().mapToLong(d -> d.totals().requests()).sum();
        return draft(month, InvoiceLine.priced("calls", LineKind.CALLS, null, calls, Money.usd("0.01")));
    }

    private static List<DailyUsage> counters(YearMonth month, long calls) {
        return calls == 0 ? List.of()
                : List.of(new DailyUsage(month.atDay(1), new UsageTotals(calls, 0, 0, 0), Map.of()));
    }

    private static InvoiceDraft draft(YearMonth month, InvoiceLine... lines) {
        var all = new ArrayList<InvoiceLine>();
        all.add(new InvoiceLine("fee", LineKind.PLAN_FEE, null, BigDecimal.ONE, Money.usd("0"), Money.usd("0")));
        all.addAll(List.of(lines));
        return InvoiceDraft.of(ACME, month.atDay(1), month.atEndOfMonth(), Money.USD, all);
    }

    /** A finalized invoice that billed {@code calls} calls and kept them as its counters. */
    private static Invoice finalized(YearMonth month, long calls) {
        return finalized(month, calls, Map.of());
    }

    private static Invoice finalized(YearMonth month, long calls, Map<String, List<DailyUsage>> settled,
                                     InvoiceLine... extra) {
        InvoiceDraft priced = price(month, counters(month, calls));
        var lines = new ArrayList<>(priced.lines());
        lines.addAll(List.of(extra));
        InvoiceDraft draft = InvoiceDraft.of(ACME, month.atDay(1), month.atEndOfMonth(), Money.USD, lines);
        Invoice stored = Invoice.draft(draft, Instant.EPOCH, counters(month, calls), settled);
        return new Invoice(stored.id(), stored.customerId(), stored.periodStart(), stored.periodEnd(),
                InvoiceStatus.FINALIZED, stored.currency(), stored.lines(), stored.subtotal(), stored.total(),
                stored.createdAt(), Instant.parse("2026-11-02T09:00:00Z").plusSeconds(month.getMonthValue()),
                stored.usage(), stored.settled());
    }
}
