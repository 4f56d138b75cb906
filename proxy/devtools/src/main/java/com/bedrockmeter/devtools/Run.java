package com.bedrockmeter.devtools;

import java.util.Map;

/**
 * One row of the benchmark: a path at one concurrency.
 *
 * @param table     the table it belongs to: its references (direct, nginx hop) are that table's
 * @param lastByte  latency to the whole answer, microseconds
 * @param firstByte latency to the first byte of the body (streams; null when the client cannot tell it)
 * @param cpu       CPU nanoseconds by part ({@link CpuMeter} groups), the client's included
 */
record Run(String path, Targets.Table table, int concurrency, long calls, double seconds,
           Map<String, Long> failures, Latency lastByte, Latency firstByte, Map<String, Long> cpu) {

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    double perSecond() {
        return calls / seconds;
    }

    /** CPU microseconds per call of a part. */
    double cpuPerCall(String group) {
        return cpu.getOrDefault(group, 0L) / 1e3 / Math.max(1, calls);
    }

    /** p50 and p99 in microseconds. */
    record Latency(double p50, double p99) {
    }
}
