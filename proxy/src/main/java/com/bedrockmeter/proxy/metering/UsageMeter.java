package com.bedrockmeter.proxy.metering;

import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.ERRORS;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.INPUT_TOKENS;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.OUTPUT_TOKENS;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.REQUESTS;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.TOKENS_COMMITTED;
import static com.bedrockmeter.proxy.metering.DynamoUsageRepository.modelAttribute;

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
 * Settles a call that passed admission: the tokens Bedrock reported go into the day, month and per-model counters,
 * and one {@link UsageEvent} is published. Plain additions go through the {@link CounterBuffer} (coalesced per
 * customer and period, written every flush interval); what frees quota — the correction of a monthly token
 * reservation, and everything a failed call gives back — is written at once, so a retry can use it.
 *
 * <p>An immediate write that fails (the store failed after Bedrock answered) is retried once and then logged with
 * the whole event; the caller still gets Bedrock's answer, and the event still reaches the analytics sink.
 */
public class UsageMeter {

    private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);

    private final DynamoUsageRepository counters;
    private final CounterBuffer buffer;
    private final UsageEventSink events;
    private final Executor parallel;

    public UsageMeter(DynamoUsageRepository counters, CounterBuffer buffer, UsageEventSink events, Executor parallel) {
        this.counters = counters;
        this.buffer = buffer;
        this.events = events;
        this.parallel = parallel;
    }

    /** Records a call Bedrock answered. */
    public void succeeded(Ticket ticket, UsageEvent event) {
        long in = event.inputTokens();
        long out = event.outputTokens();
        Map<String, Long> day = new HashMap<>();
        day.put(REQUESTS, ticket.countedDaily() ? 0L : 1L);
        day.put(INPUT_TOKENS, in);
        day.put(OUTPUT_TOKENS, out);
        modelCounters(day, event.modelId(), 1, in, out, 0);
        Map<String, Long> month = new HashMap<>();
        month.put(REQUESTS, 1L);
        month.put(INPUT_TOKENS, in);
        month.put(OUTPUT_TOKENS, out);
        month.put(TOKENS_COMMITTED, in + out - ticket.reservedTokens());
        modelCounters(month, event.modelId(), 1, in, out, 0);
        String customerId = event.customerId();
        buffer.add(customerId, dayOf(ticket), day);
        if (ticket.reservedTokens() > 0) {
            // the reservation holds back monthly quota: correct it now, not at the next flush
            addWithRetry(customerId, monthOf(ticket), month, event);
        } else {
            buffer.add(customerId, monthOf(ticket), month);
        }
        events.publish(event);
    }

    /**
     * Records a call that failed at Bedrock: what admission took is given back at once (a retry may need it),
     * and one error is counted.
     */
    public void failed(Ticket ticket, UsageEvent event) {
        Map<String, Long> day = new HashMap<>();
        day.put(REQUESTS, ticket.countedDaily() ? -1L : 0L);
        day.put(ERRORS, 1L);
        modelCounters(day, event.modelId(), 0, 0, 0, 1);
        Map<String, Long> month = new HashMap<>();
        month.put(ERRORS, 1L);
        month.put(TOKENS_COMMITTED, -ticket.reservedTokens());
        modelCounters(month, event.modelId(), 0, 0, 0, 1);
        String customerId = event.customerId();
        CompletableFuture<Void> monthWrite = CompletableFuture.runAsync(
                () -> addWithRetry(customerId, monthOf(ticket), month, event), parallel);
        addWithRetry(customerId, dayOf(ticket), day, event);
        if (ticket.countedMinute()) {
            addWithRetry(customerId, DynamoUsageRepository.minute(ticket.admittedAt()), Map.of(REQUESTS, -1L), event);
        }
        monthWrite.join();
        events.publish(event);
    }

    /**
     * Records a call refused after authentication and before Bedrock (bad request, limit, store down): it used no
     * quota, so no counter changes; its event (status, error code, no tokens) lets analytics see who is refused.
     */
    public void refused(UsageEvent event) {
        events.publish(event);
    }

    /** Writes buffered counters now (tests, shutdown). */
    public void flush() {
        buffer.flush();
        events.flush();
    }

    private static String dayOf(Ticket ticket) {
        return DynamoUsageRepository.day(LocalDate.ofInstant(ticket.admittedAt(), ZoneOffset.UTC));
    }

    private static String monthOf(Ticket ticket) {
        return DynamoUsageRepository.month(YearMonth.from(ticket.admittedAt().atZone(ZoneOffset.UTC)));
    }

    private void addWithRetry(String customerId, String period, Map<String, Long> deltas, UsageEvent event) {
        for (int attempt = 1; ; attempt++) {
            try {
                counters.add(customerId, period, deltas);
                return;
            } catch (RuntimeException e) {
                if (attempt == 2) {
                    log.error("Usage counters {} of customer {} not updated by {} for event {}: {}", period,
                            customerId, deltas, event, e.getMessage());
                    return;
                }
            }
        }
    }

    private static void modelCounters(Map<String, Long> deltas, String modelId, long requests, long in, long out,
                                      long errors) {
        deltas.put(modelAttribute(modelId, REQUESTS), requests);
        deltas.put(modelAttribute(modelId, INPUT_TOKENS), in);
        deltas.put(modelAttribute(modelId, OUTPUT_TOKENS), out);
        deltas.put(modelAttribute(modelId, ERRORS), errors);
    }
}
