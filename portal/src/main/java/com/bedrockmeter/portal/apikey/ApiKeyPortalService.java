package com.bedrockmeter.portal.apikey;

import com.bedrockmeter.proxy.audit.AuditAction;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.proxy.audit.AuditLog;
import com.bedrockmeter.proxy.customer.ApiKey;
import com.bedrockmeter.proxy.customer.ApiKeyService;
import com.bedrockmeter.proxy.customer.CustomerService;
import com.bedrockmeter.proxy.customer.CustomerStatus;
import com.bedrockmeter.proxy.customer.NewToken;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * A customer's API keys as the portal offers them: every method first checks that the signed-in person may act on
 * this customer (their own, or any for an admin), whatever the caller passes in. A suspended customer gets no new key
 * (create, rotate), whoever asks; the status is read from the store on each call, not from the session, so a
 * suspension holds at the customer's next click. Revoking stays possible: it only takes access away.
 *
 * @throws org.springframework.security.access.AccessDeniedException for another customer's keys
 * @throws CustomerSuspendedException on create or rotate for a suspended customer
 */
@Service
@PreAuthorize("hasRole('USER')")
public class ApiKeyPortalService {

    private final ApiKeyService keys;
    private final CustomerService customers;
    private final CurrentUser currentUser;
    private final AuditLog audit;

    ApiKeyPortalService(ApiKeyService keys, CustomerService customers, CurrentUser currentUser, AuditLog audit) {
        this.keys = keys;
        this.customers = customers;
        this.currentUser = currentUser;
        this.audit = audit;
    }

    /** Newest first. */
    public List<ApiKey> keys(String customerId) {
        currentUser.requireAccessTo(customerId);
        return keys.keys(customerId).stream().sorted(Comparator.comparing(ApiKey::createdAt).reversed()).toList();
    }

    public NewToken createKey(String customerId, String name) {
        currentUser.requireAccessTo(customerId);
        requireNotSuspended(customerId);
        NewToken token = keys.issueKey(customerId, name, Optional.empty());
        audit.record(currentUser.actor(), AuditAction.KEY_CREATE, customerId, null, describe(token));
        return token;
    }

    public ApiKeyService.Rotation rotate(String customerId, Duration grace) {
        currentUser.requireAccessTo(customerId);
        requireNotSuspended(customerId);
        ApiKeyService.Rotation rotation = keys.rotateKey(customerId, Optional.empty(), grace);
        audit.record(currentUser.actor(), AuditAction.KEY_ROTATE, customerId,
                "working: " + rotation.retired().stream().map(ApiKey::keyId).toList(),
                describe(rotation.token()) + "; old keys stop at " + rotation.oldKeysStopAt());
        return rotation;
    }

    public boolean revoke(String customerId, String keyId) {
        currentUser.requireAccessTo(customerId);
        boolean revoked = keys.revokeKey(customerId, keyId);
        audit.record(currentUser.actor(), AuditAction.KEY_REVOKE, customerId, keyId + " working", keyId
                + (revoked ? " revoked" : " had already stopped working"));
        return revoked;
    }

    private void requireNotSuspended(String customerId) {
        if (customers.require(customerId).status() == CustomerStatus.SUSPENDED) {
            throw new CustomerSuspendedException();
        }
    }

    private static String describe(NewToken token) {
        return token.keyId() + " (" + token.prefix() + ")";
    }
}
