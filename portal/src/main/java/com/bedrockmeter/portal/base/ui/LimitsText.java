package com.bedrockmeter.portal.base.ui;

import com.bedrockmeter.model.customer.Limits;
import java.text.NumberFormat;
import java.util.Locale;

/** A customer's limits in words, the same on every screen that shows them. */
public final class LimitsText {

    private static final NumberFormat NUMBERS = NumberFormat.getIntegerInstance(Locale.US);

    private LimitsText() {
    }

    /** E.g. "100 calls a day, 10 calls a minute and 1,000,000 tokens a month". */
    public static String describe(Limits limits) {
        return part(limits.dailyRequests(), "calls a day") + ", " + part(limits.requestsPerMinute(), "calls a minute")
                + " and " + part(limits.monthlyTokens(), "tokens a month");
    }

    private static String part(Long limit, String unit) {
        return limit == null ? "unlimited " + unit : NUMBERS.format(limit) + " " + unit;
    }
}
