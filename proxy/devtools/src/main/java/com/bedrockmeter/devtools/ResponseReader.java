package com.bedrockmeter.devtools;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response as its bytes arrive, in whatever pieces: status line and headers, then a body of
 * {@code Content-Length} bytes or in chunks, to its end. It says when the first byte of the body has been read (for
 * an event stream, the first byte of its first frame; for server-sent events, of the first event: chunk sizes are
 * framing, not body) and when the response is complete (the last chunk, or as many bytes as announced), which is all
 * the {@link StreamClient} times; the body itself is skipped, whatever its format.
 */
final class ResponseReader {

    private enum State { HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE }

    private final StringBuilder line = new StringBuilder();
    private State state;
    private int status;
    private long length;
    private boolean chunked;
    private boolean closes;
    private boolean bodyStarted;
    private long remaining;

    ResponseReader() {
        reset();
    }

    /** Ready for the next response on the connection. */
    void reset() {
        state = State.HEAD;
        line.setLength(0);
        status = 0;
        length = -1;
        chunked = false;
        closes = false;
        bodyStarted = false;
    }

    /** Consumes what {@code in} holds; true once the response is complete (bytes past its end are left in it). */
    boolean feed(ByteBuffer in) {
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    remaining -= n;
                    bodyStarted |= n > 0;
                    if (remaining == 0) {
                        state = state == State.BODY ? State.DONE : State.CHUNK_END;
                    }
                }
                case UNTIL_CLOSE -> {
                    bodyStarted = true;
                    in.position(in.limit());
                }
                default -> {
                    if (readLine(in)) {
                        endOfLine(line.toString());
                        line.setLength(0);
                    }
                }
            }
        }
        return state == State.DONE;
    }

    /** The connection ended: true if that ended a body sent until the close, false if it cut a response off. */
    boolean endOfStream() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            return true;
        }
        return false;
    }

    /** Whether any byte of the response has been read. */
    boolean started() {
        return status != 0 || line.length() > 0;
    }

    int status() {
        return status;
    }

    boolean bodyStarted() {
        return bodyStarted;
    }

    /** Whether the server closes the connection after this response ({@code Connection: close}). */
    boolean closesConnection() {
        return closes;
    }

    private boolean readLine(ByteBuffer in) {
        while (in.hasRemaining()) {
            char c = (char) (in.get() & 0xff);
            if (c == '\n') {
                return true;
            }
            if (c != '\r') {
                line.append(c);
            }
        }
        return false;
    }

    private void endOfLine(String text) {
        switch (state) {
            case HEAD -> {
                if (status == 0) {
                    status = Integer.parseInt(text.split(" ")[1]);
                } else if (!text.isEmpty()) {
                    header(text);
                } else if (chunked) {
                    state = State.CHUNK_SIZE;
                } else if (length > 0) {
                    remaining = length;
                    state = State.BODY;
                } else {
                    state = length == 0 || status == 204 || status == 304 ? State.DONE : State.UNTIL_CLOSE;
                }
            }
            case CHUNK_SIZE -> {
                int end = text.indexOf(';');
                remaining = Long.parseLong((end < 0 ? text : text.substring(0, end)).trim(), 16);
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> state = State.CHUNK_SIZE;
            case TRAILERS -> state = text.isEmpty() ? State.DONE : State.TRAILERS;
            default -> throw new IllegalStateException("no line expected in " + state);
        }
    }

    private void header(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return;
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "content-length" -> length = Long.parseLong(value);
            case "transfer-encoding" -> chunked = value.contains("chunked");
            case "connection" -> closes = value.contains("close");
            default -> { }
        }
    }
}
