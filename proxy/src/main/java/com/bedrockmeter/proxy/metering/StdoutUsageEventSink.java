package com.bedrockmeter.proxy.metering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;

/**
 * In Lambda, one JSON line per call on stdout: CloudWatch Logs keeps it, and the analytics pipeline takes it from
 * there to S3. The line carries a marker field so that a metric filter can tell it from other log lines.
 */
public final class StdoutUsageEventSink implements UsageEventSink {

    private final ObjectMapper json;
    private final PrintStream out;

    public StdoutUsageEventSink(ObjectMapper json, PrintStream out) {
        this.json = json;
        this.out = out;
    }

    @Override
    public void publish(UsageEvent event) {
        try {
            out.println(json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A usage event always serialises", e);
        }
    }

    @Override
    public void flush() {
        out.flush();
    }
}
