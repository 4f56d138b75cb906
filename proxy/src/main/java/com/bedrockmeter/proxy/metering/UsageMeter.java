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
 * Settles a call that passed admission: the tokens Bedrock reported go into the day, month and per-model counters
 * (two atomic updates, written in parallel), and one {@link UsageEvent} is published. A call that failed at Bedrock
 * gives back what admission took and counts as an error.
 *
 * <p>A settlement that cannot be written (the store failed after Bedrock answered) is retried once and then logged
 * with the whole event; the caller still gets Bedrock's answer, and the event still reaches the analytics sink.
 */
public class UsageMeter {

    private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);

    private final DynamoUsageRepository counters;
    private final UsageEventSink events;
    private final Executor parallel;

    public UsageMeter(DynamoUsageRepository counters, UsageEventSink events, Executor parallel) {
        this.counters = counters;
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
        write(ticket, event, day, month, Map.of());
    }

    /** Records a call that failed at Bedrock: what admission took is given back, and one error is counted. */
    public void failed(Ticket ticket, UsageEvent event) {
        Map<String, Long> day = new HashMap<>();
        day.put(REQUESTS, ticket.countedDaily() ? -1L : 0L);
        day.put(ERRORS, 1L);
        modelCounters(day, event.modelId(), 0, 0, 0, 1);
        Map<String, Long> month = new HashMap<>();
        month.put(ERRORS, 1L);
        month.put(TOKENS_COMMITTED, -ticket.reservedTokens());
        modelCounters(month, event.modelId(), 0, 0, 0, 1);
        Map<String, Long> minute = ticket.countedMinute() ? Map.of(REQUESTS, -1L) : Map.of();
        write(ticket, event, day, month, minute);
    }

    private void write(Ticket ticket, UsageEvent event, Map<String, Long> day, Map<String, Long> month,
                       Map<String, Long> minute) {
        String customerId = event.customerId();
        LocalDate date = LocalDate.ofInstant(ticket.admittedAt(), ZoneOffset.UTC);
        CompletableFuture<Void> monthWrite = CompletableFuture.runAsync(() -> addWithRetry(customerId,
                DynamoUsageRepository.month(YearMonth.from(date)), month, event), parallel);
        addWithRetry(customerId, DynamoUsageRepository.day(date), day, event);
        if (!minute.isEmpty()) {
            addWithRetry(customerId, DynamoUsageRepository.minute(ticket.admittedAt()), minute, event);
        }
        monthWrite.join();
        events.publish(event);
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
