package com.bedrockmeter.portal.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageCsvTest {

    private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
    private static final LocalDate JAN_2 = LocalDate.of(2026, 1, 2);

    @Test
    void toCsv_quotesAModelIdWithAComma() {
        // given
        List<DailyUsage> days = List.of(day(JAN_1, Map.of("acme,model", new UsageTotals(2, 20, 5, 1))));

        // when
        String csv = UsageCsv.toCsv(days);

        // then
        assertThat(csv).isEqualTo("date,model,requests,input_tokens,output_tokens,errors,cache_read_tokens,cache_write_tokens\n"
                + "2026-01-01,\"acme,model\",2,20,5,1,0,0\n");
    }

    @Test
    void toCsv_keepsAModelIdThatLooksLikeAFormula_fromRunningInASpreadsheet() {
        // given: a model id is whatever a caller sent as modelId
        List<DailyUsage> days = List.of(day(JAN_1, Map.of("=HYPERLINK(\"http://evil\")", new UsageTotals(1, 0, 0, 1))));

        // when
        String csv = UsageCsv.toCsv(days);

        // then
        assertThat(csv.lines().skip(1).findFirst().orElseThrow())
                .isEqualTo("2026-01-01,\"'=HYPERLINK(\"\"http://evil\"\")\",1,0,0,1,0,0");
    }

    @Test
    void toCsv_doublesQuotes_andQuotesLineBreaks_inAField() {
        // given
        List<DailyUsage> days = List.of(day(JAN_1, Map.of("say \"hi\"", new UsageTotals(1, 0, 0, 0),
                "two\nlines", new UsageTotals(1, 0, 0, 0), "cr\rmodel", new UsageTotals(1, 0, 0, 0))));

        // when
        String csv = UsageCsv.toCsv(days);

        // then
        assertThat(csv).isEqualTo(UsageCsv.HEADER + "\n"
                + "2026-01-01,\"cr\rmodel\",1,0,0,0,0,0\n"
                + "2026-01-01,\"say \"\"hi\"\"\",1,0,0,0,0,0\n"
                + "2026-01-01,\"two\nlines\",1,0,0,0,0,0\n");
    }

    @Test
    void toCsv_listsOneLinePerDayAndModel_byDateThenModel_withNewlineLineEnds() {
        // given: days and models out of order
        List<DailyUsage> days = List.of(
                day(JAN_2, Map.of("b-model", new UsageTotals(1, 10, 1, 0))),
                day(JAN_1, Map.of("b-model", new UsageTotals(3, 30, 3, 0), "a-model", new UsageTotals(4, 40, 4, 2))));

        // when
        String csv = UsageCsv.toCsv(days);

        // then
        assertThat(csv).doesNotContain("\r").isEqualTo(UsageCsv.HEADER + "\n"
                + "2026-01-01,a-model,4,40,4,2,0,0\n"
                + "2026-01-01,b-model,3,30,3,0,0,0\n"
                + "2026-01-02,b-model,1,10,1,0,0,0\n");
    }

    @Test
    void toCsv_isOnlyTheHeader_whenThereIsNoUsage() {
        assertThat(UsageCsv.toCsv(List.of())).isEqualTo(UsageCsv.HEADER + "\n");
    }

    @Test
    void rows_leaveOutADaysCallsNotYetAttributedToAModel() {
        // given: a day with calls in flight only
        List<DailyUsage> days = List.of(new DailyUsage(JAN_1, new UsageTotals(2, 0, 0, 0), Map.of()));

        // when / then
        assertThat(UsageCsv.rows(days)).isEmpty();
    }

    private static DailyUsage day(LocalDate date, Map<String, UsageTotals> byModel) {
        UsageTotals total = byModel.values().stream().reduce(UsageTotals.ZERO, UsageTotals::plus);
        return new DailyUsage(date, total, byModel);
    }

    @Test
    void toCsv_givesPromptCacheTokensColumnsOfTheirOwn_afterTheEarlierColumns() {
        // given
        List<DailyUsage> days = List.of(day(JAN_1, Map.of("claude", new UsageTotals(2, 20, 5, 0, 900, 300))));

        // when
        String csv = UsageCsv.toCsv(days);

        // then
        assertThat(csv).isEqualTo(UsageCsv.HEADER + "\n" + "2026-01-01,claude,2,20,5,0,900,300\n");
    }
}
