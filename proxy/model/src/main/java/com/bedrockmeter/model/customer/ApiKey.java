package com.bedrockmeter.model.customer;

import java.time.Instant;

/**
 * An API key: the stored side of a bearer token (never the token itself).
 *
 * @param tokenHash  hex SHA-256 of the token
 * @param prefix     what may be displayed of the token
 * @param expiresAt  end of the rotation grace period, if the key was rotated out; {@code null} = no expiry
 * @param revokedAt  when the key was revoked, if it was
 */
public record ApiKey(
        String keyId,
        String tokenHash,
        String customerId,
        String name,
        String prefix,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt) {

    public enum Status { ACTIVE, GRACE, EXPIRED, REVOKED }

    public Status status(Instant now) {
        if (revokedAt != null && !revokedAt.isAfter(now)) {
            return Status.REVOKED;
        }
        if (expiresAt != null) {
            return expiresAt.isAfter(now) ? Status.GRACE : Status.EXPIRED;
        }
        return Status.ACTIVE;
    }

    public boolean usable(Instant now) {
        Status status = status(now);
        return status == Status.ACTIVE || status == Status.GRACE;
    }
}
