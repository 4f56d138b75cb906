package com.bedrockmeter.model.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of money in one currency.
 *
 * <p>Rounding rule: line amounts keep their precision; the invoice total is rounded once, half-up to cents (to the
 * currency's default fraction digits, see {@link #roundedToCents()}). Nothing else in billing rounds.
 *
 * <p>Two amounts are equal when they are numerically equal in the same currency ({@code 10.0 USD} equals
 * {@code 10.00 USD}). Arithmetic and comparison across currencies throw {@link IllegalArgumentException}.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    public static final Currency USD = Currency.getInstance("USD");

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money usd(String amount) {
        return new Money(new BigDecimal(amount), USD);
    }

    public static Money usd(BigDecimal amount) {
        return new Money(amount, USD);
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money plus(Money other) {
        return new Money(amount.add(sameCurrency(other).amount), currency);
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(sameCurrency(other).amount), currency);
    }

    public Money times(long factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
    }

    public Money times(BigDecimal factor) {
        return new Money(amount.multiply(factor), currency);
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    /**
     * Rounds half-up to the currency's default fraction digits (2 for USD and EUR, 0 for JPY; 2 for currencies
     * without a default). Billing calls this once, for the invoice total.
     */
    public Money roundedToCents() {
        int digits = currency.getDefaultFractionDigits();
        return new Money(amount.setScale(digits < 0 ? 2 : digits, RoundingMode.HALF_UP), currency);
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(sameCurrency(other).amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money other && currency.equals(other.currency) && amount.compareTo(other.amount) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount.stripTrailingZeros(), currency);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }

    private Money sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(
                    "cannot mix currencies: " + currency.getCurrencyCode() + " and " + other.currency.getCurrencyCode());
        }
        return other;
    }

    /** Throws {@link IllegalArgumentException} naming {@code what} when {@code money} is null or negative. */
    static Money requireNonNegative(Money money, String what) {
        Objects.requireNonNull(money, what);
        if (money.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + money);
        }
        return money;
    }
}
