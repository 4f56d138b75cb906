package com.bedrockmeter.proxy.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Where late usage of a finalized period is billed, and that it is billed once. */
class LateUsageTest {

    private static final String ACME = "acme";
    private static final YearMonth JAN = YearMonth.of(2026, 1);
    private static final YearMonth FEB = YearMonth.of(2026, 2);
    private static final YearMonth MAR = YearMonth.of(2026, 3);
    private final LateUsage lateUsage = new LateUsage();

    @Test
    void adjustments_areEmpty_whenTheFinalizedPeriodStillCostsWhatItBilled() {
        // given
        Invoice jan = finalized(JAN, "10.00");

        // when
        List<InvoiceLine> lines = lateUsage.adjustments(draft(FEB), List.of(jan), costs(Map.of(JAN, "10.00")));

        // then
        assertThat(lines).isEmpty();
    }

    @Test
    void adjustments_chargeTheDifference_whenLateUsageRaisedTheFinalizedPeriodsCost() {
        // given
        Invoice jan = finalized(JAN, "10.00");

        // when
        List<InvoiceLine> lines = lateUsage.adjustments(draft(FEB), List.of(jan), costs(Map.of(JAN, "10.125")));

        // then
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(LineKind.ADJUSTMENT);
            assertThat(line.adjusts()).isEqualTo(jan.id());
            assertThat(line.amount()).isEqualTo(Money.usd("0.125"));
            assertThat(line.description()).contains("2026-01-01 to 2026-01-31");
        });
    }

    @Test
    void adjustments_goOnTheEarliestOpenInvoiceOnly_whenTwoLaterPeriodsAreOpen() {
        // given: January finalized, February and March drafts
        Invoice jan = finalized(JAN, "10.00");
        Invoice febDraft = Invoice.draft(draft(FEB), Instant.EPOCH);
        var costs = costs(Map.of(JAN, "11.00"));

        // when
        List<InvoiceLine> onFebruary = lateUsage.adjustments(draft(FEB), List.of(jan, febDraft), costs);
        List<InvoiceLine> onMarch = lateUsage.adjustments(draft(MAR), List.of(jan, febDraft), costs);

        // then
        assertThat(onFebruary).extracting(InvoiceLine::amount).containsExactly(Money.usd("1.00"));
        assertThat(onMarch).isEmpty();
    }

    @Test
    void adjustments_countWhatAFinalizedAdjustmentAlreadyBilled_andExcludeTheFinalizedInvoicesOwnAdjustments() {
        // given: January billed 10.00, February carried 1.00 for it and was finalized; January now costs 11.50
        Invoice jan = finalized(JAN, "10.00");
        InvoiceLine carried = InvoiceLine.adjustment(jan, Money.usd("1.00"));
        Invoice feb = finalized(FEB, "5.00", carried);

        // when
        List<InvoiceLine> onMarch = lateUsage.adjustments(draft(MAR), List.of(jan, feb),
                costs(Map.of(JAN, "11.50", FEB, "5.00")));

        // then: 0.50 more for January; February's own usage (5.00) is unchanged, its carried line is not its usage
        assertThat(onMarch).singleElement().satisfies(line -> {
            assertThat(line.adjusts()).isEqualTo(jan.id());
            assertThat(line.amount()).isEqualTo(Money.usd("0.50"));
        });
    }

    @Test
    void adjustments_areACredit_whenTheFinalizedPeriodNowCostsLess() {
        // given
        Invoice jan = finalized(JAN, "10.00");

        // when
        List<InvoiceLine> lines = lateUsage.adjustments(draft(FEB), List.of(jan), costs(Map.of(JAN, "9.00")));

        // then
        assertThat(lines).extracting(InvoiceLine::amount).containsExactly(Money.usd("-1.00"));
    }

    @Test
    void adjustments_ignorePeriodsBeyondTheLookback() {
        // given: January is more than 92 days before June
        Invoice jan = finalized(JAN, "10.00");

        // when
        List<InvoiceLine> lines = lateUsage.adjustments(draft(YearMonth.of(2026, 6)), List.of(jan),
                costs(Map.of(JAN, "12.00")));

        // then
        assertThat(lines).isEmpty();
    }

    private static InvoiceDraft draft(YearMonth month, InvoiceLine... extra) {
        return draft(month, "0", extra);
    }

    private static InvoiceDraft draft(YearMonth month, String amount, InvoiceLine... extra) {
        var lines = new ArrayList<InvoiceLine>();
        lines.add(new InvoiceLine("calls", LineKind.CALLS, null, BigDecimal.ONE, Money.usd(amount),
                Money.usd(amount)));
        lines.addAll(List.of(extra));
        return InvoiceDraft.of(ACME, month.atDay(1), month.atEndOfMonth(), Money.USD, lines);
    }

    private static Invoice finalized(YearMonth month, String amount, InvoiceLine... extra) {
        Invoice draft = Invoice.draft(draft(month, amount, extra), Instant.EPOCH);
        return new Invoice(draft.id(), draft.customerId(), draft.periodStart(), draft.periodEnd(),
                InvoiceStatus.FINALIZED, draft.currency(), draft.lines(), draft.subtotal(), draft.total(),
                draft.createdAt(), Instant.parse("2026-11-02T09:00:00Z"));
    }

    /** Prices a stored invoice's period at the given cost (by month). */
    private static Function<Invoice, InvoiceDraft> costs(Map<YearMonth, String> byMonth) {
        return invoice -> {
            LocalDate start = invoice.periodStart();
            return draft(YearMonth.from(start), byMonth.get(YearMonth.from(start)));
        };
    }
}
