package com.bedrockmeter.model.audit;

import com.bedrockmeter.model.base.InvalidInputException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Every admin action and every key action: who, what, when, before → after. Appended only; searched by UTC date
 * range and optionally customer and actor, newest first.
 *
 * @throws InvalidInputException for a reversed or too long date range (more than 92 days)
 */
public class AuditLog {

    static final int MAX_DAYS = 92;

    private final DynamoAuditLogRepository events;
    private final Clock clock;

    public AuditLog(DynamoAuditLogRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public AuditEvent record(String actor, AuditAction action, String customerId, String before, String after) {
        return record(actor, action.code(), customerId, before, after);
    }

    private AuditEvent record(String actor, String action, String customerId, String before, String after) {
        AuditEvent event = new AuditEvent(UUID.randomUUID().toString(), clock.instant(), actor, action, customerId,
                before, after);
        events.append(event);
        return event;
    }

    public List<AuditEvent> search(AuditQuery query) {
        if (query.from() == null || query.to() == null || query.to().isBefore(query.from())
                || query.from().plusDays(MAX_DAYS).isBefore(query.to())) {
            throw new InvalidInputException("invalid_date_range",
                    "Choose an end on or after the start, at most " + MAX_DAYS + " days later.");
        }
        List<AuditEvent> found;
        if (blank(query.customerId()) && blank(query.actor())) {
            found = query.from().datesUntil(query.to().plusDays(1)).flatMap(d -> events.day(d).stream()).toList();
        } else if (!blank(query.customerId())) {
            found = events.byCustomer(query.customerId().strip(), query.from(), query.to());
        } else {
            found = events.byActor(query.actor().strip(), query.from(), query.to());
        }
        return found.stream()
                .filter(e -> blank(query.actor()) || query.actor().strip().equalsIgnoreCase(e.actor()))
                .sorted(Comparator.comparing(AuditEvent::at).reversed())
                .toList();
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
