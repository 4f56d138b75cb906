package com.bedrockmeter.proxy.metering;

import com.bedrockmeter.proxy.base.StoreHealth;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces additive counter updates (tokens, per-model counts, errors) and writes them every flush interval as
 * one {@code ADD} per customer and period, instead of one per call: counters only ever add, so the sum written is
 * exactly the sum of the calls. This is what lets one store serve hundreds of calls a second; admission writes,
 * which decide limits, never go through here.
 *
 * <p>A flush that fails puts its deltas back for the next one, so nothing is lost while the process lives;
 * {@link #close()} flushes what is left. With a zero interval (Lambda, whose instances freeze between calls) every
 * update is written at once by the caller.
 */
public final class CounterBuffer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CounterBuffer.class);

    private record Key(String customerId, String period) {
    }

    private final DynamoUsageRepository counters;
    private final Duration interval;
    private final AtomicReference<ConcurrentHashMap<Key, ConcurrentHashMap<String, LongAdder>>> pending =
            new AtomicReference<>(new ConcurrentHashMap<>());
    private final ScheduledExecutorService flusher;
    private final StoreHealth store;

    public CounterBuffer(DynamoUsageRepository counters, Duration interval, StoreHealth store) {
        this.counters = counters;
        this.store = store;
        this.interval = interval;
        if (interval.isZero()) {
            this.flusher = null;
        } else {
            this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "counter-flush");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flushQuietly, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Adds the deltas to the counters of one customer and period, now or at the next flush. */
    public void add(String customerId, String period, Map<String, Long> deltas) {
        if (flusher == null) {
            counters.add(customerId, period, deltas);
            return;
        }
        // Another thread may swap the map between get() and the merge; the merge then lands in the old map,
        // which that thread's flush has already taken: guard by retrying until the map we wrote to is current.
        while (true) {
            ConcurrentHashMap<Key, ConcurrentHashMap<String, LongAdder>> map = pending.get();
            ConcurrentHashMap<String, LongAdder> item = map.computeIfAbsent(new Key(customerId, period),
                    k -> new ConcurrentHashMap<>());
            synchronized (item) {
                if (pending.get() == map) {
                    deltas.forEach((name, delta) -> item.computeIfAbsent(name, n -> new LongAdder()).add(delta));
                    return;
                }
            }
        }
    }

    /** Writes everything buffered so far; throws if a write fails (the deltas stay buffered). */
    public synchronized void flush() {
        ConcurrentHashMap<Key, ConcurrentHashMap<String, LongAdder>> taken = pending.getAndSet(new ConcurrentHashMap<>());
        RuntimeException failure = null;
        for (Map.Entry<Key, ConcurrentHashMap<String, LongAdder>> entry : taken.entrySet()) {
            Map<String, Long> deltas = new HashMap<>();
            synchronized (entry.getValue()) {
                entry.getValue().forEach((name, sum) -> deltas.put(name, sum.sum()));
            }
            try {
                counters.add(entry.getKey().customerId(), entry.getKey().period(), deltas);
            } catch (RuntimeException e) {
                add(entry.getKey().customerId(), entry.getKey().period(), deltas);
                store.markDown(e);
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Usage counters not written yet, retrying in {}: {}", interval, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown();
            try {
                flush();
            } catch (RuntimeException e) {
                log.error("Usage counters lost at shutdown: {}", e.getMessage());
            }
        }
    }
}
