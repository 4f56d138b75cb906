package com.bedrockmeter.model.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application's clock in the tests: the system's, until a test sets it (a fresh minute, a grace period over)
 * instead of waiting for the wall clock. A test that sets it resets it afterwards; the context is shared.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    /** From now on the clock reads {@code instant}, until {@link #advance} or {@link #reset}. */
    public void set(Instant instant) {
        fixed.set(instant);
    }

    /** Moves a set clock forward, or sets it to the system's time plus {@code duration}. */
    public void advance(Duration duration) {
        fixed.set(instant().plus(duration));
    }

    /** Back to the system's time. */
    public void reset() {
        fixed.set(null);
    }

    @Override
    public Instant instant() {
        Instant set = fixed.get();
        return set != null ? set : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
