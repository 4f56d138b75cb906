package com.bedrockmeter.proxy.base;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries, in the background, counter writes that are idempotent (a call's settlement or give-back, conditional on
 * its marker) but failed on the request path: the store was down for a moment. Each is tried again with a growing
 * pause until it succeeds or {@link #GIVE_UP_AFTER} has passed; what is left then (or at shutdown, or when a Lambda
 * instance is reclaimed) is repaired by {@code reconcile} from the usage events.
 */
public final class WriteRetries implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WriteRetries.class);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(15);
    private static final long FIRST_PAUSE_MS = 200;
    private static final long LONGEST_PAUSE_MS = 10_000;

    /** One write; it must change nothing when applied twice. */
    @FunctionalInterface
    public interface IdempotentWrite {
        void run();
    }

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "counter-write-retry");
        t.setDaemon(true);
        return t;
    });
    private final Set<IdempotentWrite> pending = ConcurrentHashMap.newKeySet();

    /** Tries {@code write} again later; {@code what} names it in the log if it never succeeds. */
    public void retry(IdempotentWrite write, String what) {
        pending.add(write);
        schedule(write, what, FIRST_PAUSE_MS, System.nanoTime() + GIVE_UP_AFTER.toNanos());
    }

    /** Writes waiting for their next try. */
    public int pending() {
        return pending.size();
    }

    private void schedule(IdempotentWrite write, String what, long pauseMs, long deadline) {
        try {
            scheduler.schedule(() -> attempt(write, what, pauseMs, deadline), pauseMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            pending.remove(write);
            log.error("Counter write not retried (shutting down): {}; 'reconcile' repairs it", what);
        }
    }

    private void attempt(IdempotentWrite write, String what, long pauseMs, long deadline) {
        try {
            write.run();
            pending.remove(write);
        } catch (RuntimeException e) {
            if (System.nanoTime() > deadline) {
                pending.remove(write);
                log.error("Counter write given up after {}: {} ({}); 'reconcile' repairs it", GIVE_UP_AFTER, what,
                        e.getMessage());
                return;
            }
            schedule(write, what, Math.min(LONGEST_PAUSE_MS, pauseMs * 2), deadline);
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        for (IdempotentWrite write : pending) {
            try {
                write.run();
            } catch (RuntimeException e) {
                log.error("Counter write lost at shutdown ({}); 'reconcile' repairs it", e.getMessage());
            }
        }
        pending.clear();
    }
}
