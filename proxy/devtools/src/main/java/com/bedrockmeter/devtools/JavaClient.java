package com.bedrockmeter.devtools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls made from this JVM's threads, one thread per concurrent call: for what only Java can call (the proxy's own
 * {@code BedrockRuntimeClient}, the {@code sdk} row) and its baseline with the JDK's HTTP client. Such a client
 * costs more CPU than wrk, so these rows are compared with each other only.
 */
final class JavaClient {

    /** One call; true when it succeeded. */
    @FunctionalInterface
    interface Call {
        boolean call() throws Exception;
    }

    private JavaClient() {
    }

    static Measured run(ExecutorService threads, Call call, int concurrency, Duration duration) throws Exception {
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        AtomicLong failures = new AtomicLong();
        List<Future<Longs>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(threads.submit(() -> {
                Longs latencies = new Longs();
                for (long t0 = System.nanoTime(); t0 < deadline; t0 = System.nanoTime()) {
                    boolean ok;
                    try {
                        ok = call.call();
                    } catch (Exception e) {
                        ok = false; // e.g. a connection reset in a keep-alive race: a failed call, not the end
                    }
                    if (ok) {
                        latencies.add(System.nanoTime() - t0);
                    } else {
                        failures.incrementAndGet();
                    }
                }
                return latencies;
            }));
        }
        Longs all = new Longs();
        for (Future<Longs> worker : workers) {
            all.addAll(worker.get());
        }
        long[] latencies = all.values();
        return Measured.of(latencies, latencies, failures.get() == 0 ? Map.of()
                : Map.of("failed or threw", failures.get()), (System.nanoTime() - started) / 1e9);
    }
}
