package com.bedrockmeter.proxy.auth;

import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.customer.ApiKey;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.DynamoApiKeyRepository;
import com.bedrockmeter.model.customer.DynamoCustomerRepository;
import com.bedrockmeter.model.customer.Tokens;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Turns an {@code Authorization: Bearer <token>} header into a {@link Caller}.
 *
 * <p>Keys and customers are cached for the configured TTL (default 2 s): a revoked key, an expired grace period
 * or a suspension takes effect within that time on every proxy instance. Expiry itself is checked on every call
 * against the clock, so a grace period ends exactly on time. Last use is written at most once a minute per key,
 * off the request thread.
 *
 * <p>Floods of bad tokens: a token too short or too long to be one we issue or accept is refused without a read;
 * unknown tokens are remembered in a cache of their own, so repeating one costs no read, and a flood of distinct
 * ones cannot evict the valid keys (each costs one read, bounded by the API's throttles and WAF rule).
 */
public class ApiKeyAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);
    private static final String BEARER = "Bearer ";
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final DynamoApiKeyRepository keys;
    private final DynamoCustomerRepository customers;
    private final Clock clock;
    private final Executor background;
    /** Shortest token {@code Tokens.requireStrong} accepts; the longest we look up (ours are 46 characters). */
    static final int MIN_TOKEN_LENGTH = 32;
    static final int MAX_TOKEN_LENGTH = 512;

    private final Cache<String, ApiKey> keyCache;
    private final Cache<String, Boolean> unknownTokens;
    private final Cache<String, Optional<Customer>> customerCache;
    private final Cache<String, Instant> lastTouched;

    public ApiKeyAuthenticator(DynamoApiKeyRepository keys, DynamoCustomerRepository customers, Clock clock,
                               Duration cacheTtl, Executor background) {
        this(keys, customers, clock, cacheTtl, background, 100_000);
    }

    ApiKeyAuthenticator(DynamoApiKeyRepository keys, DynamoCustomerRepository customers, Clock clock,
                        Duration cacheTtl, Executor background, int cacheSize) {
        this.keys = keys;
        this.customers = customers;
        this.clock = clock;
        this.background = background;
        this.keyCache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(cacheSize).build();
        this.unknownTokens = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(cacheSize).build();
        this.customerCache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(cacheSize).build();
        this.lastTouched = Caffeine.newBuilder().expireAfterWrite(TOUCH_INTERVAL).maximumSize(100_000).build();
    }

    /**
     * @return the caller, also for a suspended customer: {@link Caller#requireActive()} refuses that one, in the
     *         pipeline, where the refusal is metered like the others
     * @throws ApiException 401 for a missing, malformed, unknown, revoked or expired token;
     *                      {@link com.bedrockmeter.model.base.StoreUnavailableException} (503) when the store cannot
     *                      be read
     */
    public Caller authenticate(String authorization) {
        String token = bearerToken(authorization);
        if (token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
            throw invalidToken();
        }
        String hash = Tokens.hash(token);
        if (unknownTokens.getIfPresent(hash) != null) {
            throw invalidToken();
        }
        ApiKey key = keyCache.get(hash, h -> keys.findByHash(h).orElse(null));
        if (key == null) {
            unknownTokens.put(hash, Boolean.TRUE);
            throw invalidToken();
        }
        Instant now = clock.instant();
        switch (key.status(now)) {
            case REVOKED -> throw unauthorized("token_revoked", "The bearer token has been revoked.");
            case EXPIRED -> throw unauthorized("token_expired",
                    "The bearer token was rotated and its grace period has ended; use the new token.");
            default -> { }
        }
        Customer customer = customerCache.get(key.customerId(), customers::find)
                .orElseThrow(() -> unauthorized("invalid_token", "The bearer token is not valid."));
        if (customer.active()) {
            recordUse(key, now);
        }
        return new Caller(customer, key);
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("missing_token", "Send the header 'Authorization: Bearer <token>'.");
        }
        if (authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized("malformed_authorization",
                    "The Authorization header must have the form 'Bearer <token>'.");
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw unauthorized("malformed_authorization",
                    "The Authorization header must have the form 'Bearer <token>'.");
        }
        return token;
    }

    private void recordUse(ApiKey key, Instant now) {
        if (lastTouched.asMap().putIfAbsent(key.tokenHash(), now) != null) {
            return;
        }
        background.execute(() -> {
            try {
                keys.touch(key.tokenHash(), now);
            } catch (RuntimeException e) {
                log.warn("Could not record last use of key {}: {}", key.keyId(), e.getMessage());
            }
        });
    }

    private static ApiException invalidToken() {
        return unauthorized("invalid_token", "The bearer token is not valid.");
    }

    private static ApiException unauthorized(String code, String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED.value(), code, message);
    }
}
