package com.bedrockmeter.portal.analytics;

import com.bedrockmeter.model.base.InvalidInputException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * What a dashboard shows: UTC days {@code from}..{@code to} (inclusive) and optionally one customer.
 *
 * @throws InvalidInputException {@code invalid_date_range} for a missing or reversed range or one longer than
 *         {@value #MAX_DAYS} days; {@code invalid_customer_id} for an id that is not one of ours
 */
public record AnalyticsQuery(LocalDate from, LocalDate to, String customerId) {

    public static final int MAX_DAYS = 731;
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public AnalyticsQuery {
        if (from == null || to == null || to.isBefore(from) || from.plusDays(MAX_DAYS - 1).isBefore(to)) {
            throw new InvalidInputException("invalid_date_range",
                    "Choose an end on or after the start, at most " + MAX_DAYS + " days later.");
        }
        if (customerId != null && customerId.isBlank()) {
            customerId = null;
        }
        if (customerId != null && !CUSTOMER_ID.matcher(customerId).matches()) {
            throw new InvalidInputException("invalid_customer_id", "'" + customerId + "' is not a customer id.");
        }
    }

    public static AnalyticsQuery allCustomers(LocalDate from, LocalDate to) {
        return new AnalyticsQuery(from, to, null);
    }
}
