package com.bedrockmeter.proxy.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.usage.TokenCounts;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/** The usage readers on answers with prompt caching, fed in pieces as the bytes pass through. */
class UsageReadersTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void invokeStream_readsCacheTokensApartFromInput_andTheInvocationMetricsWin() {
        // given Claude's stream: message_start with its usage, a delta, message_delta, then the metrics
        byte[] stream = concat(
                chunk("{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":12,"
                        + "\"cache_read_input_tokens\":900,\"cache_creation_input_tokens\":0,\"output_tokens\":1}}}"),
                chunk("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
                        + "\"text\":\"Hi\"}}"),
                chunk("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                        + "\"usage\":{\"output_tokens\":5}}"),
                chunk("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":12,"
                        + "\"outputTokenCount\":5,\"cacheReadInputTokenCount\":900,"
                        + "\"cacheWriteInputTokenCount\":300}}"));

        // when
        UsageReader reader = new InvokeStreamUsage(json);
        feedInPieces(reader, stream, 7);

        // then
        assertThat(reader.tokens()).isEqualTo(new TokenCounts(12, 5, 900, 300));
        assertThat(reader.exceptionType()).isNull();
    }

    @Test
    void invokeStream_keepsMessageStartsCacheTokens_whenTheStreamBreaksOffBeforeTheMetrics() {
        // given
        byte[] stream = concat(
                chunk("{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3,"
                        + "\"cache_read_input_tokens\":0,\"cache_creation_input_tokens\":2048}}}"),
                chunk("{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}"));

        // when
        UsageReader reader = new InvokeStreamUsage(json);
        feedInPieces(reader, stream, 3);

        // then: the one delta received counts as one output token
        assertThat(reader.tokens()).isEqualTo(new TokenCounts(3, 1, 0, 2048));
    }

    @Test
    void converseStream_readsTheMetadataEventsCacheTokens() {
        // given
        byte[] stream = concat(
                event("messageStart", "{\"role\":\"assistant\"}"),
                event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}"),
                event("messageStop", "{\"stopReason\":\"end_turn\"}"),
                event("metadata", "{\"usage\":{\"inputTokens\":8,\"outputTokens\":4,\"totalTokens\":1512,"
                        + "\"cacheReadInputTokens\":1000,\"cacheWriteInputTokens\":500},\"metrics\":{}}"));

        // when
        UsageReader reader = new ConverseStreamUsage(json);
        feedInPieces(reader, stream, 11);

        // then
        assertThat(reader.tokens()).isEqualTo(new TokenCounts(8, 4, 1000, 500));
    }

    @Test
    void converse_readsTheBodysCacheTokens_andNoneWhenAbsent() {
        // given
        byte[] cached = ("{\"output\":{},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":8,\"outputTokens\":4,"
                + "\"cacheReadInputTokens\":1000,\"cacheWriteInputTokens\":0,\"totalTokens\":1012}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] plain = "{\"usage\":{\"inputTokens\":8,\"outputTokens\":4,\"totalTokens\":12}}"
                .getBytes(StandardCharsets.UTF_8);

        // when
        UsageReader withCache = new ConverseUsage(json);
        feedInPieces(withCache, cached, 5);
        UsageReader without = new ConverseUsage(json);
        feedInPieces(without, plain, 5);

        // then
        assertThat(withCache.tokens()).isEqualTo(new TokenCounts(8, 4, 1000, 0));
        assertThat(without.tokens()).isEqualTo(new TokenCounts(8, 4, 0, 0));
    }

    private static void feedInPieces(UsageReader reader, byte[] bytes, int piece) {
        for (int at = 0; at < bytes.length; at += piece) {
            reader.feed(bytes, at, Math.min(piece, bytes.length - at));
        }
    }

    /** An InvokeModelWithResponseStream {@code chunk} event carrying one Claude stream event. */
    private static byte[] chunk(String claudeEvent) {
        String payload = "{\"bytes\":\"" + Base64.getEncoder().encodeToString(
                claudeEvent.getBytes(StandardCharsets.UTF_8)) + "\",\"p\":\"abc\"}";
        return event("chunk", payload);
    }

    private static byte[] event(String type, String payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        ByteBuffer frame = new Message(headers, payload.getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
