package com.bedrockmeter.devtools;

import java.util.Arrays;
import java.util.Map;

/**
 * What a load generator measured in one run.
 *
 * @param lastByte        latency to the whole answer
 * @param firstByte       latency to the first byte of the body; null when the client cannot tell it (wrk)
 * @param failures        failed calls by what went wrong: counted, not timed
 * @param clientUserNanos CPU of a client outside this JVM (wrk), which the {@link CpuMeter} does not see; 0 for
 *                        the clients in this JVM, whose threads it reads
 */
record Measured(long calls, double seconds, Map<String, Long> failures, Run.Latency lastByte, Run.Latency firstByte,
                long clientUserNanos, long clientKernelNanos) {

    /** From per-call nanoseconds to the first body byte and to the last. */
    static Measured of(long[] firstByteNanos, long[] lastByteNanos, Map<String, Long> failures, double seconds) {
        return new Measured(lastByteNanos.length, seconds, failures, latency(lastByteNanos),
                latency(firstByteNanos), 0, 0);
    }

    private static Run.Latency latency(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Run.Latency(percentile(sorted, 50) / 1e3, percentile(sorted, 99) / 1e3);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
