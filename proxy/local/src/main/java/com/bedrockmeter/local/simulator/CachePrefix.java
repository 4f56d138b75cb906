package com.bedrockmeter.local.simulator;

import java.time.Duration;
import java.util.List;

/**
 * The prompt up to and including its last cache point, as the block boundaries a cache can hold: after each block,
 * the tokens so far and a hash of everything so far. Empty ({@link #NONE}) when the request marks no cache point.
 */
record CachePrefix(List<Boundary> boundaries) {

    static final CachePrefix NONE = new CachePrefix(List.of());

    /** The end of one block: {@code ttl} is the cache point's there, null if the block is no cache point. */
    record Boundary(int tokens, String hash, Duration ttl) {

        boolean cachePoint() {
            return ttl != null;
        }
    }

    CachePrefix {
        boundaries = List.copyOf(boundaries);
    }

    boolean isEmpty() {
        return boundaries.isEmpty();
    }

    /** The tokens of the cached prefix. */
    int tokens() {
        return boundaries.isEmpty() ? 0 : boundaries.get(boundaries.size() - 1).tokens();
    }
}
