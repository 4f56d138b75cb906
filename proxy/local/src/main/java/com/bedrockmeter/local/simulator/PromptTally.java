package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Counts a prompt's tokens block by block in the order Claude caches it (tools, then system, then messages, each
 * message 8 tokens and then its blocks) and notes its cache points. The prefix hashes are computed only for a
 * request that marks a cache point, so that plain requests pay nothing for them.
 */
final class PromptTally {

    /** Claude takes at most four cache points a request. */
    static final int MAX_CACHE_POINTS = 4;
    /** What every message adds to the prompt's tokens, beside its blocks. */
    static final int MESSAGE_TOKENS = 8;

    /** One step of the prompt: a block (a boundary a cache point can follow) or the start of a message. */
    private record Step(String kind, JsonNode content, int tokensAfter, boolean block) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final Map<Integer, Duration> cachePoints = new HashMap<>();
    private int marks;
    private int tokens;

    void message(String role) {
        tokens += MESSAGE_TOKENS;
        steps.add(new Step("message:" + role, null, tokens, false));
    }

    void block(String kind, JsonNode content, int blockTokens) {
        tokens += blockTokens;
        steps.add(new Step(kind, content, tokens, true));
    }

    /** Marks the end of the block just counted as a cache point; false if no block came before it. */
    boolean cachePoint(Duration ttl) {
        marks++;
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).block()) {
                cachePoints.merge(i, ttl, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                return true;
            }
        }
        return false;
    }

    int tokens() {
        return tokens;
    }

    /** How many cache points the request marked. */
    int cachePointsMarked() {
        return marks;
    }

    CachePrefix prefix() {
        if (cachePoints.isEmpty()) {
            return CachePrefix.NONE;
        }
        int last = cachePoints.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        MessageDigest sha = sha256();
        List<CachePrefix.Boundary> boundaries = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            Step step = steps.get(i);
            sha.update(step.kind().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            if (step.content() != null) {
                canonical(step.content(), sha, true);
                sha.update((byte) 0);
            }
            if (step.block()) {
                boundaries.add(new CachePrefix.Boundary(step.tokensAfter(), hash(sha), cachePoints.get(i)));
            }
        }
        return new CachePrefix(boundaries);
    }

    /**
     * Feeds {@code node} to the digest in a canonical form (keys sorted, so that their order does not matter), without
     * the {@code cache_control} of a block: moving a cache point does not change what a block holds.
     */
    private static void canonical(JsonNode node, MessageDigest sha, boolean block) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            sha.update((byte) '{');
            for (String name : names) {
                if (block && name.equals("cache_control")) {
                    continue;
                }
                sha.update(TextNode.valueOf(name).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) ':');
                canonical(node.get(name), sha, false);
                sha.update((byte) ',');
            }
            sha.update((byte) '}');
        } else if (node.isArray()) {
            sha.update((byte) '[');
            for (JsonNode item : node) {
                canonical(item, sha, false);
                sha.update((byte) ',');
            }
            sha.update((byte) ']');
        } else {
            sha.update(node.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String hash(MessageDigest sha) {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be cloned here", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
