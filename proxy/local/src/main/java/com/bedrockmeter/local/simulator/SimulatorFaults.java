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
 *
 * <p>Streams ({@code invoke-with-response-stream}) also follow their {@linkplain #streamPace pace}, break off
 * with an exception frame when {@linkplain #failStreamAfter told to}, and carry a field and an event type no SDK
 * models when {@linkplain #futureShapes asked}.
 */
public final class SimulatorFaults {

    private volatile long latencyNanos;
    private volatile boolean dropConnections;
    // Guarded by "this"; the volatile "armed" flag lets the fault-free path skip the lock.
    private volatile boolean armed;
    private int failNextRemaining;
    private String failNextType;
    private String failAlwaysType;
    private volatile long firstTokenNanos;
    private volatile int tokensPerSecond;
    private volatile int streamFailAfter = -1;
    private volatile String streamFailType;
    private volatile boolean futureShapes;

    SimulatorFaults() {
    }

    /**
     * Streams wait {@code firstToken} before their first text delta, then send {@code tokensPerSecond} deltas a
     * second (one token each); 0 sends them as fast as it can.
     */
    public SimulatorFaults streamPace(Duration firstToken, int tokensPerSecond) {
        this.firstTokenNanos = Math.max(0, firstToken.toNanos());
        this.tokensPerSecond = Math.max(0, tokensPerSecond);
        return this;
    }

    /** Streams send {@code deltas} text deltas, then the exception {@code exceptionType} (e.g. throttlingException). */
    public SimulatorFaults failStreamAfter(int deltas, String exceptionType) {
        requireErrorType(exceptionType);
        this.streamFailType = exceptionType;
        this.streamFailAfter = deltas;
        return this;
    }

    /**
     * Streams carry what no SDK models yet: a field {@code future_field} in {@code message_start} and an event of
     * type {@code futureEvent} before the first chunk (forward compatibility: a pass-through must hand both on).
     */
    public SimulatorFaults futureShapes(boolean on) {
        this.futureShapes = on;
        return this;
    }

    long firstTokenNanos() {
        return firstTokenNanos;
    }

    /** The pause between two tokens of a stream; 0 for as fast as it can. */
    long tokenIntervalNanos() {
        int perSecond = tokensPerSecond;
        return perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
    }

    int streamFailAfter() {
        return streamFailAfter;
    }

    String streamFailType() {
        return streamFailType;
    }

    boolean futureShapes() {
        return futureShapes;
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
        firstTokenNanos = 0;
        tokensPerSecond = 0;
        streamFailAfter = -1;
        streamFailType = null;
        futureShapes = false;
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
