package com.bedrockmeter.model.customer;

/**
 * A token just issued: the only moment its plaintext exists outside the caller's hands. Show it once, never log
 * it; {@link #toString()} hides it.
 */
public record NewToken(String keyId, String token, String prefix) {
    @Override
    public String toString() {
        return "NewToken[keyId=" + keyId + ", prefix=" + prefix + "]";
    }
}
