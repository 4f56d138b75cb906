package com.bedrockmeter.model.usage;

/** Where usage events go: files locally, stdout (CloudWatch Logs) in Lambda. */
public interface UsageEventSink {

    void publish(UsageEvent event);

    /** Blocks until every event published so far is written. */
    default void flush() {
    }
}
