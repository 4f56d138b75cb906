package com.bedrockmeter.model.base;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * An AWS SDK call that goes through everything but the network (marshalling, endpoint resolution, credentials,
 * signing) and is stopped just before it would be sent. {@link SnapStartPriming} rehearses the calls of the request
 * path this way, so that their classes are loaded before the SnapStart snapshot with nothing read, written or billed.
 * Every client the proxy builds carries this interceptor; it acts only on requests marked with {@link #mark}.
 */
public final class Rehearsal implements ExecutionInterceptor {

    private static final ExecutionAttribute<Boolean> MARK = new ExecutionAttribute<>("BedrockMeterRehearsal");

    /** Marks a request as a rehearsal: {@code .overrideConfiguration(Rehearsal::mark)}. */
    public static void mark(AwsRequestOverrideConfiguration.Builder request) {
        request.putExecutionAttribute(MARK, Boolean.TRUE);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(MARK))) {
            throw new Stopped();
        }
    }

    /**
     * Runs a marked call.
     *
     * @return true when it was stopped before being sent, as a rehearsal must be; false when it failed earlier (or,
     *         were the request not marked, when it went out)
     */
    public static boolean stoppedBeforeSending(Runnable markedCall) {
        try {
            markedCall.run();
            return false;
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Stopped) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("Rehearsal: stopped before sending", null, false, false);
        }
    }
}
