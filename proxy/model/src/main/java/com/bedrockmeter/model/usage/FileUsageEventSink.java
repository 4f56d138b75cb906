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
 * One writer thread appends in batches, off the request path, to the day's file it keeps open (flushed after each
 * batch); {@link #close()} drains the queue and closes it.
 */
public final class FileUsageEventSink implements UsageEventSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileUsageEventSink.class);
    private static final Object STOP = new Object();

    private final ObjectMapper json;
    private final Path root;
    private final String fileName;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** The writer thread's open file: its day, path and stream. */
    private LocalDate openDay;
    private Path openFile;
    private BufferedWriter out;

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
                closeQuietly();
                return;
            }
        }
    }

    private void write(List<UsageEvent> events) {
        try {
            for (UsageEvent event : events) {
                writerFor(LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC)).write(json.writeValueAsString(event));
                out.write('\n');
            }
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The day's file, kept open between batches (opening and closing it for each batch cost more CPU than writing
     * the events); opened anew when the day changes or the file was removed (a reader that cleans up).
     */
    private BufferedWriter writerFor(LocalDate day) throws IOException {
        if (out != null && day.equals(openDay) && Files.exists(openFile)) {
            return out;
        }
        closeQuietly();
        Path dir = root.resolve("dt=" + day);
        Files.createDirectories(dir);
        openFile = dir.resolve(fileName);
        out = Files.newBufferedWriter(openFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        openDay = day;
        return out;
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                log.warn("Could not close {}: {}", openFile, e.toString());
            }
            out = null;
            openDay = null;
        }
    }
}
