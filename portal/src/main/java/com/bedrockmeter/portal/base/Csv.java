package com.bedrockmeter.portal.base;

import java.io.IOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The portal's CSV exports, written by Apache Commons CSV: RFC 4180 (a field is quoted when it must be, its quotes
 * doubled), {@code \n} line ends, a header row. What Commons CSV does not do is neutralise formulas: {@link #text}.
 */
public final class Csv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setRecordSeparator('\n')
            .setQuoteMode(QuoteMode.MINIMAL)
            .setNullString("")
            .get();

    private Csv() {
    }

    /** A printer that has written {@code header} (comma-separated names) to {@code out}. */
    public static CSVPrinter printer(Appendable out, String header) throws IOException {
        return new CSVPrinter(out, FORMAT.builder().setHeader(header.split(",")).get());
    }

    /**
     * Text typed by people (names, descriptions, model ids): a leading {@code = + - @}, tab or carriage return is
     * preceded by {@code '} so that a spreadsheet shows it instead of running it as a formula; null stays null
     * (an empty field).
     */
    public static String text(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
