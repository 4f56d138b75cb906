package com.bedrockmeter.model.usage;

import static com.bedrockmeter.model.usage.DynamoUsageRepository.CACHE_READ_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.CACHE_WRITE_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.ERRORS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.INPUT_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.OUTPUT_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.REQUESTS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.TOKENS_COMMITTED;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.modelAttribute;

import com.bedrockmeter.model.audit.AuditAction;
import com.bedrockmeter.model.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the usage counters (day, month, per model) with the usage events, the record of truth, and repairs the
 * difference. A day item must equal the sums of that UTC day's events (by the instant each call was admitted):
 * {@code requests}, {@code inputTokens}, {@code outputTokens}, {@code cacheReadTokens} and {@code cacheWriteTokens} of
 * answered calls, {@code errors} of calls Bedrock failed, and the same per model; a month item the sums of its
 * month, plus {@code tokensCommitted} = every token of its answers (input, output, cache read, cache write). Refused calls change no counter.
 *
 * <p>Calls in flight hold a marker and a reservation on their items, buffered additions wait up to a flush
 * interval, and events reach their files (or S3, through Firehose) minutes after the call: a recent period shows
 * drift that is not there. So a repair touches only periods that ended at least {@link #STALE} ago (older markers
 * belong to processes that stopped between admission and settlement, and are removed with what they held), only
 * items whose events all say their outcome (older events cannot tell a failed call from a refused one), and each
 * correction applies only if the counter still holds the value read. Events are counted once per request id
 * (delivery to S3 is at least once).
 */
public final class Reconciliation {

    /** Far longer than any call may take (the Bedrock timeout is at most minutes). */
    public static final Duration STALE = Duration.ofMinutes(30);

    /** What a repair did with a drift. */
    public enum Repair {
        /** reported only (no --repair) */
        NONE,
        REPAIRED,
        /** the period ended less than {@link #STALE} ago */
        SKIPPED_RECENT,
        /** some of the item's events were written before events said their outcome */
        SKIPPED_OLD_EVENTS,
        /** a counter changed between the read and the correction: run again */
        SKIPPED_CHANGED
    }

    /** One counter that does not match its events (the values before any repair). */
    public record Drift(String customerId, String period, String counter, long counted, long expected,
                        Repair repair) {
        public long drift() {
            return counted - expected;
        }

        Drift with(Repair outcome) {
            return new Drift(customerId, period, counter, counted, expected, outcome);
        }
    }

    /** What a run found: the drifting counters and the calls left unsettled over {@link #STALE} ago. */
    public record Report(List<Drift> drifts, int staleCalls, long eventsRead, long skippedLines, boolean repaired) {
    }

    private final DynamoUsageRepository counters;
    private final Clock clock;
    private final AuditLog audit;

