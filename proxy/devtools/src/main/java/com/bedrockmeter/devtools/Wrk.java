package com.bedrockmeter.devtools;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The load generator for calls that return one body: wrk from Debian (C, an event loop per thread, so it costs the
 * two shared cores little), POSTing a fixed body with {@code bench/post.lua}, whose {@code done()} prints the calls
 * and the p50/p99 latency (request written to response read, in microseconds). Its CPU is read from
 * {@code /proc/<pid>/stat} of the shell that waited for it (the children's times), so a run's CPU table has it.
 */
final class Wrk {

    private static final Pattern RESULT = Pattern.compile(
            "bench-result calls=(\\d+) micros=(\\d+) p50=(\\d+) p99=(\\d+) errors=(\\d+) status_errors=(\\d+)");

    private final Path wrk;
    private final Path script;

    Wrk(Path wrk, Path script) {
        this.wrk = wrk;
        this.script = script;
    }

    static Optional<Path> binary() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "wrk")).filter(Files::isExecutable).findFirst();
    }

    /**
     * @param seconds  how long wrk calls (it ends calls in flight with the run)
     * @param headers  extra request headers, {@code "Name: value"}
     * @return what wrk measured (its own CPU too); failures are connection errors, timeouts and statuses above 399
     */
    Measured run(URI url, Path body, List<String> headers, int connections, Duration seconds)
            throws IOException, InterruptedException {
        // Few threads: wrk shares the machine's two cores with everything it measures.
        int threads = Math.min(connections, 2);
        List<String> command = new ArrayList<>(List.of("sh", "-c",
                "\"$0\" \"$@\"; status=$?; cat /proc/$$/stat; exit $status", wrk.toString(),
                "-t", Integer.toString(threads), "-c", Integer.toString(connections),
                "-d", seconds.toSeconds() + "s", "--timeout", "10s", "-s", script.toString(), url.toString(),
                "--", body.toString()));
        command.addAll(headers);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        Matcher result = RESULT.matcher(output);
        String[] lines = output.strip().split("\n");
        if (status != 0 || !result.find()) {
            throw new IllegalStateException("wrk failed (exit " + status + "): " + output);
        }
        long[] cpu = CpuMeter.parseTimes(lines[lines.length - 1], true);
        return new Measured(Long.parseLong(result.group(1)), Long.parseLong(result.group(2)) / 1e6,
                failures(Long.parseLong(result.group(5)), Long.parseLong(result.group(6))),
                new Run.Latency(Long.parseLong(result.group(3)), Long.parseLong(result.group(4))), null,
                cpu[0], cpu[1]);
    }

    private static Map<String, Long> failures(long socket, long status) {
        Map<String, Long> failures = new TreeMap<>();
        if (socket > 0) {
            failures.put("socket errors and timeouts (wrk)", socket);
        }
        if (status > 0) {
            failures.put("status 400 or more (wrk)", status);
        }
        return failures;
    }
}
