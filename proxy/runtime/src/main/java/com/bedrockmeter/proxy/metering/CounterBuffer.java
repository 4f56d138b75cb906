package com.bedrockmeter.proxy.metering;

import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.base.DynamoCalls;
import com.bedrockmeter.proxy.base.StoreHealth;
import com.bedrockmeter.model.base.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
 * <p>Exactly once: each write carries this buffer's writer id and a sequence number
 * ({@link DynamoUsageRepository#addOnce}), and the writes to one item are applied strictly in sequence order. A
 * write that failed (refused, or timed out after the store applied it) stays at the head of its item's queue and is
 * retried with the same sequence until the store answers, which it does by applying it or by saying it was applied;
 * later additions for that item wait behind it, merged into one. Nothing is lost while the process lives and
 * nothing is counted twice; {@link #close()} flushes what is left.
 *
 * <p>With a zero interval (Lambda, whose instances freeze between calls) every update is written at once by the
 * caller, one at a time (a Lambda instance serves one call at a time); one that cannot be written stays queued for
 * the next call, and the caller gets a {@link StoreUnavailableException}.
 */
public final class CounterBuffer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CounterBuffer.class);

    private record Key(String customerId, String period) {
    }

    /** One write: its sequence is fixed once attempted, so a retry is recognised by the store. */
    private static final class Write {
        final long sequence;
        final Map<String, Long> deltas;
        boolean attempted;

        Write(long sequence, Map<String, Long> deltas) {
            this.sequence = sequence;
            this.deltas = new HashMap<>(deltas);
        }

        void merge(Map<String, Long> more) {
            more.forEach((name, delta) -> deltas.merge(name, delta, Long::sum));
        }
    }

    private final DynamoUsageRepository counters;
    private final Duration interval;
    private final AtomicReference<ConcurrentHashMap<Key, ConcurrentHashMap<String, LongAdder>>> pending =
            new AtomicReference<>(new ConcurrentHashMap<>());
    /** Writes taken from {@link #pending} and not yet known to be applied, per item in sequence order. */
    private final Map<Key, ArrayDeque<Write>> queued = new LinkedHashMap<>();
    private final ScheduledExecutorService flusher;
    private final StoreHealth store;
    /**
     * Made at the first write, never before: a SnapStart snapshot is taken before any call is written, so each
     * restored clone makes its own (under the Lambda Web Adapter no restore hook reaches the process).
     */
    private String writerId;
    private long sequence;

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
            synchronized (this) {
                Key key = new Key(customerId, period);
                enqueue(key, deltas);
                RuntimeException failure = drain();
                if (queued.containsKey(key)) {
                    throw failure != null ? failure
                            : new StoreUnavailableException(new IllegalStateException("an earlier write is unresolved"));
                }
            }
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

    /** Writes everything buffered so far; throws if a write fails (it stays queued, with its sequence). */
    public synchronized void flush() {
        ConcurrentHashMap<Key, ConcurrentHashMap<String, LongAdder>> taken = pending.getAndSet(new ConcurrentHashMap<>());
        for (Map.Entry<Key, ConcurrentHashMap<String, LongAdder>> entry : taken.entrySet()) {
            Map<String, Long> deltas = new HashMap<>();
            synchronized (entry.getValue()) {
                entry.getValue().forEach((name, sum) -> deltas.put(name, sum.sum()));
            }
            enqueue(entry.getKey(), deltas);
        }
        RuntimeException failure = drain();
        if (failure != null) {
            throw failure;
        }
    }

    /** Writes not yet known to be applied (0 once the store has answered them all). */
    public synchronized int unresolvedWrites() {
        return queued.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /**
     * A new writer id: a SnapStart restore clones the process, and two clones must not share a writer's
     * sequence. Called after a restore; the queue is empty then (nothing is written before the snapshot).
     */
    public synchronized void renewWriterId() {
        writerId = null;
        sequence = 0;
    }

    private void enqueue(Key key, Map<String, Long> deltas) {
        if (deltas.values().stream().allMatch(d -> d == 0)) {
            return;
        }
        ArrayDeque<Write> writes = queued.computeIfAbsent(key, k -> new ArrayDeque<>());
        Write last = writes.peekLast();
        if (last != null && !last.attempted) {
            last.merge(deltas); // never sent: safe to grow
        } else {
            writes.addLast(new Write(++sequence, deltas));
        }
    }

    /** Sends each item's writes in order; an item stops at its first failure. Returns the last failure. */
    private RuntimeException drain() {
        RuntimeException failure = null;
        for (Iterator<Map.Entry<Key, ArrayDeque<Write>>> items = queued.entrySet().iterator(); items.hasNext(); ) {
            Map.Entry<Key, ArrayDeque<Write>> item = items.next();
            ArrayDeque<Write> writes = item.getValue();
            while (!writes.isEmpty()) {
                Write write = writes.peekFirst();
                write.attempted = true;
                try {
                    if (writerId == null) {
                        writerId = newWriterId();
                    }
                    counters.addOnce(item.getKey().customerId(), item.getKey().period(), write.deltas, writerId,
                            write.sequence);
                    writes.removeFirst();
                } catch (RuntimeException e) {
                    if (DynamoCalls.isPermanent(e)) {
                        // retrying cannot help and would hold back this item (and mark the store down) for good
                        log.error("Usage counters {} of customer {} refused by the store, not retried: {} ({});"
                                + " 'reconcile' repairs them from the usage events", item.getKey().period(),
                                item.getKey().customerId(), write.deltas, e.getMessage());
                        writes.removeFirst();
                        continue;
                    }
                    store.markDown(e);
                    failure = e;
                    break;
                }
            }
            if (writes.isEmpty()) {
                items.remove();
            }
        }
        return failure;
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Usage counters not written yet, retrying in {}: {}", interval, e.getMessage());
        } catch (Throwable e) { // anything thrown here would cancel every later flush
            log.error("Usage counter flush failed; retrying in {}", interval, e);
        }
    }

    private static String newWriterId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdown();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.error("Usage counters lost at shutdown ({} writes unresolved; 'reconcile' repairs them from the "
                    + "usage events): {}", unresolvedWrites(), e.getMessage());
        }
    }
}
