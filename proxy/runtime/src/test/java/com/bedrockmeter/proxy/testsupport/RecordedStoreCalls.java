package com.bedrockmeter.proxy.testsupport;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every DynamoDB operation and table the SDK clients of the test JVM call (a global interceptor, listed in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} of the test resources), so that a test can
 * compare what the code really calls with what the IAM role grants.
 */
public final class RecordedStoreCalls implements ExecutionInterceptor {

    private static final Set<String> CALLS = new ConcurrentSkipListSet<>();

    /** Forgets what was recorded so far. */
    public static void clear() {
        CALLS.clear();
    }

    /** {@code <table>:<operation>} of every DynamoDB call since {@link #clear()}. */
    public static Set<String> calls() {
        return new TreeSet<>(CALLS);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!"DynamoDB".equalsIgnoreCase(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return;
        }
        String table = context.request().getValueForField("TableName", String.class).orElse("*");
        String index = context.request().getValueForField("IndexName", String.class).map(i -> "/index/" + i)
                .orElse("");
        CALLS.add(table + index + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
