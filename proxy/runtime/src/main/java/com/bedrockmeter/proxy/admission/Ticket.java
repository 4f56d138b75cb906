package com.bedrockmeter.proxy.admission;

import java.time.Instant;
import java.util.Optional;

/**
 * What admission took for one call, so that settlement adds exactly the rest and a failure gives it all back.
 *
 * @param callId           the call's id: its marker on the day and month items it was counted on
 * @param admittedAt       the instant that decides the call's day, month and minute
 * @param countedDaily     the day's {@code requests} was already incremented, with the call's marker (a daily
 *                         limit applies, or every call is counted at admission)
 * @param markedMonthly    the month item carries the call's marker (a monthly token limit applies, or every call
 *                         is marked at admission): its settlement is a marked write
 * @param countedMinute    the minute's {@code requests} was incremented (a per-minute limit applies)
 * @param reservedTokens   tokens reserved on the month's {@code tokensCommitted} (a monthly token limit applies)
 * @param rateLimit        headers to show the caller, if any limit applies
 */
public record Ticket(String callId, Instant admittedAt, boolean countedDaily, boolean markedMonthly,
                     boolean countedMinute, long reservedTokens,
                     Optional<RateLimitHeaders> rateLimit) {
}
