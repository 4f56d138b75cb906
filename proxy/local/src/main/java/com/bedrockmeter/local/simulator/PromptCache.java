package com.bedrockmeter.local.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompt prefixes one simulator has cached, by model: a bounded set of prefix hashes, each kept for its cache
 * point's TTL (5 minutes unless the request asks for {@code 1h}) and refreshed by every hit, as Claude's cache is.
 *
 * <p>A request with cache points reads the longest prefix the cache holds, at any block boundary up to its last
 * cache point, and writes the rest up to that point: the first request with a prefix writes it whole, the next ones
 * read it. Thread-safe.
 */
final class PromptCache {

    static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    static final int DEFAULT_CAPACITY = 10_000;

    /** The tokens a request read from the cache and wrote to it. */
    record Use(int readTokens, int writeTokens) {
        static final Use NONE = new Use(0, 0);
    }

    private record Entry(long expiresMillis, long ttlMillis) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries;

    PromptCache(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    PromptCache(Clock clock, int capacity) {
        this.clock = clock;
        // access order: the prefix used longest ago goes first when the set is full
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Reads what this cache holds of {@code prefix} and caches the rest; {@link Use#NONE} for no cache point. */
    synchronized Use use(String modelId, CachePrefix prefix) {
        if (prefix.isEmpty()) {
            return Use.NONE;
        }
        long now = clock.millis();
        List<CachePrefix.Boundary> boundaries = prefix.boundaries();
        int read = 0;
        for (int i = boundaries.size() - 1; i >= 0; i--) {
            String key = modelId + "/" + boundaries.get(i).hash();
            Entry entry = entries.get(key);
            if (entry != null && entry.expiresMillis() > now) {
                entries.put(key, new Entry(now + entry.ttlMillis(), entry.ttlMillis()));
                read = boundaries.get(i).tokens();
                break;
            }
            if (entry != null) {
                entries.remove(key);
            }
        }
        for (CachePrefix.Boundary boundary : boundaries) {
            if (boundary.cachePoint() && boundary.tokens() > read) {
                long ttl = boundary.ttl().toMillis();
                entries.put(modelId + "/" + boundary.hash(), new Entry(now + ttl, ttl));
            }
        }
        return new Use(read, prefix.tokens() - read);
    }
}
