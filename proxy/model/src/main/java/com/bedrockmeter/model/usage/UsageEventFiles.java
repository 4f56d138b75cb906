package com.bedrockmeter.model.usage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads usage events back from the partitioned layout both pipelines write: {@code <root>/dt=YYYY-MM-DD/*.jsonl}
 * locally, and the same with {@code .jsonl.gz} in the S3 bucket (copy the {@code usage/} prefix down with
 * {@code aws s3 sync} to read it here). A line that is not an event is skipped and counted, as the analytics
 * tables skip it.
 */
public final class UsageEventFiles {

    private final Path root;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private long skippedLines;

    public UsageEventFiles(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Lines of the files read so far that were not events. */
    public long skippedLines() {
        return skippedLines;
    }

    /** Every event of the partitions {@code from} to {@code to} (both included), in no particular order. */
    public void read(LocalDate from, LocalDate to, Consumer<UsageEvent> each) {
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Path partition = root.resolve("dt=" + day);
            if (!Files.isDirectory(partition)) {
                continue;
            }
            for (Path file : files(partition)) {
                readFile(file, each);
            }
        }
    }

    private static List<Path> files(Path partition) {
        try (Stream<Path> files = Files.list(partition)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")
                    || f.getFileName().toString().endsWith(".jsonl.gz")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readFile(Path file, Consumer<UsageEvent> each) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<UsageEvent> events = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    UsageEvent event = json.readValue(line, UsageEvent.class);
                    if (event.customerId() == null || event.timestamp() == null) {
                        skippedLines++;
                    } else {
                        events.add(event);
                    }
                } catch (IOException malformed) {
                    skippedLines++;
                }
            }
            events.forEach(each);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
