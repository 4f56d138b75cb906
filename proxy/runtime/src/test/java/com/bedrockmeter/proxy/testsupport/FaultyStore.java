package com.bedrockmeter.proxy.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A DynamoDB endpoint that forwards to a real one (dynalite) and injects the faults a store shows in production:
 * a write applied whose answer is lost (the connection reset, or no answer before the client gives up), a write
 * refused with a 500 before it reaches the store, and the store down (every request refused) for a while.
 * Faults apply to the requests {@link #targeting} selects (by default every UpdateItem).
 */
public final class FaultyStore implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "expect",
            "transfer-encoding", "upgrade", "keep-alive");

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile double appliedThenResetRate;
    private volatile double appliedThenHungRate;
    private volatile double refusedRate;
    private volatile Duration hang = Duration.ofSeconds(3);
    private volatile long downUntilNanos;
    private volatile long pausedUntilNanos;
    private volatile Predicate<String> targeting = body -> true;
    private final AtomicLong appliedThenLost = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private FaultyStore(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "faulty-store");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static FaultyStore in(URI target) {
        try {
            return new FaultyStore(target);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Rates (0..1) of each fault on targeted UpdateItems; {@code hang} must outlast the client's call timeout. */
    public FaultyStore faults(double appliedThenReset, double appliedThenHung, double refusedWrites, Duration hang) {
        this.appliedThenResetRate = appliedThenReset;
        this.appliedThenHungRate = appliedThenHung;
        this.refusedRate = refusedWrites;
        this.hang = hang;
        return this;
    }

    /** Which UpdateItem bodies the faults apply to. */
    public FaultyStore targeting(Predicate<String> updateItemBody) {
        this.targeting = updateItemBody;
        return this;
    }

    /** Every request refused for {@code period}, from now. */
    public void down(Duration period) {
        downUntilNanos = System.nanoTime() + period.toNanos();
    }

    /**
     * The store stops answering for {@code period}, as a paused process does: requests wait, and are applied when
     * it resumes, long after their clients gave up (the measured "dynalite paused for 3-4 s" case).
     */
    public void pause(Duration period) {
        pausedUntilNanos = System.nanoTime() + period.toNanos();
    }

    public void clear() {
        faults(0, 0, 0, hang);
        downUntilNanos = 0;
        pausedUntilNanos = 0;
    }

    /** Writes the store applied whose answer the client never got. */
    public long appliedThenLost() {
        return appliedThenLost.get();
    }

    public long refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            boolean targeted = operation != null && operation.endsWith(".UpdateItem")
                    && targeting.test(new String(body, StandardCharsets.UTF_8));
            if (System.nanoTime() < downUntilNanos) {
                refuse(exchange);
                return;
            }
            long pausedFor = pausedUntilNanos - System.nanoTime();
            if (pausedFor > 0) {
                Thread.sleep(pausedFor / 1_000_000 + 1);
            }
            double roll = ThreadLocalRandom.current().nextDouble();
            if (targeted && roll < refusedRate) {
                refuse(exchange);
                return;
            }
            HttpResponse<byte[]> answer = forward(exchange, body);
            if (targeted && roll < refusedRate + appliedThenResetRate) {
                appliedThenLost.incrementAndGet();
                return; // closing the exchange without an answer: the client sees the connection end
            }
            if (targeted && roll < refusedRate + appliedThenResetRate + appliedThenHungRate) {
                appliedThenLost.incrementAndGet();
                Thread.sleep(hang.toMillis()); // the client gives up first
                return;
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase())) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refuse(HttpExchange exchange) throws IOException {
        refused.incrementAndGet();
        byte[] error = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"injected\"}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(500, error.length);
        exchange.getResponseBody().write(error);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getPath()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
