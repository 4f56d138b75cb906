package com.bedrockmeter.proxy.invoke;

import com.bedrockmeter.model.usage.TokenCounts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * InvokeModel's token counts: Bedrock's {@code X-Amzn-Bedrock-*-Token-Count} headers, and for what they leave out
 * the body's {@code usage}. The body is parsed only when the input or output count is missing, or when the call
 * may have used the prompt cache and no cache header says so.
 */
final class InvokeTokens {

    static final String INPUT = "x-amzn-bedrock-input-token-count";
    static final String OUTPUT = "x-amzn-bedrock-output-token-count";
    static final String CACHE_READ = "x-amzn-bedrock-cache-read-input-token-count";
    static final String CACHE_WRITE = "x-amzn-bedrock-cache-write-input-token-count";

    private InvokeTokens() {
    }

    /**
     * @param header   the answer's headers, by name
     * @param maybeCached whether the request asked for prompt caching (so the body may count cache tokens)
     */
    static TokenCounts of(Function<String, Optional<String>> header, byte[] body, boolean maybeCached,
                          ObjectMapper json) {
        Optional<Long> in = count(header.apply(INPUT));
        Optional<Long> out = count(header.apply(OUTPUT));
        Optional<Long> cacheRead = count(header.apply(CACHE_READ));
        Optional<Long> cacheWrite = count(header.apply(CACHE_WRITE));
        boolean cacheKnown = (cacheRead.isPresent() && cacheWrite.isPresent()) || !maybeCached;
        if (in.isPresent() && out.isPresent() && cacheKnown) {
            return new TokenCounts(in.get(), out.get(), cacheRead.orElse(0L), cacheWrite.orElse(0L));
        }
        TokenCounts fromBody = fromBody(body, json);
        return new TokenCounts(in.orElse(fromBody.input()), out.orElse(fromBody.output()),
                cacheRead.orElse(fromBody.cacheRead()), cacheWrite.orElse(fromBody.cacheWrite()));
    }

    /**
     * Anthropic ({@code input_tokens}, {@code cache_read_input_tokens}, {@code cache_creation_input_tokens}),
     * Amazon Nova ({@code inputTokens}, {@code cacheReadInputTokenCount}, {@code cacheWriteInputTokenCount}) and
     * Titan-style bodies.
     */
    private static TokenCounts fromBody(byte[] body, ObjectMapper json) {
        try {
            JsonNode root = json.readTree(body);
            JsonNode usage = root.path("usage");
            long in = usage.path("input_tokens").asLong(usage.path("inputTokens").asLong(
                    root.path("inputTextTokenCount").asLong(0)));
            long out = usage.path("output_tokens").asLong(usage.path("outputTokens").asLong(
                    root.path("results").path(0).path("tokenCount").asLong(0)));
            long cacheRead = usage.path("cache_read_input_tokens").asLong(
                    usage.path("cacheReadInputTokenCount").asLong(0));
            long cacheWrite = usage.path("cache_creation_input_tokens").asLong(
                    usage.path("cacheWriteInputTokenCount").asLong(0));
            return new TokenCounts(Math.max(0, in), Math.max(0, out), Math.max(0, cacheRead), Math.max(0, cacheWrite));
        } catch (IOException | RuntimeException e) {
            return TokenCounts.NONE;
        }
    }

    private static Optional<Long> count(Optional<String> value) {
        return value.flatMap(v -> {
            try {
                long n = Long.parseLong(v.strip());
                return n < 0 ? Optional.empty() : Optional.of(n);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Whether a request body asks for prompt caching ({@code cache_control}, {@code cachePoint}). */
    static boolean mayUseTheCache(byte[] body) {
        return contains(body, CACHE_CONTROL) || contains(body, CACHE_POINT);
    }

    private static final byte[] CACHE_CONTROL = "cache_control".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CACHE_POINT = "cachePoint".getBytes(StandardCharsets.US_ASCII);

    private static boolean contains(byte[] body, byte[] word) {
        outer:
        for (int i = 0; i <= body.length - word.length; i++) {
            for (int j = 0; j < word.length; j++) {
                if (body[i + j] != word[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
