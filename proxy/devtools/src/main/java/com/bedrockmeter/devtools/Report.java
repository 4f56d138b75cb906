package com.bedrockmeter.devtools;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The benchmark's Markdown tables, as the README takes them, from the runs of one series (same pace, one run per
 * path and concurrency). "Added" is a row's latency minus its table's baseline
 * (the simulator called directly by the same client) at the same concurrency; "÷ hop" divides a row's added latency
 * or its throughput by the nginx hop's.
 */
final class Report {

    static final List<String> PARTS = List.of("client", "nginx", "proxy: request threads", "proxy: other",
            "simulator", "dynalite", CpuMeter.JIT, CpuMeter.JVM);

    private final List<Run> runs;

    Report(List<Run> runs) {
        this.runs = runs;
    }

    /** Every table, with what the README needs to read it. */
    static void print(Options options, List<Run> runs, List<Run> paced) {
        Report report = new Report(runs);
        System.out.printf("%nBedrock Meter benchmark, %s: %d cores, Java %s; each run %d s, after a warm-up "
                        + "(%d s of each path of the proxy at concurrency 16%s); zero model latency.%n%n",
                java.time.LocalDate.now(),
                Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), options.seconds().toSeconds(),
                options.warmUp().toSeconds(), options.quick() ? ""
                        : ", then rounds at concurrency 1 until the JIT is done with them");
        for (Targets.Table table : List.of(Targets.Table.CALLS, Targets.Table.STREAMS, Targets.Table.CONVERSE,
                Targets.Table.CONVERSE_STREAMS)) {
            if (!report.rows(table).isEmpty()) {
                System.out.println(introduction(table));
                System.out.println(report.table(table));
            }
        }
        if (!paced.isEmpty()) {
            System.out.println("Paced streams, concurrency 1 (the simulator sends a token every "
                    + 1000 / Benchmark.PACED_TOKENS_PER_SECOND + " ms): a hop that held frames back would add to the "
                    + "first byte what it adds to the last:\n");
            Report pacedReport = new Report(paced);
            for (Targets.Table table : List.of(Targets.Table.STREAMS, Targets.Table.CONVERSE_STREAMS)) {
                if (!pacedReport.rows(table).isEmpty()) {
                    System.out.println(pacedReport.table(table));
                }
            }
        }
        Goals goals = new Goals(runs);
        String passThrough = goals.passThrough("native /model/{id}/invoke");
        if (!passThrough.isEmpty()) {
            System.out.println("Issue 12's targets for the native pass-through (metering on):\n");
            System.out.println(passThrough);
        }
        String translation = goals.translation();
        if (!translation.isEmpty()) {
            System.out.println("Issue 13's target for the OpenAI API, the translation's overhead: p50 of `"
                    + Targets.CHAT_COMPLETIONS + "` minus p50 of `" + Targets.NATIVE_CONVERSE + "` (streamed: `"
                    + Targets.CHAT_COMPLETIONS_STREAM + "` minus `" + Targets.NATIVE_CONVERSE_STREAM + "`), "
                    + "at most " + (int) Goals.TRANSLATION_BUDGET_MICROS + " µs at concurrency 1:\n");
            System.out.println(translation);
        }
        System.out.println("CPU per call in microseconds, user (+ kernel); every part shares the machine's cores. "
                + "`client` is wrk (its process), the stream client's or the Java threads; `nginx` and `dynalite` "
                + "their processes; `jit` the JVM's compiler threads, `gc, vm` its GC and VM threads and threads that "
                + "ended, user and kernel (those, from /proc in ticks of 10 ms); `other processes` what else kept the "
                + "machine busy meanwhile (a row with much of it was disturbed):\n");
        System.out.println(report.cpu());
        List<Run> failed = java.util.stream.Stream.concat(runs.stream(), paced.stream()).filter(r -> r.failed() > 0)
                .toList();
        if (!failed.isEmpty()) {
            System.out.println("Failures:");
            failed.forEach(r -> System.out.printf("- %s, concurrency %d: %s%n", r.path(), r.concurrency(),
                    r.failures()));
        }
    }

    private static String introduction(Targets.Table table) {
        return switch (table) {
            case CALLS -> "Calls (`POST /model/{id}/invoke`; `/bedrock` takes the model id in the body), timed by "
                    + "wrk (1 thread at concurrency 1, else 2), request written to answer read:\n";
            case STREAMS -> "Streams (`POST /model/{id}/invoke-with-response-stream`; the simulator writes the "
                    + "answer's 16 event frames at once), timed by the benchmark's own client (non-blocking sockets, "
                    + "2 threads), from the request written to the read that brought the body's first byte (the first "
                    + "event frame) and its last:\n";
            case CONVERSE -> "Converse calls (`POST /model/{id}/converse`; `POST /v1/chat/completions`, which the "
                    + "proxy translates to Converse and whose answer it translates back to a `chat.completion`), "
                    + "timed by wrk as above:\n";
            case CONVERSE_STREAMS -> "Converse streams (`POST /model/{id}/converse-stream`, whose 15 event frames "
                    + "the simulator writes at once; `POST /v1/chat/completions` with `\"stream\": true`, which the "
                    + "proxy answers with server-sent `chat.completion.chunk` events as the frames arrive, then "
                    + "`data: [DONE]`), timed by the benchmark's own client to the body's first byte (the first event "
                    + "frame, or the first server-sent event) and to the end of the HTTP response:\n";
            case JAVA -> "";
        };
    }

    /** A table's rows: calls timed by wrk to the whole answer, or streams timed also to their first body byte. */
    String table(Targets.Table table) {
        return table.generator == Targets.LoadGenerator.STREAM_CLIENT ? streams(table) : calls(table);
    }

    /** Calls answered in one body, timed by wrk. */
    private String calls(Targets.Table table) {
        StringBuilder out = new StringBuilder("| path | concurrency | p50 µs | p99 µs | added p50 µs | added p99 µs "
                + "| added p50 ÷ hop | calls/s | calls/s ÷ hop | failures |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run run : rows(table)) {
            Run base = reference(run, run.table().baseline).orElse(run);
            Run hop = reference(run, run.table().hop).orElse(run);
            out.append(String.format("| %s | %d | %.0f | %.0f | %s | %s | %s | %.0f | %s | %d |%n", run.path(),
                    run.concurrency(), run.lastByte().p50(), run.lastByte().p99(),
                    added(run, base, r -> r.lastByte().p50()), added(run, base, r -> r.lastByte().p99()),
                    addedRatio(run, base, hop, r -> r.lastByte().p50()), run.perSecond(),
                    ratio(run.perSecond(), hop.perSecond()), run.failed()));
        }
        return out.toString();
    }

    /** Streamed answers, timed by the {@link StreamClient} to their first body byte and to their last. */
    private String streams(Targets.Table table) {
        StringBuilder out = new StringBuilder("| path | concurrency | first byte p50 µs | first byte p99 µs "
                + "| added first byte p50 µs | added first byte p99 µs | added first byte p50 ÷ hop | last byte p50 µs "
                + "| last byte p99 µs | added last byte p50 µs | streams/s | streams/s ÷ hop | failures |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run run : rows(table)) {
            Run base = reference(run, run.table().baseline).orElse(run);
            Run hop = reference(run, run.table().hop).orElse(run);
            out.append(String.format("| %s | %d | %.0f | %.0f | %s | %s | %s | %.0f | %.0f | %s | %.0f | %s | %d |%n",
                    run.path(), run.concurrency(), run.firstByte().p50(), run.firstByte().p99(),
                    added(run, base, r -> r.firstByte().p50()), added(run, base, r -> r.firstByte().p99()),
                    addedRatio(run, base, hop, r -> r.firstByte().p50()), run.lastByte().p50(),
                    run.lastByte().p99(), added(run, base, r -> r.lastByte().p50()), run.perSecond(),
                    ratio(run.perSecond(), hop.perSecond()), run.failed()));
        }
        return out.toString();
    }

    /** CPU per call by part, user (+ kernel), microseconds: what each part costs. */
    String cpu() {
        StringBuilder out = new StringBuilder("| path | concurrency | calls/s | p50 µs | ");
        PARTS.forEach(part -> out.append(part).append(" | "));
        out.append("total | other processes |\n|---|---|---|---|").append("---|".repeat(PARTS.size()))
                .append("---|---|\n");
        for (Run run : runs) {
            out.append(String.format("| %s | %d | %.0f | %.0f | ", run.path(), run.concurrency(), run.perSecond(),
                    run.lastByte().p50()));
            double total = 0;
            for (String part : PARTS) {
                // a thread's user and total time are read one after the other: a difference of ±1 µs is noise
                double user = Math.max(0, run.cpuPerCall(part));
                double kernel = Math.max(0, run.cpuPerCall(part + CpuMeter.KERNEL));
                total += user + kernel;
                out.append(kernel < 0.5 ? String.format("%.0f | ", user)
                        : String.format("%.0f (+%.0f) | ", user, kernel));
            }
            // what the machine was busy with beyond the parts: other processes, which skew that row
            double others = Math.max(0, run.cpuPerCall(CpuMeter.MACHINE) - total);
            out.append(String.format("%.0f | %.0f |%n", total, others));
        }
        return out.toString();
    }

    private List<Run> rows(Targets.Table table) {
        return runs.stream().filter(r -> r.table() == table).toList();
    }

    private Optional<Run> find(String path, int concurrency) {
        return runs.stream().filter(r -> r.path().equals(path) && r.concurrency() == concurrency).findFirst();
    }

    /** The reference run of the same concurrency. */
    private Optional<Run> reference(Run run, String path) {
        return path == null ? Optional.empty() : find(path, run.concurrency());
    }

    private static String added(Run run, Run base, Function<Run, Double> value) {
        return run == base ? "–" : String.format("%.0f", value.apply(run) - value.apply(base));
    }

    private static String addedRatio(Run run, Run base, Run hop, Function<Run, Double> value) {
        double hopAdded = value.apply(hop) - value.apply(base);
        if (run == base || hop == base || hopAdded <= 0) {
            return "–"; // nothing added, or no hop to compare with (its p50 at or below the baseline's)
        }
        return String.format("%.1f", (value.apply(run) - value.apply(base)) / hopAdded);
    }

    private static String ratio(double value, double hop) {
        return String.format("%.2f", value / hop);
    }
}
