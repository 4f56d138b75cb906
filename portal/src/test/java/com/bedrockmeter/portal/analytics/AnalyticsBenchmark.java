package com.bedrockmeter.portal.analytics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Times each dashboard query on DuckDB over generated usage-event files (1 million and 10 million events by default,
 * over 31 days and 500 customers), against a baseline in the same run: a plain count of the same files
 * ({@code SELECT COUNT(*) ... WHERE dt BETWEEN ? AND ?}), the least any query over them can cost.
 *
 * <p>A development tool, in the portal's test sources so that the portal's jar never ships it; the README gives
 * the command ({@code -Dexec.args="[--events 1000000,10000000] [--runs 3] [--threads 2] [--dir <directory>]
 * [--keep]"}). Prints one table per size: median and best of the runs
 * (after one warm-up), and the median's ratio to the baseline's.
 */
public final class AnalyticsBenchmark {

    private static final long SEED = 20261128;
    private static final int CUSTOMERS = 500;
    private static final LocalDate FIRST = LocalDate.of(2026, 10, 1);
    private static final int DAYS = 31;
    private static final String BASELINE = "SELECT COUNT(*) AS calls FROM usage_events WHERE dt BETWEEN ? AND ?";

    private AnalyticsBenchmark() {
    }

    /** @return the process exit code */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        PrintStream out = System.out;
        List<Long> sizes = List.of(1_000_000L, 10_000_000L);
        int runs = 3;
        int threads = Runtime.getRuntime().availableProcessors();
        Path dir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> sizes = Arrays.stream(args[++i].split(",")).map(String::strip).map(Long::valueOf)
                        .toList();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("Unknown option " + args[i]
                            + " (known: --events N,M  --runs N  --threads N  --dir DIR  --keep)");
                    return 2;
                }
            }
        }
        out.printf(Locale.ROOT, "Analytics benchmark: DuckDB, %d threads, %d timed runs after 1 warm-up, "
                + "%d customers over %d days%n", threads, runs, CUSTOMERS, DAYS);
        for (long size : sizes) {
            Path root = dir != null ? dir.resolve("events-" + size) : temporary();
            try {
                bench(out, root, size, runs, threads);
            } finally {
                if (!keep) {
                    delete(root);
                }
            }
        }
        return 0;
    }

    private static void bench(PrintStream out, Path root, long size, int runs, int threads) {
        long started = System.nanoTime();
        SyntheticUsage.write(root, SEED, size, CUSTOMERS, FIRST, DAYS);
        Duration generated = Duration.ofNanos(System.nanoTime() - started);
        out.printf(Locale.ROOT, "%n%,d events, %,d MB of JSON lines under %s (written in %.1f s)%n", size,
                bytes(root) / 1_000_000, root, generated.toMillis() / 1000.0);
        DuckDbEngine engine = new DuckDbEngine(root, threads, "4GB");
        UsageDashboards dashboards = new UsageDashboards(engine);
        AnalyticsQuery all = AnalyticsQuery.allCustomers(FIRST, FIRST.plusDays(DAYS - 1));
        AnalyticsQuery one = new AnalyticsQuery(all.from(), all.to(), SyntheticUsage.customerId(SEED, 0));
        AnalyticsQuery week = AnalyticsQuery.allCustomers(FIRST, FIRST.plusDays(6));
        var cases = new ArrayList<Case>();
        cases.add(new Case("baseline: count of all events", () -> engine.run(BASELINE,
                List.of(all.from().toString(), all.to().toString())).rows().size()));
        cases.add(new Case("calls per customer per day", () -> dashboards.callsPerCustomerPerDay(all).size()));
        cases.add(new Case("usage by customer per month", () -> dashboards.usageByCustomerPerMonth(all).size()));
        cases.add(new Case("usage trend", () -> dashboards.usageTrend(all).size()));
        cases.add(new Case("most active customers (top 10)", () -> dashboards.mostActiveCustomers(all, 10).size()));
        cases.add(new Case("usage trend, one customer", () -> dashboards.usageTrend(one).size()));
        cases.add(new Case("usage trend, first 7 days", () -> dashboards.usageTrend(week).size()));
        out.printf(Locale.ROOT, "  %-34s %10s %10s %8s %6s%n", "query", "median s", "best s", "x base", "rows");
        double baseline = 0;
        for (Case c : cases) {
            int rows = c.query().get();
            List<Long> times = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                c.query().get();
                times.add(System.nanoTime() - t0);
            }
            times.sort(Comparator.naturalOrder());
            double median = times.get(times.size() / 2) / 1e9;
            double best = times.get(0) / 1e9;
            if (baseline == 0) {
                baseline = median;
            }
            out.printf(Locale.ROOT, "  %-34s %10.3f %10.3f %8.2f %6d%n", c.name(), median, best, median / baseline,
                    rows);
        }
    }

    private record Case(String name, Supplier<Integer> query) {
    }

    private static Path temporary() {
        try {
            return Files.createTempDirectory("bedrock-meter-analytics-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long bytes(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
