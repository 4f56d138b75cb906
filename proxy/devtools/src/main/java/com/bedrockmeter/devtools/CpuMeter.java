package com.bedrockmeter.devtools;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this JVM's threads by group (client, proxy, simulator, ...), between two snapshots: what each part of a
 * benchmark run costs per call, on a machine where every part shares the same cores.
 */
final class CpuMeter {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Function<String, String> groupOf;

    CpuMeter(Function<String, String> groupOf) {
        this.groupOf = groupOf;
        threads.setThreadCpuTimeEnabled(true);
    }

    /** CPU nanoseconds per thread id, with the thread's group. */
    Map<Long, Sample> snapshot() {
        Map<Long, Sample> out = new LinkedHashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            long user = threads.getThreadUserTime(info.getThreadId());
            if (cpu >= 0 && user >= 0) {
                String group = groupOf.apply(info.getThreadName());
                out.put(info.getThreadId(), new Sample(group, user));
                out.put(-2 - info.getThreadId(), new Sample(group + " (kernel)", Math.max(0, cpu - user)));
            }
        }
        out.put(-1L, new Sample("jvm (gc, jit)", processCpu() - out.values().stream().mapToLong(Sample::nanos).sum()));
        return out;
    }

    /** CPU nanoseconds by group between two snapshots (threads started in between count from zero). */
    static Map<String, Long> between(Map<Long, Sample> before, Map<Long, Sample> after) {
        Map<String, Long> out = new LinkedHashMap<>();
        after.forEach((id, sample) -> {
            long start = before.containsKey(id) ? before.get(id).nanos() : 0;
            out.merge(sample.group(), sample.nanos() - start, Long::sum);
        });
        return out;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    record Sample(String group, long nanos) {
    }
}
