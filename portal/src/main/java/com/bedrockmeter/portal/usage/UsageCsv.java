package com.bedrockmeter.portal.usage;

import static com.bedrockmeter.portal.base.Csv.text;

import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import com.bedrockmeter.portal.base.Csv;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;

/**
 * Usage per (UTC day, model) as the usage page lists it and as CSV ({@link Csv}). Pure: it
 * formats only the days it is given, so whose usage it holds is decided by whoever fetched them.
 */
public final class UsageCsv {

    /** Cache columns last, so that readers of the earlier six columns read them where they were. */
    public static final String HEADER = "date,model,requests,input_tokens,output_tokens,errors,cache_read_tokens,"
            + "cache_write_tokens";

    /** One model's usage on one day. */
    public record Row(LocalDate date, String model, UsageTotals totals) {
    }

    private UsageCsv() {
    }

    /**
     * One row per (day, model), by date then model. Only per-model counters are used: a day's calls still in flight
     * (counted at admission, attributed to a model when they finish) are left out until they finish, so the rows, their
     * sum and the CSV always agree.
     */
    public static List<Row> rows(List<DailyUsage> days) {
        return days.stream()
                .flatMap(day -> day.byModel().entrySet().stream()
                        .map(model -> new Row(day.date(), model.getKey(), model.getValue())))
                .sorted(Comparator.comparing(Row::date).thenComparing(Row::model))
                .toList();
    }

    /** Writes the header and one line per {@link #rows(List) row}; does not close {@code out}. */
    public static void write(List<DailyUsage> days, Writer out) throws IOException {
        CSVPrinter csv = Csv.printer(out, HEADER);
        for (Row row : rows(days)) {
            UsageTotals t = row.totals();
            csv.printRecord(row.date(), text(row.model()), t.requests(), t.inputTokens(), t.outputTokens(),
                    t.errors(), t.cacheReadTokens(), t.cacheWriteTokens());
        }
        csv.flush();
    }

    public static String toCsv(List<DailyUsage> days) {
        StringWriter out = new StringWriter();
        try {
            write(days, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw
        }
        return out.toString();
    }
}
