package com.bedrockmeter.model.customer;

import java.time.Instant;
import java.util.List;

/**
 * A company that buys metered Bedrock access.
 *
 * @param allowedModels models this customer may call; empty means the proxy's default list
 * @param oidcSubject   the portal user bound to this customer, if any
 */
public record Customer(
        String id,
        String name,
        String email,
        CustomerStatus status,
        Limits limits,
        List<String> allowedModels,
        String oidcSubject,
        Instant createdAt) {

    public Customer {
        allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
        limits = limits == null ? Limits.UNLIMITED : limits;
    }

    public boolean active() {
        return status == CustomerStatus.ACTIVE;
    }

    public Customer withLimits(Limits newLimits) {
        return new Customer(id, name, email, status, newLimits, allowedModels, oidcSubject, createdAt);
    }

    public Customer withStatus(CustomerStatus newStatus) {
        return new Customer(id, name, email, newStatus, limits, allowedModels, oidcSubject, createdAt);
    }
}
