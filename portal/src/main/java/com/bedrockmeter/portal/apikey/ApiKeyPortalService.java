package com.bedrockmeter.portal.apikey;

import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.model.customer.ApiKey;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.NewToken;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * A customer's API keys as the portal offers them: every method first checks that the signed-in person may act on
 * this customer (their own, or any for an admin), whatever the caller passes in. The rules of the use cases (a
 * suspended customer gets no new key, whoever asks; the audit entry) are {@link ApiKeyService}'s, the same for the
 * CLI; the status is read from the store on each call, so a suspension holds at the customer's next click.
 *
 * @throws org.springframework.security.access.AccessDeniedException for another customer's keys
 * @throws com.bedrockmeter.model.customer.CustomerSuspendedException on create or rotate for a suspended customer
 */
@Service
@PreAuthorize("hasRole('USER')")
public class ApiKeyPortalService {

    private final ApiKeyService keys;
    private final CurrentUser currentUser;

    ApiKeyPortalService(ApiKeyService keys, CurrentUser currentUser) {
        this.keys = keys;
        this.currentUser = currentUser;
    }

    /** Newest first. */
    public List<ApiKey> keys(String customerId) {
        currentUser.requireAccessTo(customerId);
        return keys.keys(customerId).stream().sorted(Comparator.comparing(ApiKey::createdAt).reversed()).toList();
    }

    public NewToken createKey(String customerId, String name) {
        currentUser.requireAccessTo(customerId);
        return keys.issueKey(currentUser.actor(), customerId, name, Optional.empty());
    }

    public ApiKeyService.Rotation rotate(String customerId, Duration grace) {
        currentUser.requireAccessTo(customerId);
        return keys.rotateKey(currentUser.actor(), customerId, Optional.empty(), grace);
    }

    public boolean revoke(String customerId, String keyId) {
        currentUser.requireAccessTo(customerId);
        return keys.revokeKey(currentUser.actor(), customerId, keyId);
    }
}
