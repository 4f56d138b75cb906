package com.bedrockmeter.proxy.metering;

import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.usage.TokenCounts;
import com.bedrockmeter.model.usage.UsageEvent;
import com.bedrockmeter.model.usage.UsageEventSink;
import com.bedrockmeter.proxy.base.WriteRetries;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.CACHE_READ_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.CACHE_WRITE_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.ERRORS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.INPUT_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.OUTPUT_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.REQUESTS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.TOKENS_COMMITTED;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.modelAttribute;

import com.bedrockmeter.proxy.admission.Ticket;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a call that passed admission: one {@link UsageEvent} is published, then the tokens Bedrock reported go
 * into the day, month and per-model counters. Plain additions go through the {@link CounterBuffer} (coalesced per
 * customer and period, written every flush interval); an item admission marked with the call (a daily limit, a
 * monthly token reservation, or every day item in Lambda) is settled at once with the call's marker, so the
 * reservation is freed for a retry and the settlement applies exactly once.
 *
 * <p>Nothing here throws: once Bedrock has answered, the caller gets the answer whatever the store does. The event
 * is the record of truth and is published first; a settlement the store refuses is retried in the background
 * ({@link WriteRetries}), buffered additions by the {@link CounterBuffer}; what is lost all the same (a process
 * that dies first) is logged with the event, and {@code reconcile} repairs it from the events.
 */
public class UsageMeter {

    private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);

    private final DynamoUsageRepository counters;
    private final CounterBuffer buffer;
    private final UsageEventSink events;
    private final Executor parallel;
    private final WriteRetries retries;

    public UsageMeter(DynamoUsageRepository counters, CounterBuffer buffer, UsageEventSink events, Executor parallel,
                      WriteRetries retries) {
        this.counters = counters;
        this.buffer = buffer;
        this.events = events;
        this.parallel = parallel;
        this.retries = retries;
    }

    /** Records a call Bedrock answered. */
    public void succeeded(Ticket ticket, UsageEvent event) {
        publish(event);
        TokenCounts tokens = event.tokens();
        Map<String, Long> day = new HashMap<>();
        day.put(REQUESTS, ticket.countedDaily() ? 0L : 1L);
        tokenCounters(day, "", tokens);
        modelCounters(day, event.modelId(), 1, tokens, 0);
        Map<String, Long> month = new HashMap<>();
        month.put(REQUESTS, 1L);
        tokenCounters(month, "", tokens);
        month.put(TOKENS_COMMITTED, tokens.total() - ticket.reservedTokens());
        modelCounters(month, event.modelId(), 1, tokens, 0);
        settle(ticket, event, day, month);
    }

    /**
     * Records a call that failed at Bedrock: what admission took is given back at once (a retry may need it),
     * and one error is counted.
     */
    public void failed(Ticket ticket, UsageEvent event) {
        publish(event);
        Map<String, Long> day = new HashMap<>();
        day.put(REQUESTS, ticket.countedDaily() ? -1L : 0L);
        day.put(ERRORS, 1L);
        modelCounters(day, event.modelId(), 0, TokenCounts.NONE, 1);
        Map<String, Long> month = new HashMap<>();
        month.put(ERRORS, 1L);
        month.put(TOKENS_COMMITTED, -ticket.reservedTokens());
        modelCounters(month, event.modelId(), 0, TokenCounts.NONE, 1);
        if (ticket.countedMinute()) {
            // not idempotent, so not retried: a minute count is a rate window, gone with its minute
            quietly(event, () -> counters.add(event.customerId(), DynamoUsageRepository.minute(ticket.admittedAt()),
                    Map.of(REQUESTS, -1L)));
        }
        settle(ticket, event, day, month);
    }

    /**
     * Records a call refused after authentication and before Bedrock (bad request, limit, store down): it used no
     * quota, so no counter changes; its event (status, error code, no tokens) lets analytics see who is refused.
     */
    public void refused(UsageEvent event) {
        publish(event);
    }

    /** Writes buffered counters now (tests, shutdown). */
    public void flush() {
        buffer.flush();
        events.flush();
    }

    private void settle(Ticket ticket, UsageEvent event, Map<String, Long> day, Map<String, Long> month) {
        String customerId = event.customerId();
        String dayPeriod = dayOf(ticket);
        String monthPeriod = monthOf(ticket);
        CompletableFuture<Void> monthWrite = null;
        if (ticket.markedMonthly()) {
            Runnable settleMonth = () -> settleOrRetryLater(customerId, monthPeriod, month, ticket.callId(), event);
            try {
                monthWrite = CompletableFuture.runAsync(settleMonth, parallel);
            } catch (RuntimeException rejected) { // the executor is shutting down: write it here
                settleMonth.run();
            }
        } else {
            quietly(event, () -> buffer.add(customerId, monthPeriod, month));
        }
        if (ticket.countedDaily()) {
            settleOrRetryLater(customerId, dayPeriod, day, ticket.callId(), event);
        } else {
            quietly(event, () -> buffer.add(customerId, dayPeriod, day));
        }
        if (monthWrite != null) {
            monthWrite.join();
        }
    }

    /**
     * The settlement is conditional on the call's marker, so a retry of a write that was applied changes nothing:
     * tried once here (the SDK's own retries included), then in the background, so that a store outage does not
     * hold the caller's answer back.
     */
    private void settleOrRetryLater(String customerId, String period, Map<String, Long> deltas, String callId,
                                    UsageEvent event) {
        try {
            counters.settleCall(customerId, period, deltas, callId);
        } catch (RuntimeException e) {
            retries.retry(() -> counters.settleCall(customerId, period, deltas, callId),
                    "settlement of " + period + " for event " + event);
        }
    }

    private void publish(UsageEvent event) {
        try {
            events.publish(event);
        } catch (RuntimeException e) {
            log.error("Usage event not published: {}: {}", event, e.toString());
        }
    }

    private static void quietly(UsageEvent event, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.error("Usage counters not updated for event {} ({}); 'reconcile' repairs them from the events",
                    event, e.getMessage());
        }
    }

    private static String dayOf(Ticket ticket) {
        return DynamoUsageRepository.day(LocalDate.ofInstant(ticket.admittedAt(), ZoneOffset.UTC));
    }

    private static String monthOf(Ticket ticket) {
        return DynamoUsageRepository.month(YearMonth.from(ticket.admittedAt().atZone(ZoneOffset.UTC)));
    }

    private static void modelCounters(Map<String, Long> deltas, String modelId, long requests, TokenCounts tokens,
                                      long errors) {
        deltas.put(modelAttribute(modelId, REQUESTS), requests);
        tokenCounters(deltas, modelAttribute(modelId, ""), tokens);
        deltas.put(modelAttribute(modelId, ERRORS), errors);
    }

    /** Input and output always (a call's counters show them even at zero); cache tokens when there are some. */
    private static void tokenCounters(Map<String, Long> deltas, String prefix, TokenCounts tokens) {
        deltas.put(prefix + INPUT_TOKENS, tokens.input());
        deltas.put(prefix + OUTPUT_TOKENS, tokens.output());
        if (tokens.cacheRead() != 0) {
            deltas.put(prefix + CACHE_READ_TOKENS, tokens.cacheRead());
        }
        if (tokens.cacheWrite() != 0) {
            deltas.put(prefix + CACHE_WRITE_TOKENS, tokens.cacheWrite());
        }
    }
}
