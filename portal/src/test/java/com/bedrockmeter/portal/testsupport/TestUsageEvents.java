package com.bedrockmeter.portal.testsupport;

import com.bedrockmeter.portal.analytics.SyntheticUsage;
import com.bedrockmeter.model.usage.UsageEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The usage-event files the portal's analytics read in tests: one directory per test JVM, filled on first use with
 * {@value #COUNT} generated events over {@value #DAYS} days from {@link #FIRST}, deleted when the JVM exits.
 */
public final class TestUsageEvents {

    public static final long SEED = 7;
    public static final int COUNT = 3_000;
    public static final int CUSTOMERS = 15;
    public static final LocalDate FIRST = LocalDate.of(2026, 9, 20);
    public static final int DAYS = 20;

    private static Path directory;

    private TestUsageEvents() {
    }

    public static synchronized Path directory() {
        if (directory == null) {
            try {
                directory = Files.createTempDirectory("bedrock-meter-usage-test");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SyntheticUsage.write(directory, SEED, COUNT, CUSTOMERS, FIRST, DAYS);
            Path root = directory;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root), "usage-events-delete"));
        }
        return directory;
    }

    /** The events in {@link #directory()}, as generated. */
    public static List<UsageEvent> events() {
        return SyntheticUsage.events(SEED, COUNT, CUSTOMERS, FIRST, DAYS);
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: nothing else to do
        }
    }
}
