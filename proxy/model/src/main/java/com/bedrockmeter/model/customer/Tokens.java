package com.bedrockmeter.model.customer;

import com.bedrockmeter.model.base.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer tokens: generated with 256 random bits from {@link SecureRandom} behind the recognisable prefix
 * {@value #PREFIX}; only their SHA-256 is ever stored. A salt or a slow hash buys nothing here: the tokens are
 * random, not passwords, and the hash must be fast on every request.
 */
public final class Tokens {

    public static final String PREFIX = "bm_";
    static final int MIN_LENGTH = 32;
    static final int MAX_LENGTH = 512;
    static final int MIN_DISTINCT_CHARACTERS = 16;
    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A new token: {@code bm_} + 43 base64url characters (256 bits). */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex SHA-256 of the token: the only form in which a token is stored or compared. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** What people may see of a token after it was shown once: enough to tell keys apart, too little to guess. */
    public static String displayPrefix(String token) {
        int visible = token.startsWith(PREFIX) ? PREFIX.length() + 4 : 4;
        return token.substring(0, visible) + "…";
    }

    /**
     * Accepts a caller-supplied token (the guide's {@code --token "$(openssl rand -base64 32)"}) only when it is
     * strong enough: at least {@value #MIN_LENGTH} printable characters without spaces, at least
     * {@value #MIN_DISTINCT_CHARACTERS} of them distinct.
     *
     * @throws InvalidInputException with code {@code weak_token}
     */
    public static String requireStrong(String token) {
        if (token == null || token.isBlank()) {
            throw weak("The token is empty.");
        }
        if (token.length() < MIN_LENGTH) {
            throw weak("The token has " + token.length() + " characters; at least " + MIN_LENGTH
                    + " are required (e.g. openssl rand -base64 32).");
        }
        if (token.length() > MAX_LENGTH) {
            throw weak("The token is longer than " + MAX_LENGTH + " characters.");
        }
        if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw weak("The token may contain only printable ASCII characters without spaces.");
        }
        long distinct = token.chars().distinct().count();
        if (distinct < MIN_DISTINCT_CHARACTERS) {
            throw weak("The token uses only " + distinct + " distinct characters; at least "
                    + MIN_DISTINCT_CHARACTERS + " are required. Use a random token (e.g. openssl rand -base64 32).");
        }
        return token;
    }

    private static InvalidInputException weak(String message) {
        return new InvalidInputException("weak_token", message);
    }
}
