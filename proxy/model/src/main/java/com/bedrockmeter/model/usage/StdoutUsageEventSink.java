package com.bedrockmeter.model.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * In Lambda, one JSON line per call on stdout: CloudWatch Logs keeps it, and the analytics pipeline takes it from
 * there to S3. Filters tell it from other log lines by its fields ({@code requestId} and {@code customerId} both
 * present, see the template). The stream is looked up on every line, so a {@code System.setOut} (tests capturing
 * output) is followed.
 */
public final class StdoutUsageEventSink implements UsageEventSink {

    private final ObjectMapper json;
    private final Supplier<PrintStream> out;

    public StdoutUsageEventSink(ObjectMapper json, Supplier<PrintStream> out) {
        this.json = json;
        this.out = out;
    }

    @Override
    public void publish(UsageEvent event) {
        try {
            out.get().println(json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A usage event always serialises", e);
        }
    }

    @Override
    public void flush() {
        out.get().flush();
    }
}
