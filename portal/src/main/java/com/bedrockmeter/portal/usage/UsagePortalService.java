package com.bedrockmeter.portal.usage;

import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.usage.UsageTotals;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * A customer's usage as the portal shows it (UTC days and months), scoped like every portal service: the signed-in
 * person's own customer, or any for an admin. Counters lag the calls by at most the proxy's counter flush interval.
 */
@Service
@PreAuthorize("hasRole('USER')")
public class UsagePortalService {

    private final DynamoUsageRepository usage;
    private final CurrentUser currentUser;
    private final Clock clock;

    UsagePortalService(DynamoUsageRepository usage, CurrentUser currentUser, Clock clock) {
        this.usage = usage;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    public UsageTotals thisMonth(String customerId) {
        currentUser.requireAccessTo(customerId);
        YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        return usage.counters(customerId, DynamoUsageRepository.month(month)).map(UsagePortalService::totals)
                .orElse(UsageTotals.ZERO);
    }

    public UsageTotals today(String customerId) {
        currentUser.requireAccessTo(customerId);
        return usage.counters(customerId, DynamoUsageRepository.day(today())).map(UsagePortalService::totals)
                .orElse(UsageTotals.ZERO);
    }

    /** Days with calls from {@code from} to {@code to}, both included. */
    public List<DailyUsage> days(String customerId, LocalDate from, LocalDate to) {
        currentUser.requireAccessTo(customerId);
        return usage.days(customerId, from, to);
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private static UsageTotals totals(Map<String, Long> counters) {
        return new UsageTotals(counters.getOrDefault(DynamoUsageRepository.REQUESTS, 0L),
                counters.getOrDefault(DynamoUsageRepository.INPUT_TOKENS, 0L),
                counters.getOrDefault(DynamoUsageRepository.OUTPUT_TOKENS, 0L),
                counters.getOrDefault(DynamoUsageRepository.ERRORS, 0L),
                counters.getOrDefault(DynamoUsageRepository.CACHE_READ_TOKENS, 0L),
                counters.getOrDefault(DynamoUsageRepository.CACHE_WRITE_TOKENS, 0L));
    }
}
