package com.bedrockmeter.model.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locally, usage events go to {@code <root>/dt=YYYY-MM-DD/events-<process>.jsonl} (the day of the event, UTC), the
 * same Hive-style layout the AWS pipeline writes to S3, so DuckDB and Athena read them with the same SQL.
 * One writer thread appends in batches, off the request path; {@link #close()} drains the queue.
 */
public final class FileUsageEventSink implements UsageEventSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileUsageEventSink.class);
    private static final Object STOP = new Object();

    private final ObjectMapper json;
    private final Path root;
    private final String fileName;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread writer;

    public FileUsageEventSink(ObjectMapper json, Path root) {
        this.json = json;
        this.root = root;
        this.fileName = "events-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + Long.toHexString(System.nanoTime()) + ".jsonl";
        this.writer = new Thread(this::run, "usage-event-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    @Override
    public void publish(UsageEvent event) {
        queue.add(event);
    }

    @Override
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(done);
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Usage events were not written in time", e);
        }
    }

    @Override
    public void close() {
        queue.add(STOP);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch);
            } catch (InterruptedException e) {
                return;
            }
            boolean stop = false;
            List<CompletableFuture<?>> waiting = new ArrayList<>();
            List<UsageEvent> events = new ArrayList<>();
            for (Object item : batch) {
                if (item == STOP) {
                    stop = true;
                } else if (item instanceof CompletableFuture<?> future) {
                    waiting.add(future);
                } else {
                    events.add((UsageEvent) item);
                }
            }
            batch.clear();
            try {
                write(events);
            } catch (RuntimeException e) {
                log.error("Could not write {} usage events under {}", events.size(), root, e);
            }
            waiting.forEach(f -> f.complete(null));
            if (stop) {
                return;
            }
        }
    }

    private void write(List<UsageEvent> events) {
        LocalDate currentDay = null;
        BufferedWriter out = null;
        try {
            for (UsageEvent event : events) {
                LocalDate day = LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC);
                if (!day.equals(currentDay)) {
                    if (out != null) {
                        out.close();
                    }
                    Path dir = root.resolve("dt=" + day);
                    Files.createDirectories(dir);
                    out = Files.newBufferedWriter(dir.resolve(fileName), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    currentDay = day;
                }
                out.write(json.writeValueAsString(event));
                out.write('\n');
            }
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
