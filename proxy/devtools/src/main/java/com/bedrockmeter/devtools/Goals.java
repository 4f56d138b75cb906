package com.bedrockmeter.devtools;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The issues' targets, met or not, in one run: issue 12's for the native pass-through (latency added at concurrency
 * 1, throughput against the nginx hop at 16) and issue 13's for the OpenAI API (what translating a chat completion
 * to Converse and back adds over the native Converse route).
 */
final class Goals {

    /** Issue 13: the translation may add this much to the p50 at concurrency 1, buffered and to the first byte. */
    static final double TRANSLATION_BUDGET_MICROS = 500;

    private final List<Run> runs;

    Goals(List<Run> runs) {
        this.runs = runs;
    }

    /** Issue 12's targets for the native pass-through. */
    String passThrough(String path) {
        StringBuilder out = new StringBuilder();
        find(path, 1).ifPresent(run -> find(run.table().baseline, 1).ifPresent(base -> {
            double added = run.lastByte().p50() - base.lastByte().p50();
            out.append(String.format("- %s, concurrency 1: added p50 %.0f µs (target ≤ 250 µs: %s)%n", path, added,
                    added <= 250 ? "met" : "not met"));
        }));
        find(path, 16).ifPresent(run -> find(run.table().hop, 16).ifPresent(hop -> {
            double share = run.perSecond() / hop.perSecond();
            out.append(String.format("- %s, concurrency 16: %.0f calls/s, %.2f × the nginx hop's %.0f "
                    + "(target ≥ 0.35: %s)%n", path, run.perSecond(), share, hop.perSecond(),
                    share >= 0.35 ? "met" : "not met"));
        }));
        return out.toString();
    }

    /**
     * Issue 13's: the chat completion's p50 minus the native Converse route's, buffered (wrk, the whole answer) and
     * streamed (to the first byte; the last byte beside it), at each concurrency measured; the target is for 1.
     */
    String translation() {
        StringBuilder out = new StringBuilder();
        int[] measured = runs.stream().mapToInt(Run::concurrency).distinct().sorted().toArray();
        if (measured.length > 0 && measured[0] != 1) {
            out.append("- concurrency 1 not measured (--quick): no verdict\n");
        }
        for (int concurrency : measured) {
            Optional<Double> buffered = overhead(Targets.CHAT_COMPLETIONS, Targets.NATIVE_CONVERSE, concurrency,
                    r -> r.lastByte().p50());
            Optional<Double> first = overhead(Targets.CHAT_COMPLETIONS_STREAM, Targets.NATIVE_CONVERSE_STREAM,
                    concurrency, r -> r.firstByte().p50());
            Optional<Double> last = overhead(Targets.CHAT_COMPLETIONS_STREAM, Targets.NATIVE_CONVERSE_STREAM,
                    concurrency, r -> r.lastByte().p50());
            buffered.ifPresent(micros -> out.append(String.format("- buffered, concurrency %d: %.0f µs%s%n",
                    concurrency, micros, verdict(concurrency, micros))));
            first.ifPresent(micros -> out.append(String.format("- streamed, first byte, concurrency %d: %.0f µs%s"
                    + "; last byte: %.0f µs%n", concurrency, micros, verdict(concurrency, micros), last.get())));
        }
        return out.toString();
    }

    private Optional<Double> overhead(String translated, String nativeRoute, int concurrency,
                                      Function<Run, Double> p50) {
        return find(translated, concurrency).flatMap(chat -> find(nativeRoute, concurrency)
                .map(converse -> p50.apply(chat) - p50.apply(converse)));
    }

    private static String verdict(int concurrency, double micros) {
        return concurrency != 1 ? "" : String.format(" (target ≤ %.0f µs: %s)", TRANSLATION_BUDGET_MICROS,
                micros <= TRANSLATION_BUDGET_MICROS ? "PASS" : "MISS");
    }

    private Optional<Run> find(String path, int concurrency) {
        return path == null ? Optional.empty()
                : runs.stream().filter(r -> r.path().equals(path) && r.concurrency() == concurrency).findFirst();
    }
}
