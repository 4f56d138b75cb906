package com.bedrockmeter.local.simulator;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The random ids of Bedrock's answers: request ids, Claude's message ids and tool use ids. */
final class Ids {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Ids() {
    }

    /** A random (version 4) UUID, as {@code x-amzn-requestid} carries. */
    static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }

    /** {@code msg_bdrk_} and 24 letters and digits, as Bedrock names Claude's messages. */
    static String messageId() {
        return "msg_bdrk_" + random(24);
    }

    /** {@code toolu_bdrk_} and 24 letters and digits, as Bedrock names Claude's tool calls. */
    static String toolUseId() {
        return "toolu_bdrk_" + random(24);
    }

    private static String random(int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[length];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }
}
