package com.bedrockmeter.proxy.admission;

import static com.bedrockmeter.model.usage.DynamoUsageRepository.REQUESTS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.TOKENS_COMMITTED;

import com.bedrockmeter.proxy.admission.LimitExceededException.Limit;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.proxy.base.WriteRetries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Counts a call against every limit of its customer before Bedrock is called, atomically and exactly across any
 * number of proxy instances: each limit is one conditional {@code ADD} on a shared DynamoDB counter
 * ({@code counter <= limit - amount}), so with a limit L and N &gt; L concurrent calls exactly L pass.
 *
 * <p>Limits are taken in a fixed order (minute, day, month). DynamoDB transactions are not used (dynalite lacks
 * them); when a later limit refuses, or the store fails, what the earlier ones took is given back. Only the limits
 * a customer has cost a write here (plus, with {@code countEveryCall}, the day's count); a call without limits is
 * counted at settlement, through the counter buffer, and {@link com.bedrockmeter.proxy.base.StoreHealth} keeps
 * such calls from reaching Bedrock while the store is down.
 */
public class Admission {

    private static final Logger log = LoggerFactory.getLogger(Admission.class);
    private static final Duration MINUTE_ITEM_LIFETIME = Duration.ofHours(1);

    private final DynamoUsageRepository counters;
    private final Clock clock;
    private final boolean countEveryCall;
    private final WriteRetries retries;

    /** A write that gives back what one step took; a marker-conditional one may be retried later. */
    private record Undo(String what, Runnable write, boolean idempotent) {
    }

    /**
     * @param countEveryCall write the day's count of every call here, limit or not (Lambda, where counters are
     *                       not buffered); otherwise calls without a daily limit are counted at settlement
     */
    public Admission(DynamoUsageRepository counters, Clock clock, boolean countEveryCall, WriteRetries retries) {
        this.counters = counters;
        this.clock = clock;
        this.countEveryCall = countEveryCall;
        this.retries = retries;
    }

    /**
     * @param callId           the call's unique id: its admission and settlement apply once per item however
     *                         often a write is retried
     * @param tokenReservation tokens the call may use at most (its {@code max_tokens} plus an input estimate),
     *                         reserved against a monthly token limit until settlement
     * @throws LimitExceededException when a limit is reached; nothing stays counted
     * @throws com.bedrockmeter.model.base.StoreUnavailableException when the store fails; what was counted is
     *         given back (a day or month write whose answer was lost is given back only if it was applied)
     */
    public Ticket admit(Customer customer, String callId, long tokenReservation) {
        Instant now = clock.instant();
        Limits limits = customer.limits();
        String id = customer.id();
        Deque<Undo> undo = new ArrayDeque<>();
        RateLimitHeaders headers = null;
        boolean minute = false;
        boolean daily = false;
        boolean monthly = false;
        long reserved = 0;
        try {
            if (limits.requestsPerMinute() != null) {
                long limit = limits.requestsPerMinute();
                Instant reset = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
                String period = DynamoUsageRepository.minute(now);
                long ttl = reset.plus(MINUTE_ITEM_LIFETIME).getEpochSecond();
                long count = take(Limit.REQUESTS_PER_MINUTE, limit, reset, now,
                        () -> counters.addWithin(id, period, REQUESTS, 1, limit, ttl));
                minute = true;
                undo.push(new Undo(period, () -> counters.add(id, period, Map.of(REQUESTS, -1L)), false));
                headers = new RateLimitHeaders(limit, limit - count, reset.getEpochSecond());
            }
            LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
            String dayPeriod = DynamoUsageRepository.day(day);
            Long dailyLimit = limits.dailyRequests();
            if (dailyLimit != null || countEveryCall) {
                // pushed first: a write whose answer was lost is given back if (and only if) it was applied
                undo.push(new Undo(dayPeriod,
                        () -> counters.settleCall(id, dayPeriod, Map.of(REQUESTS, -1L), callId), true));
                Instant reset = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                long count = take(Limit.DAILY_REQUESTS, dailyLimit == null ? 0 : dailyLimit, reset, now, undo,
                        () -> counters.admitCall(id, dayPeriod, REQUESTS, 1, dailyLimit, callId, now));
                if (dailyLimit != null) {
                    headers = new RateLimitHeaders(dailyLimit, dailyLimit - count, reset.getEpochSecond());
                }
                daily = true;
            }
            if (limits.monthlyTokens() != null) {
                long limit = limits.monthlyTokens();
                YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
                Instant reset = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (tokenReservation > limit) {
                    throw LimitExceededException.tokensDoNotFit(limit, tokenReservation, reset, now);
                }
                String period = DynamoUsageRepository.month(month);
                undo.push(new Undo(period, () -> counters.settleCall(id, period,
                        Map.of(TOKENS_COMMITTED, -tokenReservation), callId), true));
                try {
                    counters.admitCall(id, period, TOKENS_COMMITTED, tokenReservation, limit, callId, now);
                } catch (ConditionalCheckFailedException e) {
                    undo.pop(); // refused: nothing was written
                    throw LimitExceededException.tokensDoNotFit(limit, tokenReservation, reset, now);
                }
                reserved = tokenReservation;
                monthly = true;
            } else if (countEveryCall) {
                // Lambda: the month is marked too (nothing reserved), so that its settlement is a marked write;
                // a buffered one would leave an attribute per execution environment on the item
                String period = DynamoUsageRepository.month(YearMonth.from(now.atZone(ZoneOffset.UTC)));
                undo.push(new Undo(period, () -> counters.settleCall(id, period, Map.of(), callId), true));
                counters.admitCall(id, period, TOKENS_COMMITTED, 0, null, callId, now);
                monthly = true;
            }
        } catch (RuntimeException refused) {
            giveBack(id, undo);
            throw refused;
        }
        return new Ticket(callId, now, daily, monthly, minute, reserved, Optional.ofNullable(headers));
    }

    /**
     * Counts a call against the per-minute limit only, for what is answered but never billed (CountTokens): no day,
     * no month, nothing to settle.
     *
     * @return the per-minute rate-limit headers, when the customer has that limit
     * @throws LimitExceededException when the minute's limit is reached
     */
    public Optional<RateLimitHeaders> admitMinute(Customer customer) {
        Long limit = customer.limits().requestsPerMinute();
        if (limit == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant reset = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        String period = DynamoUsageRepository.minute(now);
        long ttl = reset.plus(MINUTE_ITEM_LIFETIME).getEpochSecond();
        long count = take(Limit.REQUESTS_PER_MINUTE, limit, reset, now,
                () -> counters.addWithin(customer.id(), period, REQUESTS, 1, limit, ttl));
        return Optional.of(new RateLimitHeaders(limit, limit - count, reset.getEpochSecond()));
    }

    /** A call-marked step: on a refusal its give-back (pushed before the write) is dropped, nothing was written. */
    private static long take(Limit limit, long value, Instant reset, Instant now, Deque<Undo> undo,
                             java.util.function.LongSupplier add) {
        try {
            return add.getAsLong();
        } catch (ConditionalCheckFailedException e) {
            undo.pop();
            throw new LimitExceededException(limit, value, reset, now);
        }
    }

    private static long take(Limit limit, long value, Instant reset, Instant now, java.util.function.LongSupplier add) {
        try {
            return add.getAsLong();
        } catch (ConditionalCheckFailedException e) {
            throw new LimitExceededException(limit, value, reset, now);
        }
    }

    private void giveBack(String customerId, Deque<Undo> undo) {
        while (!undo.isEmpty()) {
            Undo step = undo.pop();
            try {
                step.write().run();
            } catch (RuntimeException e) {
                if (step.idempotent()) {
                    // conditional on the call's marker: retrying later changes nothing if it was applied
                    retries.retry(step.write()::run, "give back of customer " + customerId + " " + step.what());
                } else {
                    // a minute's count stays one call too high until the minute ends; refusing is the safe side
                    log.warn("Could not give back a minute count for customer {}: {}", customerId, e.getMessage());
                }
            }
        }
    }
}
