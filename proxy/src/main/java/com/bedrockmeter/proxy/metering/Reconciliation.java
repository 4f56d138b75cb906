package com.bedrockmeter.proxy.metering;

import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.ERRORS;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.INPUT_TOKENS;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.OUTPUT_TOKENS;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.REQUESTS;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.TOKENS_COMMITTED;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.modelAttribute;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the usage counters (day, month, per model) with the usage events, the record of truth, and repairs the
 * difference. A day item must equal the sums of that UTC day's events (by the instant each call was admitted):
 * {@code requests}, {@code inputTokens} and {@code outputTokens} of answered calls, {@code errors} of calls Bedrock
 * failed, and the same per model; a month item the sums of its month, plus {@code tokensCommitted} = input + output
 * tokens. Refused calls change no counter.
 *
 * <p>Calls in flight hold a marker and a reservation on their items; a marker older than {@link #STALE} belongs to
 * a process that stopped between admission and settlement, and a repair removes it with what it held. Run a
 * repair on periods without calls in flight for these customers (past days, or a quiet moment): a call settling
 * while the repair reads would show as drift.
 */
public final class Reconciliation {

    /** Far longer than any call may take (the Bedrock timeout is at most minutes). */
    public static final Duration STALE = Duration.ofMinutes(30);

    /** One counter that does not match its events. */
    public record Drift(String customerId, String period, String counter, long counted, long expected) {
        public long drift() {
            return counted - expected;
        }
    }

    /** What a run found: the drifting counters (before any repair) and the calls left unsettled. */
    public record Report(List<Drift> drifts, int staleCalls, long eventsRead, long skippedLines, boolean repaired) {
    }

    private final DynamoUsageRepository counters;
    private final Clock clock;

    public Reconciliation(DynamoUsageRepository counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * @param customerIds the customers to check
     * @param from        first UTC day (its month item is checked against the whole month's events)
     * @param to          last UTC day
     * @param repair      add each drift's difference to its counter and remove stale call markers
     */
    public Report reconcile(Collection<String> customerIds, LocalDate from, LocalDate to, UsageEventFiles events,
                            boolean repair) {
        Set<String> customers = new TreeSet<>(customerIds);
        LocalDate firstDay = YearMonth.from(from).atDay(1);
        LocalDate lastDay = YearMonth.from(to).atEndOfMonth();
        Map<String, Map<String, Map<String, Long>>> expected = new HashMap<>();
        long[] read = {0};
        events.read(firstDay, lastDay, event -> {
            if (customers.contains(event.customerId())) {
                read[0]++;
                add(expected, event);
            }
        });
        List<String> periods = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            periods.add(DynamoUsageRepository.day(day));
        }
        for (YearMonth month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
            periods.add(DynamoUsageRepository.month(month));
        }
        List<Drift> drifts = new ArrayList<>();
        int stale = 0;
        Instant staleBefore = clock.instant().minus(STALE);
        for (String customerId : customers) {
            Map<String, Map<String, Long>> byPeriod = expected.getOrDefault(customerId, Map.of());
            for (String period : periods) {
                Map<String, Long> counted = counters.counters(customerId, period).orElse(Map.of());
                List<String> staleMarkers = counters.unsettledCalls(customerId, period).entrySet().stream()
                        .filter(call -> call.getValue().isBefore(staleBefore)).map(Map.Entry::getKey).toList();
                stale += staleMarkers.size();
                List<Drift> found = compare(customerId, period, counted, byPeriod.getOrDefault(period, Map.of()));
                drifts.addAll(found);
                if (repair) {
                    repair(customerId, period, found, staleMarkers);
                }
            }
        }
        return new Report(drifts, stale, read[0], events.skippedLines(), repair);
    }

    private void repair(String customerId, String period, List<Drift> found, List<String> staleMarkers) {
        Map<String, Long> corrections = new HashMap<>();
        found.forEach(d -> corrections.put(d.counter(), -d.drift()));
        counters.add(customerId, period, corrections);
        counters.forgetCalls(customerId, period, staleMarkers);
    }

    private static List<Drift> compare(String customerId, String period, Map<String, Long> counted,
                                       Map<String, Long> expected) {
        Set<String> names = new TreeSet<>(counted.keySet());
        names.addAll(expected.keySet());
        List<Drift> drifts = new ArrayList<>();
        for (String name : names) {
            long is = counted.getOrDefault(name, 0L);
            long should = expected.getOrDefault(name, 0L);
            if (is != should) {
                drifts.add(new Drift(customerId, period, name, is, should));
            }
        }
        return drifts;
    }

    private static void add(Map<String, Map<String, Map<String, Long>>> expected, UsageEvent event) {
        String outcome = outcome(event);
        if (UsageEvent.REFUSED.equals(outcome)) {
            return;
        }
        boolean answered = UsageEvent.ANSWERED.equals(outcome);
        Map<String, Long> deltas = new HashMap<>();
        String model = event.modelId();
        long in = answered ? event.inputTokens() : 0;
        long out = answered ? event.outputTokens() : 0;
        deltas.put(REQUESTS, answered ? 1L : 0L);
        deltas.put(INPUT_TOKENS, in);
        deltas.put(OUTPUT_TOKENS, out);
        deltas.put(ERRORS, answered ? 0L : 1L);
        deltas.put(modelAttribute(model, REQUESTS), answered ? 1L : 0L);
        deltas.put(modelAttribute(model, INPUT_TOKENS), in);
        deltas.put(modelAttribute(model, OUTPUT_TOKENS), out);
        deltas.put(modelAttribute(model, ERRORS), answered ? 0L : 1L);
        Map<String, Map<String, Long>> byPeriod = expected.computeIfAbsent(event.customerId(), c -> new TreeMap<>());
        LocalDate day = LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC);
        merge(byPeriod.computeIfAbsent(DynamoUsageRepository.day(day), p -> new HashMap<>()), deltas);
        Map<String, Long> month = byPeriod.computeIfAbsent(DynamoUsageRepository.month(YearMonth.from(day)),
                p -> new HashMap<>());
        merge(month, deltas);
        month.merge(TOKENS_COMMITTED, in + out, Long::sum);
    }

    /** Events written before the outcome field: answered when 200; otherwise not told apart, taken as refused. */
    private static String outcome(UsageEvent event) {
        if (event.outcome() != null) {
            return event.outcome();
        }
        return event.status() == 200 ? UsageEvent.ANSWERED : UsageEvent.REFUSED;
    }

    private static void merge(Map<String, Long> into, Map<String, Long> deltas) {
        deltas.forEach((name, delta) -> {
            if (delta != 0) {
                into.merge(name, delta, Long::sum);
            }
        });
    }
}
