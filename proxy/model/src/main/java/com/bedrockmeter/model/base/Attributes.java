package com.bedrockmeter.model.base;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing DynamoDB attribute values in the persistence adapters. */
public final class Attributes {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Attributes() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /**
     * Fixed-width ISO-8601 in UTC with milliseconds, so that stored timestamps compare correctly as strings in
     * conditions and sort keys ({@link Instant#toString()} drops trailing zeros and would not).
     */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    public static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.valueOf(value.n());
    }

    public static long count(Map<String, AttributeValue> item, String name) {
        Long value = number(item, name);
        return value == null ? 0 : value;
    }

    public static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : Instant.parse(value);
    }

    public static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value instanceof String text) {
            item.put(name, s(text));
        } else if (value instanceof Long number) {
            item.put(name, n(number));
        } else if (value instanceof Instant instant) {
            item.put(name, s(timestamp(instant)));
        } else if (value != null) {
            throw new IllegalArgumentException("Unsupported attribute type " + value.getClass());
        }
    }
}
