package com.bedrockmeter.portal.apikey;

import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.proxy.audit.AuditLog;
import com.bedrockmeter.proxy.customer.ApiKey;
import com.bedrockmeter.proxy.customer.ApiKeyService;
import com.bedrockmeter.proxy.customer.NewToken;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * A customer's API keys as the portal offers them: every method first checks that the signed-in person may act on
 * this customer (their own, or any for an admin), whatever the caller passes in.
 *
 * @throws org.springframework.security.access.AccessDeniedException for another customer's keys
 */
@Service
@PreAuthorize("hasRole('USER')")
public class ApiKeyPortalService {

    private final ApiKeyService keys;
    private final CurrentUser currentUser;
    private final AuditLog audit;

    ApiKeyPortalService(ApiKeyService keys, CurrentUser currentUser, AuditLog audit) {
        this.keys = keys;
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
        NewToken token = keys.issueKey(customerId, name, Optional.empty());
        audit.record(currentUser.actor(), "key.create", customerId, null, describe(token));
        return token;
    }

    public ApiKeyService.Rotation rotate(String customerId, Duration grace) {
        currentUser.requireAccessTo(customerId);
        ApiKeyService.Rotation rotation = keys.rotateKey(customerId, Optional.empty(), grace);
        audit.record(currentUser.actor(), "key.rotate", customerId,
                "working: " + rotation.retired().stream().map(ApiKey::keyId).toList(),
                describe(rotation.token()) + "; old keys stop at " + rotation.oldKeysStopAt());
        return rotation;
    }

    public boolean revoke(String customerId, String keyId) {
        currentUser.requireAccessTo(customerId);
        boolean revoked = keys.revokeKey(customerId, keyId);
        audit.record(currentUser.actor(), "key.revoke", customerId, keyId + " working", keyId
                + (revoked ? " revoked" : " had already stopped working"));
        return revoked;
    }

    private static String describe(NewToken token) {
        return token.keyId() + " (" + token.prefix() + ")";
    }
}
