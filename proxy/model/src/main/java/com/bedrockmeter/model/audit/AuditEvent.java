package com.bedrockmeter.model.audit;

import java.time.Instant;

/**
 * One admin or key action: who did what to which customer, when, and the state before and after (short,
 * human-readable; never a token).
 *
 * @param actor      who acted: the signed-in person's e-mail, or {@code cli:<user>}
 * @param action     a stable verb such as {@code key.rotate} or {@code customer.suspend}
 * @param customerId the customer acted on, if any
 */
public record AuditEvent(String id, Instant at, String actor, String action, String customerId, String before,
                         String after) {
}