    public Reconciliation(DynamoUsageRepository counters, Clock clock, AuditLog audit) {
        this.counters = counters;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Compares the counters with the events; changes nothing.
     *
     * @param customerIds the customers to check
     * @param from        first UTC day (its month item is checked against the whole month's events)
     * @param to          last UTC day
     */
    public Report check(Collection<String> customerIds, LocalDate from, LocalDate to, UsageEventFiles events) {
        return reconcile(customerIds, from, to, events, false);
    }

    /**
     * As {@link #check}, then adds each drift's difference to its counter and removes stale call markers; the
     * repair is recorded in the audit log under {@code actor} (with the customer when there is one).
     */
    public Report repair(String actor, Collection<String> customerIds, LocalDate from, LocalDate to,
                         UsageEventFiles events) {
        Report report = reconcile(customerIds, from, to, events, true);
        long repaired = report.drifts().stream().filter(d -> d.repair() == Repair.REPAIRED).count();
        audit.record(actor, AuditAction.USAGE_RECONCILED, customerIds.size() == 1 ? customerIds.iterator().next()
                : null, null, repaired + " counters corrected, " + from + ".." + to);
        return report;
    }

    private Report reconcile(Collection<String> customerIds, LocalDate from, LocalDate to, UsageEventFiles events,
                             boolean repair) {
        Set<String> customers = new TreeSet<>(customerIds);
        LocalDate firstDay = YearMonth.from(from).atDay(1);
        LocalDate lastDay = YearMonth.from(to).atEndOfMonth();
        Map<String, Map<String, Map<String, Long>>> expected = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> itemsWithOldEvents = new HashSet<>();
        long[] read = {0};
        events.read(firstDay, lastDay, event -> {
            if (customers.contains(event.customerId()) && seen.add(event.requestId())) {
                read[0]++;
                add(expected, event);
                if (event.outcome() == null) {
                    LocalDate day = LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC);
                    itemsWithOldEvents.add(event.customerId() + " " + DynamoUsageRepository.day(day));
                    itemsWithOldEvents.add(event.customerId() + " " + DynamoUsageRepository.month(YearMonth.from(day)));
                }
            }
        });
        Map<String, Instant> periods = new java.util.LinkedHashMap<>(); // period -> when it ends
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            periods.put(DynamoUsageRepository.day(day), day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        for (YearMonth month = YearMonth.from(from); !month.isAfter(YearMonth.from(to)); month = month.plusMonths(1)) {
            periods.put(DynamoUsageRepository.month(month),
                    month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        List<Drift> drifts = new ArrayList<>();
        int stale = 0;
        Instant staleBefore = clock.instant().minus(STALE);
        for (String customerId : customers) {
            Map<String, Map<String, Long>> byPeriod = expected.getOrDefault(customerId, Map.of());
            for (Map.Entry<String, Instant> entry : periods.entrySet()) {
                String period = entry.getKey();
                Map<String, Long> counted = counters.counters(customerId, period).orElse(Map.of());
                List<String> staleMarkers = counters.unsettledCalls(customerId, period).entrySet().stream()
                        .filter(call -> call.getValue().isBefore(staleBefore)).map(Map.Entry::getKey).toList();
                stale += staleMarkers.size();
                List<Drift> found = compare(customerId, period, counted, byPeriod.getOrDefault(period, Map.of()));
                if (!repair || (found.isEmpty() && staleMarkers.isEmpty())) {
                    drifts.addAll(found);
                } else if (entry.getValue().isAfter(staleBefore)) {
                    found.forEach(d -> drifts.add(d.with(Repair.SKIPPED_RECENT)));
                } else if (itemsWithOldEvents.contains(customerId + " " + period)) {
                    found.forEach(d -> drifts.add(d.with(Repair.SKIPPED_OLD_EVENTS)));
                } else {
                    boolean applied = counters.correct(customerId, period, corrections(found), staleMarkers);
                    found.forEach(d -> drifts.add(d.with(applied ? Repair.REPAIRED : Repair.SKIPPED_CHANGED)));
                }
            }
        }
        return new Report(drifts, stale, read[0], events.skippedLines(), repair);
    }

    /** Counter name to {value read, value it should have}. */
    private static Map<String, long[]> corrections(List<Drift> found) {
        Map<String, long[]> corrections = new HashMap<>();
        found.forEach(d -> corrections.put(d.counter(), new long[] {d.counted(), d.expected()}));
        return corrections;
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
                drifts.add(new Drift(customerId, period, name, is, should, Repair.NONE));
            }
        }
        return drifts;
    }

    private static void add(Map<String, Map<String, Map<String, Long>>> expected, UsageEvent event) {
        String outcome = outcome(event);
        if (UsageEvent.REFUSED.equals(outcome) || UsageEvent.NOT_BILLED.equals(outcome)) {
            return; // no counter holds these
        }
        boolean answered = UsageEvent.ANSWERED.equals(outcome);
        Map<String, Long> deltas = new HashMap<>();
        String model = event.modelId();
        TokenCounts tokens = answered ? event.tokens() : TokenCounts.NONE;
        for (String prefix : new String[] {"", modelAttribute(model, "")}) {
            deltas.put(prefix + REQUESTS, answered ? 1L : 0L);
            deltas.put(prefix + INPUT_TOKENS, tokens.input());
            deltas.put(prefix + OUTPUT_TOKENS, tokens.output());
            deltas.put(prefix + CACHE_READ_TOKENS, tokens.cacheRead());
            deltas.put(prefix + CACHE_WRITE_TOKENS, tokens.cacheWrite());
            deltas.put(prefix + ERRORS, answered ? 0L : 1L);
        }
        Map<String, Map<String, Long>> byPeriod = expected.computeIfAbsent(event.customerId(), c -> new TreeMap<>());
        LocalDate day = LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC);
        merge(byPeriod.computeIfAbsent(DynamoUsageRepository.day(day), p -> new HashMap<>()), deltas);
        Map<String, Long> month = byPeriod.computeIfAbsent(DynamoUsageRepository.month(YearMonth.from(day)),
                p -> new HashMap<>());
        merge(month, deltas);
        month.merge(TOKENS_COMMITTED, tokens.total(), Long::sum);
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
