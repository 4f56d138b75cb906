package com.bedrockmeter.cli;

import com.bedrockmeter.model.base.Ids;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.customer.Tokens;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks and converts flag values before anything touches the store. Every refusal is an
 * {@link InvalidInputException} (exit code 1) whose message names the flag. A token is never echoed.
 */
final class CliValues {

    static final int MAX_USAGE_DAYS = 366;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    private CliValues() {
    }

    /** A strict ISO date, YYYY-MM-DD (no 2023-02-30, no 2023-4-1). */
    static LocalDate date(String flag, String value) {
        String clean = value.strip();
        try {
            if (DATE.matcher(clean).matches()) {
                return LocalDate.parse(clean);
            }
        } catch (DateTimeException e) {
            // reported below
        }
        throw new InvalidInputException("invalid_date",
                "--" + flag + " must be a date written YYYY-MM-DD, got '" + value + "'");
    }

    /** Both dates included; at most {@value #MAX_USAGE_DAYS} days. */
    static void dateRange(LocalDate start, LocalDate end) {
        if (end.isBefore(start)) {
            throw new InvalidInputException("invalid_date_range",
                    "--end-date " + end + " is before --start-date " + start);
        }
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        if (days > MAX_USAGE_DAYS) {
            throw new InvalidInputException("invalid_date_range", "The range from --start-date " + start
                    + " to --end-date " + end + " has " + days + " days; at most " + MAX_USAGE_DAYS + " are allowed");
        }
    }

    /** A limit: a non-negative integer up to {@link Limits#MAX}, or null for 'unlimited'/'none'. */
    static Long limit(String flag, String value) {
        String clean = value.strip().toLowerCase(Locale.ROOT);
        if (clean.equals("unlimited") || clean.equals("none")) {
            return null;
        }
        if (DIGITS.matcher(clean).matches()) {
            try {
                long limit = Long.parseLong(clean);
                if (limit <= Limits.MAX) {
                    return limit;
                }
            } catch (NumberFormatException e) {
                // too large, reported below
            }
            throw new InvalidInputException("invalid_limit",
                    "--" + flag + " must be at most " + Limits.MAX + " (or 'unlimited'), got '" + value + "'");
        }
        throw new InvalidInputException("invalid_limit",
                "--" + flag + " must be a non-negative integer or 'unlimited', got '" + value + "'");
    }

    /** {@code 24h}, {@code 30m}, {@code 90s}, {@code 2d}, {@code 0} or ISO-8601 ({@code PT24H}); 0 to 30 days. */
    static Duration gracePeriod(String flag, String value) {
        String clean = value.strip();
        Duration grace = parseDuration(clean);
        if (grace == null) {
            throw new InvalidInputException("invalid_grace_period", "--" + flag
                    + " must be a duration such as 24h, 30m, 90s, 2d, 0 or PT24H, got '" + value + "'");
        }
        if (grace.isNegative() || grace.compareTo(ApiKeyService.MAX_GRACE) > 0) {
            throw new InvalidInputException("invalid_grace_period", "--" + flag + " must be between 0 and "
                    + ApiKeyService.MAX_GRACE.toDays() + "d, got '" + value + "'");
        }
        return grace;
    }

    private static Duration parseDuration(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher shortForm = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return value.matches("-?[Pp].*") ? Duration.parse(value) : null;
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    /** A caller-supplied token, if given: must be strong ({@link Tokens#requireStrong}). */
    static Optional<String> token(String flag, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Tokens.requireStrong(value));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.code(), "--" + flag + ": " + e.getMessage());
        }
    }

    /** A customer id must at least be non-blank; unknown ids are reported by the store lookup. */
    static String customerId(String value) {
        String clean = value.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException("invalid_customer_id", "--customer-id must not be empty");
        }
        return clean;
    }

    private static final int MAX_DECIMAL_TEXT = 40;

    /** A price: a decimal read with {@code new BigDecimal} (e.g. 0.002, 49, 1.5E-3), never negative. */
    static BigDecimal price(String flag, String value) {
        BigDecimal price = decimal(flag, value, "invalid_price");
        if (price.signum() < 0) {
            throw new InvalidInputException("invalid_price", "--" + flag + " must not be negative, got '" + value + "'");
        }
        return price;
    }

    /** A decimal read with {@code new BigDecimal}, of any sign. */
    static BigDecimal decimal(String flag, String value, String code) {
        String clean = value.strip();
        try {
            if (!clean.isEmpty() && clean.length() <= MAX_DECIMAL_TEXT) {
                BigDecimal decimal = new BigDecimal(clean);
                if (Math.abs(decimal.scale()) <= 30) {
                    return decimal;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(code, "--" + flag + " must be a decimal number such as 0.002, got '"
                + value + "'");
    }

    /** A whole count: a non-negative integer. */
    static long count(String flag, String value) {
        String clean = value.strip();
        if (DIGITS.matcher(clean).matches()) {
            try {
                return Long.parseLong(clean);
            } catch (NumberFormatException e) {
                // too large, reported below
            }
        }
        throw new InvalidInputException("invalid_count", "--" + flag + " must be a non-negative integer, got '"
                + value + "'");
    }

    /** true/false (a switch given without a value is true). */
    static boolean bool(String flag, String value) {
        String clean = value.strip().toLowerCase(Locale.ROOT);
        return switch (clean) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new InvalidInputException("invalid_boolean",
                    "--" + flag + " takes no value, or true/false, got '" + value + "'");
        };
    }

    /** A plan id: 1 to 64 letters, digits, '_', '.' or '-'. */
    static String planId(String flag, String value) {
        String clean = value.strip();
        if (!Ids.PLAN_ID.matcher(clean).matches()) {
            throw new InvalidInputException("invalid_plan_id", "--" + flag
                    + " must be 1 to 64 letters, digits, '_', '.' or '-', got '" + value + "'");
        }
        return clean;
    }

    /** A non-blank text. */
    static String text(String flag, String value, String code) {
        String clean = value.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException(code, "--" + flag + " must not be empty");
        }
        return clean;
    }

    /** Human form of a duration: 2d, 24h, 1h 30m, 90s → 1m 30s, or 0s (days only for whole days from 2 on). */
    static String human(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long hours = duration.toHours();
        boolean wholeDays = hours >= 48 && duration.equals(Duration.ofDays(duration.toDays()));
        StringBuilder text = new StringBuilder();
        append(text, wholeDays ? duration.toDays() : 0, "d");
        append(text, wholeDays ? 0 : hours, "h");
        append(text, duration.toMinutesPart(), "m");
        append(text, duration.toSecondsPart(), "s");
        return text.toString().strip();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount > 0) {
            text.append(' ').append(amount).append(unit);
        }
    }
}
