package com.bedrockmeter.local.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults that a {@link BedrockSimulator} injects into the InvokeModel requests it receives.
 *
 * <p>Thread-safe; every setting can be changed at any time while the simulator serves requests.
 * Faults apply only to requests that reached the InvokeModel route ({@code POST /model/{id}/invoke}),
 * after the request was counted in {@link BedrockSimulator#invocations()}, in this order:
 * <ol>
 *   <li>{@linkplain #latency(Duration) latency} is waited out;</li>
 *   <li>if {@linkplain #dropConnections(boolean) connections are dropped}, the connection is closed
 *       without any response;</li>
 *   <li>otherwise a pending {@linkplain #failNext(int, String) failNext} failure is consumed, or the
 *       {@linkplain #failAlways(String) failAlways} error is answered;</li>
 *   <li>otherwise the request is validated and answered normally.</li>
 * </ol>
 * Error types are Bedrock runtime error names such as {@code ThrottlingException}; the HTTP status is
 * the one Bedrock uses for that type (an unknown type answers 500).
 */
public final class SimulatorFaults {

    private volatile long latencyNanos;
    private volatile boolean dropConnections;
    // Guarded by "this"; the volatile "armed" flag lets the fault-free path skip the lock.
    private volatile boolean armed;
    private int failNextRemaining;
    private String failNextType;
    private String failAlwaysType;

    SimulatorFaults() {
    }

    /** Adds {@code latency} before answering every InvokeModel request (zero or negative: none). */
    public SimulatorFaults latency(Duration latency) {
        Objects.requireNonNull(latency, "latency");
        this.latencyNanos = latency.isNegative() ? 0 : latency.toNanos();
        return this;
    }

    /** The latency currently added to every InvokeModel request. */
    public Duration latency() {
        return Duration.ofNanos(latencyNanos);
    }

    /**
     * Makes the next {@code count} InvokeModel requests answer with the Bedrock error {@code errorType}
     * (e.g. {@code ThrottlingException}). Replaces any earlier {@code failNext}; {@code count <= 0}
     * cancels it. Takes precedence over {@link #failAlways(String)} while requests remain.
     */
    public synchronized SimulatorFaults failNext(int count, String errorType) {
        requireErrorType(errorType);
        failNextRemaining = Math.max(0, count);
        failNextType = failNextRemaining > 0 ? errorType : null;
        rearm();
        return this;
    }

    /** Makes every InvokeModel request answer with the Bedrock error {@code errorType}, until {@link #clear()}. */
    public synchronized SimulatorFaults failAlways(String errorType) {
        requireErrorType(errorType);
        failAlwaysType = errorType;
        rearm();
        return this;
    }

    /**
     * When {@code true}, every InvokeModel request is read and counted, then its connection is closed
     * without a response (a broken or unreachable upstream as the client sees it).
     */
    public SimulatorFaults dropConnections(boolean drop) {
        this.dropConnections = drop;
        return this;
    }

    /** Whether connections are currently dropped. */
    public boolean dropConnections() {
        return dropConnections;
    }

    /** Removes every fault: no latency, no failures, no dropped connections. */
    public synchronized SimulatorFaults clear() {
        latencyNanos = 0;
        dropConnections = false;
        failNextRemaining = 0;
        failNextType = null;
        failAlwaysType = null;
        rearm();
        return this;
    }

    long latencyNanos() {
        return latencyNanos;
    }

    /** The error type the current request must answer with, consuming one {@code failNext}; or null. */
    String nextFailure() {
        if (!armed) {
            return null;
        }
        synchronized (this) {
            if (failNextRemaining > 0) {
                String type = failNextType;
                if (--failNextRemaining == 0) {
                    failNextType = null;
                    rearm();
                }
                return type;
            }
            return failAlwaysType;
        }
    }

    private void rearm() {
        armed = failNextRemaining > 0 || failAlwaysType != null;
    }

    private static void requireErrorType(String errorType) {
        if (errorType == null || errorType.isBlank()) {
            throw new IllegalArgumentException("errorType must be a Bedrock error name, e.g. ThrottlingException");
        }
    }
}
