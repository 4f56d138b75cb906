package com.bedrockmeter.proxy.customer;

import java.security.SecureRandom;
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

    public ApiKeyService(DynamoApiKeyRepository keys, DynamoCustomerRepository customers, Clock clock) {
        this.keys = keys;
        this.customers = customers;
        this.clock = clock;
    }

    public record Rotation(NewToken token, List<ApiKey> retired, Instant oldKeysStopAt) {
    }

    /** Issues a new key for an existing customer. */
    public NewToken issueKey(String customerId, String name, Optional<String> suppliedToken) {
        requireCustomer(customerId);
        String token = suppliedToken.map(Tokens::requireStrong).orElseGet(Tokens::generate);
        requireUnused(token);
        return issue(customerId, requireKeyName(name), token);
    }

    /**
     * Adds a new key and lets every other working key of the customer stop after {@code grace} (zero revokes them
     * now). Keys already expiring sooner keep their earlier end.
     */
    public Rotation rotateKey(String customerId, Optional<String> suppliedToken, Duration grace) {
        requireCustomer(customerId);
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
        return new Rotation(issued, retired, stopAt);
    }

    /** Revokes one key now. @return false if it had already stopped working */
    public boolean revokeKey(String customerId, String keyId) {
        ApiKey key = keys(customerId).stream().filter(k -> k.keyId().equals(keyId)).findFirst()
                .orElseThrow(() -> new InvalidInputException("key_not_found",
                        "Customer " + customerId + " has no key " + keyId));
        return keys.revoke(key.tokenHash(), clock.instant());
    }

    /** Revokes every working key of the customer now. @return the keys revoked */
    public List<ApiKey> revokeAll(String customerId) {
        Instant now = clock.instant();
        return keys(customerId).stream()
                .filter(k -> k.usable(now))
                .filter(k -> keys.revoke(k.tokenHash(), now))
                .toList();
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
