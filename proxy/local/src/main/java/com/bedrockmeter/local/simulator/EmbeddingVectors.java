package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * The simulated embedding of a text: a vector that depends only on the model id and the text, so that the same text
 * always gets the same vector and two texts (or two models) get unrelated ones. Its components are drawn uniformly
 * from [-1, 1) by a {@link SplittableRandom} seeded with the first 8 bytes of SHA-256({@code modelId}, NUL,
 * {@code text}) (that generator's sequence is fixed by its specification, so the vectors do not change with the JDK);
 * fewer dimensions take the first components of the same sequence. Normalized, the vector has unit length.
 * The quantized forms (Cohere's {@code int8}, {@code uint8}, {@code binary}, {@code ubinary}, Titan's
 * {@code binary}) are derived from it.
 */
final class EmbeddingVectors {

    private EmbeddingVectors() {
    }

    static float[] of(String modelId, String text, int dimensions, boolean normalize) {
        SplittableRandom random = new SplittableRandom(seed(modelId, text));
        double[] components = new double[dimensions];
        double squares = 0;
        for (int i = 0; i < dimensions; i++) {
            components[i] = random.nextDouble(-1, 1);
            squares += components[i] * components[i];
        }
        double scale = normalize ? 1 / Math.sqrt(squares) : 1;
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (components[i] * scale);
        }
        return vector;
    }

    static ArrayNode floats(ArrayNode array, float[] vector) {
        for (float component : vector) {
            array.add(component);
        }
        return array;
    }

    /** Titan's binary embedding: 1 for each positive component, 0 for the others. */
    static ArrayNode signs(ArrayNode array, float[] vector) {
        for (float component : vector) {
            array.add(component > 0 ? 1 : 0);
        }
        return array;
    }

    /** Each component scaled so that the largest magnitude is 127, rounded; {@code offset} is added (128: uint8). */
    static ArrayNode bytes(ArrayNode array, float[] vector, int offset) {
        float largest = Float.MIN_NORMAL;
        for (float component : vector) {
            largest = Math.max(largest, Math.abs(component));
        }
        for (float component : vector) {
            array.add(Math.round(component / largest * 127) + offset);
        }
        return array;
    }

    /**
     * Cohere's packed binary embedding: one bit per component (1 if positive), eight to a byte, the first component in
     * the highest bit; each byte as 0..255 ({@code ubinary}, offset 0) or -128..127 ({@code binary}, offset -128).
     */
    static ArrayNode packedBits(ArrayNode array, float[] vector, int offset) {
        for (int start = 0; start < vector.length; start += 8) {
            int packed = 0;
            for (int bit = 0; bit < 8; bit++) {
                int i = start + bit;
                packed = packed << 1 | (i < vector.length && vector[i] > 0 ? 1 : 0);
            }
            array.add(packed + offset);
        }
        return array;
    }

    private static long seed(String modelId, String text) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(modelId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha256.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
