package com.bedrockmeter.devtools;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * CPU time by part (client, proxy, simulator, nginx, ...) between two snapshots: what each part of a benchmark run
 * costs per call, on a machine where every part shares the same cores. This JVM's threads are grouped by name;
 * the JVM's own (JIT compilers, GC, VM thread), which its MXBean does not list, and other processes (nginx, dynalite)
 * are read from {@code /proc/.../stat}, in ticks of 10 ms. A group's kernel time is kept apart, as
 * {@code "<group> (kernel)"}, except for the JVM's own threads.
 */
final class CpuMeter {

    static final String KERNEL = " (kernel)";
    /** Every core's busy time: what the run's parts do not account for is other processes' (or this machine's). */
    static final String MACHINE = "machine";
    static final String JIT = "jit";
    static final String JVM = "gc, vm";
    /** The names Linux gives the JVM's own threads (15 characters at most): compilers, GC, the VM thread. */
    private static final Pattern JVM_THREAD = Pattern.compile(
            "C[12] CompilerThre|GC Thread#\\d+|G1 .*|VM Thread|VM Periodic Tas");
    /** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every architecture the JDK runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Function<String, String> groupOf;
    private final Map<String, Supplier<List<Long>>> processes = new LinkedHashMap<>();

    CpuMeter(Function<String, String> groupOf) {
        this.groupOf = groupOf;
        threads.setThreadCpuTimeEnabled(true);
    }

    /** Counts the processes {@code pids} gives as {@code group} (asked at each snapshot: workers come and go). */
    void watch(String group, Supplier<List<Long>> pids) {
        processes.put(group, pids);
    }

    /** CPU nanoseconds by thread or process, each with its group. */
    Map<String, Sample> snapshot() {
        Map<String, Sample> out = new LinkedHashMap<>();
        long threadTotal = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            long user = threads.getThreadUserTime(info.getThreadId());
            if (cpu >= 0 && user >= 0) {
                String group = groupOf.apply(info.getThreadName());
                out.put("thread " + info.getThreadId(), new Sample(group, user));
                out.put("thread " + info.getThreadId() + KERNEL, new Sample(group + KERNEL, Math.max(0, cpu - user)));
                threadTotal += cpu;
            }
        }
        // The JVM's own threads, which the MXBean does not list: found by their names in /proc
        long jvmThreads = 0;
        for (Map.Entry<String, long[]> thread : jvmThreads().entrySet()) {
            long[] times = thread.getValue();
            String group = thread.getKey().startsWith("C") ? JIT : JVM;
            out.put("task " + thread.getKey(), new Sample(group, times[0] + times[1]));
            jvmThreads += times[0] + times[1];
        }
        // What no thread accounts for: threads that ended (rounded to ticks, the JVM's threads' times add noise)
        out.put("ended", new Sample(JVM, processCpu() - threadTotal - jvmThreads));
        out.put(MACHINE, new Sample(MACHINE, machineBusy()));
        processes.forEach((group, pids) -> {
            for (long pid : pids.get()) {
                long[] times = processTimes(pid);
                if (times != null) {
                    out.put("process " + pid, new Sample(group, times[0]));
                    out.put("process " + pid + KERNEL, new Sample(group + KERNEL, times[1]));
                }
            }
        });
        return out;
    }

    /** User and kernel nanoseconds of each of the JVM's own threads, by name and thread id. */
    private static Map<String, long[]> jvmThreads() {
        Map<String, long[]> out = new LinkedHashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (JVM_THREAD.matcher(name).matches()) {
                        out.put(name + " " + task.getFileName(), parseTimes(stat, false));
                    }
                } catch (IOException ended) {
                    // the thread ended while being listed
                }
            }
        } catch (IOException e) {
            // not Linux: the JVM's threads stay in the residual
        }
        return out;
    }

    /**
     * CPU nanoseconds by group between two snapshots: threads and processes started in between count from zero; what
     * this JVM's threads that ended in between used after the first snapshot is in {@link #JVM} (the process's time
     * keeps it, no thread does).
     */
    static Map<String, Long> between(Map<String, Sample> before, Map<String, Sample> after) {
        Map<String, Long> out = new LinkedHashMap<>();
        after.forEach((id, sample) -> {
            long start = before.containsKey(id) ? before.get(id).nanos() : 0;
            out.merge(sample.group(), sample.nanos() - start, Long::sum);
        });
        before.forEach((id, sample) -> {
            if (!after.containsKey(id) && !id.startsWith("process ")) {
                out.merge(JVM, -sample.nanos(), Long::sum); // what it had used before is not this interval's
            }
        });
        return out;
    }

    /**
     * User and kernel nanoseconds of a process from {@code /proc/<pid>/stat} (fields 14 and 15; 16 and 17 with
     * {@code children}: what its waited-for children used); null once it is gone.
     */
    static long[] processTimes(long pid) {
        try {
            return parseTimes(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), false);
        } catch (IOException e) {
            return null;
        }
    }

    /** The times of a {@code /proc/<pid>/stat} line: the process's own, or its waited-for children's. */
    static long[] parseTimes(String stat, boolean children) {
        // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        int user = children ? 13 : 11; // field 16 or 14, counted from field 3
        return new long[] {Long.parseLong(fields[user]) * NANOS_PER_TICK,
                Long.parseLong(fields[user + 1]) * NANOS_PER_TICK};
    }

    /** The machine's busy time ({@code /proc/stat}: user, nice, system, irq, softirq, steal), all cores. */
    private static long machineBusy() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(cpu[field]);
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    record Sample(String group, long nanos) {
    }
}
