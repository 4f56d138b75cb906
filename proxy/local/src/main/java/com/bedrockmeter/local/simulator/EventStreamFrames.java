package com.bedrockmeter.local.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The {@code application/vnd.amazon.eventstream} framing Bedrock streams with, written from its specification (not
 * with the SDK's encoder, so that the SDK decoding our frames in the tests checks this code):
 * <pre>
 * total length (4) | headers length (4) | prelude CRC32 (4) | headers | payload | message CRC32 (4)
 * header: name length (1) | name (UTF-8) | value type (1, 7 = string) | value length (2) | value (UTF-8)
 * </pre>
 * Both CRCs are CRC32 (IEEE), of the prelude's 8 bytes and of everything before the message CRC.
 */
final class EventStreamFrames {

    private static final byte STRING = 7;

    private EventStreamFrames() {
    }

    /** An event: {@code :message-type event}, {@code :event-type type}, {@code :content-type application/json}. */
    static byte[] event(String eventType, byte[] json) {
        return message(Map.of(":message-type", "event", ":event-type", eventType,
                ":content-type", "application/json"), json);
    }

    /** An exception as Bedrock sends one mid-stream: the SDKs raise it as the exception of that name. */
    static byte[] exception(String exceptionType, byte[] json) {
        return message(Map.of(":message-type", "exception", ":exception-type", exceptionType,
                ":content-type", "application/json"), json);
    }

    static byte[] message(Map<String, String> headers, byte[] payload) {
        ByteArrayOutputStream encodedHeaders = new ByteArrayOutputStream();
        headers.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            encodedHeaders.write(n.length);
            encodedHeaders.writeBytes(n);
            encodedHeaders.write(STRING);
            encodedHeaders.write((v.length >>> 8) & 0xFF);
            encodedHeaders.write(v.length & 0xFF);
            encodedHeaders.writeBytes(v);
        });
        byte[] h = encodedHeaders.toByteArray();
        int total = 12 + h.length + payload.length + 4;
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.putInt(total).putInt(h.length);
        frame.putInt((int) crc(frame.array(), 0, 8));
        frame.put(h).put(payload);
        frame.putInt((int) crc(frame.array(), 0, total - 4));
        return frame.array();
    }

    private static long crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
