package com.bedrockmeter.model.customer;

import com.bedrockmeter.model.base.InvalidInputException;
import java.security.SecureRandom;
import com.bedrockmeter.model.audit.AuditAction;
import com.bedrockmeter.model.audit.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API keys: issue, rotate with a grace period, revoke. A token's plaintext leaves this class once, in the
 * {@link NewToken} it returns; only its SHA-256 is stored.
 *
 * <p>Rotation adds the new key first and only then shortens the old ones, so a failure in between never leaves a
 * customer without a working key.
 */
public class ApiKeyService {

    /** The guide's rotation flow keeps the old token working while the customer migrates. */
    public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    public static final Duration MAX_GRACE = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoApiKeyRepository keys;
    private final DynamoCustomerRepository customers;
    private final Clock clock;
    private final AuditLog audit;

    public ApiKeyService(DynamoApiKeyRepository keys, DynamoCustomerRepository customers, Clock clock,
                         AuditLog audit) {
        this.keys = keys;
        this.customers = customers;
        this.clock = clock;
        this.audit = audit;
    }

    public record Rotation(NewToken token, List<ApiKey> retired, Instant oldKeysStopAt) {
    }

    /**
     * Issues a new key for an existing customer, audited as {@code key.create}.
     *
     * @throws CustomerSuspendedException for a suspended customer (revoking stays allowed)
     */
    public NewToken issueKey(String actor, String customerId, String name, Optional<String> suppliedToken) {
        requireNotSuspended(customerId);
        String token = suppliedToken.map(Tokens::requireStrong).orElseGet(Tokens::generate);
        requireUnused(token);
        NewToken issued = issue(customerId, requireKeyName(name), token);
        audit.record(actor, AuditAction.KEY_CREATE, customerId, null, describe(issued));
        return issued;
    }

    /**
     * Adds a new key and lets every other working key of the customer stop after {@code grace} (zero revokes them
     * now). Keys already expiring sooner keep their earlier end.
     */
    public Rotation rotateKey(String actor, String customerId, Optional<String> suppliedToken, Duration grace) {
        requireNotSuspended(customerId);
        if (grace == null || grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new InvalidInputException("invalid_grace_period",
                    "The grace period must be between 0 and " + MAX_GRACE.toDays() + " days.");
        }
        String token = suppliedToken.map(Tokens::requireStrong).orElseGet(Tokens::generate);
        requireUnused(token);
        Instant now = clock.instant();
        NewToken issued = issue(customerId, "rotated " + now.toString().substring(0, 10), token);
        Instant stopAt = now.plus(grace);
        List<ApiKey> retired = new ArrayList<>();
        for (ApiKey key : keys.findByCustomer(customerId)) {
            if (key.keyId().equals(issued.keyId()) || !key.usable(now)) {
                continue;
            }
            boolean changed = grace.isZero() ? keys.revoke(key.tokenHash(), now) : keys.expire(key.tokenHash(), stopAt);
            if (changed) {
                retired.add(key);
            }
        }
        audit.record(actor, AuditAction.KEY_ROTATE, customerId,
                "working: " + retired.stream().map(ApiKey::keyId).toList(),
                describe(issued) + "; old keys stop at " + stopAt);
        return new Rotation(issued, retired, stopAt);
    }

    /** Revokes one key now, audited as {@code key.revoke}. @return false if it had already stopped working */
    public boolean revokeKey(String actor, String customerId, String keyId) {
        ApiKey key = keys(customerId).stream().filter(k -> k.keyId().equals(keyId)).findFirst()
                .orElseThrow(() -> new InvalidInputException("key_not_found",
                        "Customer " + customerId + " has no key " + keyId));
        boolean revoked = keys.revoke(key.tokenHash(), clock.instant());
        audit.record(actor, AuditAction.KEY_REVOKE, customerId, "working: " + (revoked ? List.of(keyId) : List.of()),
                "revoked " + (revoked ? List.of(keyId) : List.of()));
        return revoked;
    }

    /** Revokes every working key of the customer now, audited as {@code key.revoke}. @return the keys revoked */
    public List<ApiKey> revokeAll(String actor, String customerId) {
        Instant now = clock.instant();
        List<ApiKey> revoked = keys(customerId).stream()
                .filter(k -> k.usable(now))
                .filter(k -> keys.revoke(k.tokenHash(), now))
                .toList();
        List<String> ids = revoked.stream().map(ApiKey::keyId).toList();
        audit.record(actor, AuditAction.KEY_REVOKE, customerId, "working: " + ids, "revoked " + ids);
        return revoked;
    }

    private void requireNotSuspended(String customerId) {
        Customer customer = customerId == null ? null : customers.find(customerId).orElse(null);
        if (customer == null) {
            throw new CustomerNotFoundException(customerId);
        }
        if (customer.status() == CustomerStatus.SUSPENDED) {
            throw new CustomerSuspendedException();
        }
    }

    /** The audit text of a new key: its id and the prefix its owner recognises it by, never the token. */
    private static String describe(NewToken token) {
        return token.keyId() + " (" + token.prefix() + ")";
    }

    public List<ApiKey> keys(String customerId) {
        requireCustomer(customerId);
        return keys.findByCustomer(customerId);
    }

    void requireUnused(String token) {
        if (keys.findByHash(Tokens.hash(token)).isPresent()) {
            throw new InvalidInputException("token_in_use", "That token is already in use; supply another one.");
        }
    }

    NewToken issue(String customerId, String name, String token) {
        String keyId = "key_" + HexFormat.of().formatHex(randomBytes(8));
        String prefix = Tokens.displayPrefix(token);
        ApiKey key = new ApiKey(keyId, Tokens.hash(token), customerId, name, prefix, clock.instant(),
                null, null, null);
        if (!keys.insert(key)) {
            throw new InvalidInputException("token_in_use", "That token is already in use; supply another one.");
        }
        return new NewToken(keyId, token, prefix);
    }

    private void requireCustomer(String customerId) {
        if (customerId == null || customers.find(customerId).isEmpty()) {
            throw new CustomerNotFoundException(customerId);
        }
    }

    private static String requireKeyName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 100) {
            throw new InvalidInputException("invalid_key_name", "A key name must have 1 to 100 characters.");
        }
        return clean;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
