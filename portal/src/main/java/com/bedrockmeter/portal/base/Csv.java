package com.bedrockmeter.portal.base;

/** The portal's CSV exports: RFC 4180 quoting, {@code \n} line ends. */
public final class Csv {

    private Csv() {
    }

    /**
     * Text typed by people (names, descriptions): as {@link #field}, and a leading {@code = + - @} or tab is
     * preceded by {@code '} so that a spreadsheet shows it instead of running it as a formula.
     */
    public static String text(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return field("'" + value);
        }
        return field(value);
    }

    /** A field holding a comma, quote or line break is quoted, its quotes doubled; null is empty. */
    public static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
