package com.bedrockmeter.devtools;

import java.util.Arrays;

/** A growing array of longs: no boxing on a load generator's path, so that its own garbage stays small. */
final class Longs {

    private long[] values = new long[1024];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    void addAll(Longs other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    long[] values() {
        return Arrays.copyOf(values, size);
    }
}
