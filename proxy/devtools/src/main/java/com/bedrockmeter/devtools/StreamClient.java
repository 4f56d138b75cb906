package com.bedrockmeter.devtools;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The load generator for streamed answers, which wrk cannot time: it measures the time to the first byte of the
 * body (an event stream's first frame, or the first server-sent event of an OpenAI stream) as well as to the end of
 * the HTTP response. The body is not parsed, so any streamed format is timed alike. Like wrk: keep-alive
 * connections, each sending its next request as soon as its answer is complete, served by two threads with a
 * selector each (non-blocking sockets, so the client costs the shared cores little whatever the concurrency). Times
 * run from the request written to the read that brought the byte.
 */
final class StreamClient {

    private StreamClient() {
    }

    /** Sends {@code request} on {@code connections} connections for {@code duration}; calls in flight then end. */
    static Measured run(ExecutorService threads, InetSocketAddress address, byte[] request, int connections,
                       Duration duration) throws Exception {
        int threadCount = Math.min(connections, 2);
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        List<Future<Timings>> parts = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            int share = connections / threadCount + (t < connections % threadCount ? 1 : 0);
            parts.add(threads.submit(() -> loop(address, request, share, deadline)));
        }
        Timings all = new Timings();
        for (Future<Timings> part : parts) {
            all.add(part.get());
        }
        return Measured.of(all.first.values(), all.last.values(), all.failures, (System.nanoTime() - started) / 1e9);
    }

    private static Timings loop(InetSocketAddress address, byte[] request, int connections, long deadline)
            throws IOException {
        Timings timings = new Timings();
        ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                new Connection(address, request, selector).send();
            }
            int open = connections;
            long giveUp = deadline + Duration.ofSeconds(30).toNanos();
            while (open > 0 && System.nanoTime() < giveUp) {
                selector.select(1000);
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection connection = (Connection) key.attachment();
                    if (key.isValid() && key.isWritable()) {
                        connection.write();
                    } else if (key.isValid() && key.isReadable() && !connection.read(in, timings, deadline)) {
                        open--;
                    }
                }
            }
            for (SelectionKey key : selector.keys()) {
                if (key.channel().isOpen()) {
                    key.channel().close();
                    timings.fail("no answer within 30 s of the run's end");
                }
            }
        }
        return timings;
    }

    /** One keep-alive connection and its call in flight. */
    private static final class Connection {
        private final InetSocketAddress address;
        private final byte[] request;
        private final Selector selector;
        private final ResponseReader reader = new ResponseReader();
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer out;
        private long sentAt;
        private long firstByteAt;

        Connection(InetSocketAddress address, byte[] request, Selector selector) throws IOException {
            this.address = address;
            this.request = request;
            this.selector = selector;
            connect();
        }

        private void connect() throws IOException {
            channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
        }

        void send() throws IOException {
            reader.reset();
            firstByteAt = 0;
            out = ByteBuffer.wrap(request);
            sentAt = System.nanoTime();
            write();
        }

        void write() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Reads what arrived; false once the connection is closed for good (the run is over). */
        boolean read(ByteBuffer in, Timings timings, long deadline) throws IOException {
            in.clear();
            int n;
            try {
                n = channel.read(in);
            } catch (IOException reset) {
                n = -1;
            }
            long now = System.nanoTime();
            boolean complete;
            if (n < 0) {
                complete = reader.endOfStream();
            } else {
                in.flip();
                complete = reader.feed(in);
            }
            if (firstByteAt == 0 && reader.bodyStarted()) {
                firstByteAt = now;
            }
            if (!complete && n >= 0) {
                return true;
            }
            if (n < 0 && !reader.started()) {
                // the server closed the idle connection as the request went out (a keep-alive race): send it
                // again on a new connection, as HTTP clients do, the time of the reconnection included
                channel.close();
                connect();
                out = ByteBuffer.wrap(request);
                write();
                return true;
            }
            if (complete && reader.status() == 200) {
                timings.first.add(firstByteAt - sentAt);
                timings.last.add(now - sentAt);
            } else {
                timings.fail(complete ? "status " + reader.status() : "connection closed mid-answer");
            }
            if (n < 0 || reader.closesConnection()) {
                channel.close(); // Tomcat closes a connection after 100 calls by default: open the next one
                if (now < deadline) {
                    connect();
                }
            }
            if (now < deadline) {
                send();
                return true;
            }
            channel.close();
            return false;
        }
    }

    /** What one thread measured. */
    private static final class Timings {
        final Longs first = new Longs();
        final Longs last = new Longs();
        final Map<String, Long> failures = new TreeMap<>();

        void fail(String why) {
            failures.merge(why, 1L, Long::sum);
        }

        void add(Timings other) {
            first.addAll(other.first);
            last.addAll(other.last);
            other.failures.forEach((why, count) -> failures.merge(why, count, Long::sum));
        }
    }
}
