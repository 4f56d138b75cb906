package com.bedrockmeter.model.audit;

import java.time.LocalDate;

/** Which audit events to find: a UTC date range, optionally one customer and/or one actor. */
public record AuditQuery(LocalDate from, LocalDate to, String customerId, String actor) {
}
