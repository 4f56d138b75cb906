package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An in-process stand-in for the AWS Bedrock runtime, for local runs and tests: point a real
 * {@code BedrockRuntimeClient} at {@link #endpoint()} with {@code endpointOverride}.
 *
 * <p><b>What it simulates.</b> The InvokeModel operation of Bedrock's REST protocol,
 * {@code POST /model/{modelId}/invoke} (the model id raw or URL-encoded, e.g. {@code %3A} for {@code :}), and
 * InvokeModelWithResponseStream, {@code POST /model/{modelId}/invoke-with-response-stream}, the same answer as an
 * event stream ({@link ResponseStream}, {@link EventStreamFrames}) at a {@linkplain SimulatorFaults#streamPace
 * settable pace}, and Converse and ConverseStream ({@code /converse}, {@code /converse-stream}: {@link
 * ConverseMessages}, {@link ConverseAnswers}, the same answer in their shapes),
 * for Anthropic Claude models: ids matching
 * {@code ^(?:(?:us|eu|apac|global)\.)?anthropic\.claude-[a-z0-9.-]+(?:-v\d+(?::\d+)?)?$} (the version suffix is
 * optional: {@code anthropic.claude-sonnet-4-6} has none). The body must be an
 * Anthropic Messages request as Bedrock takes it ({@code anthropic_version}, {@code max_tokens},
 * {@code messages}, optional {@code system}, {@code temperature}, {@code top_p}, {@code top_k},
 * {@code stop_sequences}; {@code anthropic_beta}, {@code tools}, {@code tool_choice} and {@code thinking}
 * are accepted and ignored). Like Bedrock, any other top-level key, e.g. a {@code modelId} left in the
 * body, is refused with a {@code ValidationException}. Errors use the restJson1 shape the AWS SDK reads:
 * the status of the error type, {@code x-amzn-errortype}, {@code x-amzn-requestid} and
 * {@code {"message":"..."}}. Other paths and methods answer 404 {@code UnknownOperationException}.
 *
 * <p><b>The deterministic answer and its token counts.</b>
 * <ul>
 *   <li>a <i>word</i> is a maximal run of non-whitespace characters ({@link Character#isWhitespace});</li>
 *   <li>{@code input_tokens} = words of {@code system} + words of every text of every message
 *       + 8 per message;</li>
 *   <li>the answer is {@code Simulated answer from <modelId> to: <text of the last user message>}, that text
 *       (its blocks joined by a space) cut to its first 200 characters, and {@code <modelId>} as the
 *       request path gave it;</li>
 *   <li>if the answer contains a stop sequence, it is cut before the earliest one ({@code stop_reason}
 *       {@code stop_sequence});</li>
 *   <li>{@code output_tokens} = words of the answer; if that exceeds {@code max_tokens}, the answer is cut
 *       to its first {@code max_tokens} words and {@code stop_reason} is {@code max_tokens}; otherwise it is
 *       {@code end_turn}.</li>
 * </ul>
 * The counts are also sent in the {@code x-amzn-bedrock-input-token-count} and
 * {@code x-amzn-bedrock-output-token-count} headers, as Bedrock does. The body's {@code model} is the model
 * id without its cross-region prefix ({@code us.}, {@code eu.}, ...); its {@code id} is random.
 *
 * <p><b>What it does not simulate.</b> SigV4 signatures and credentials (not checked), quotas and real
 * throttling, every other operation, models other than
 * Claude, non-text content blocks (refused), tool use, per-model {@code max_tokens} limits, real
 * tokenization and real latency. Faults are injected on demand through {@link #faults()}.
 *
 * <p>Served by the JDK's {@code com.sun.net.httpserver} on 127.0.0.1 with a fixed pool of handler threads.
 * Unless set already, it sets the system property {@code sun.net.httpserver.nodelay=true}: without it,
 * Nagle's algorithm delays each response's body behind its headers by up to the client's delayed ACK.
 */
public final class BedrockSimulator implements AutoCloseable {

    /** Handler threads when none are given. */
    public static final int DEFAULT_THREADS = 64;

    static final Pattern KNOWN_MODEL =
            Pattern.compile("^(?:(?:us|eu|apac|global)\\.)?anthropic\\.claude-[a-z0-9.-]+(?:-v\\d+(?::\\d+)?)?$");
    private static final Pattern REGION_PREFIX = Pattern.compile("^(?:us|eu|apac|global)\\.");
    private static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Map<String, Integer> ERROR_STATUS = Map.of(
            "ValidationException", 400,
            "AccessDeniedException", 403,
            "ResourceNotFoundException", 404,
            "UnknownOperationException", 404,
            "ModelTimeoutException", 408,
            "ThrottlingException", 429,
            "ModelNotReadyException", 429,
            "ModelErrorException", 424,
            "InternalServerException", 500,
            "ServiceUnavailableException", 503);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final SimulatorFaults faults = new SimulatorFaults();
    private final ResponseStream stream = new ResponseStream(mapper, faults);
    private final ConverseAnswers converseAnswers = new ConverseAnswers(mapper, faults);
    private final AtomicLong invocations = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;

    private BedrockSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Starts a simulator on 127.0.0.1:{@code port} (0: an ephemeral port) with {@value #DEFAULT_THREADS} threads. */
    public static BedrockSimulator start(int port) {
        return start(port, DEFAULT_THREADS);
    }

    /** Starts a simulator on 127.0.0.1:{@code port} (0: an ephemeral port) with at most {@code threads} threads. */
    public static BedrockSimulator start(int port, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        int serverNumber = SERVERS.incrementAndGet();
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable,
                            "bedrock-simulator-" + serverNumber + "-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 1024);
            BedrockSimulator simulator = new BedrockSimulator(server, executor);
            server.createContext("/", simulator::handle);
            server.setExecutor(executor);
            server.start();
            return simulator;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Cannot start the Bedrock simulator on 127.0.0.1:" + port, e);
        }
    }

    /** The base URI to give {@code endpointOverride}, e.g. {@code http://127.0.0.1:54321}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The port the simulator listens on. */
    public int port() {
        return endpoint.getPort();
    }

    /** The faults injected into InvokeModel requests; settable at any time. */
    public SimulatorFaults faults() {
        return faults;
    }

    /** InvokeModel requests that reached the simulator, including refused and failed ones. */
    public long invocations() {
        return invocations.get();
    }

    /** Stops the server at once and shuts its threads down; requests in flight are abandoned. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        try (exchange) {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] request = body.readAllBytes();
                String operation = operation(exchange);
                boolean stream = STREAM_SUFFIX.equals(operation) || CONVERSE_STREAM_SUFFIX.equals(operation);
                boolean converse = CONVERSE_SUFFIX.equals(operation) || CONVERSE_STREAM_SUFFIX.equals(operation);
                String modelId = operation == null ? null : modelId(exchange, operation);
                if (modelId == null) {
                    sendError(exchange, "UnknownOperationException", "No operation matches "
                            + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath(), started);
                    return;
                }
                invocations.incrementAndGet();
                if (!applyFaults(exchange, started)) {
                    return;
                }
                if (!KNOWN_MODEL.matcher(modelId).matches()) {
                    sendError(exchange, "ValidationException", "The provided model identifier is invalid.", started);
                    return;
                }
                AnthropicMessages.Request parsed;
                try {
                    if (COUNT_TOKENS_SUFFIX.equals(operation)) {
                        send(exchange, 200, mapper.writeValueAsBytes(Map.of("inputTokens",
                                countTokens(request).inputTokens())), started);
                        return;
                    }
                    parsed = converse ? ConverseMessages.parse(mapper, request) : AnthropicMessages.parse(mapper, request);
                } catch (AnthropicMessages.InvalidRequest e) {
                    sendError(exchange, "ValidationException", e.getMessage(), started);
                    return;
                }
                AnthropicMessages.Answer answer = AnthropicMessages.answer(modelId, parsed);
                if (converse && stream) {
                    startStream(exchange);
                    try (OutputStream out = exchange.getResponseBody()) {
                        converseAnswers.stream(out, parsed, answer, started);
                    }
                } else if (converse) {
                    send(exchange, 200, converseAnswers.answer(parsed, answer, started), started);
                } else if (stream) {
                    sendStream(exchange, modelId, parsed, answer, started);
                } else {
                    sendAnswer(exchange, modelId, parsed, answer, started);
                }
            } catch (RuntimeException e) {
                sendError(exchange, "InternalServerException", "Simulator failure: " + e, started);
            }
        } catch (IOException e) {
            // The client went away (e.g. its timeout fired): nothing left to answer.
        }
    }

    /** Waits out the latency, then drops or fails the request; false if the request got its answer. */
    private boolean applyFaults(HttpExchange exchange, long started) throws IOException {
        long latency = faults.latencyNanos();
        if (latency > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (faults.dropConnections()) {
            return false; // closing the exchange before any response closes the connection
        }
        String failure = faults.nextFailure();
        if (failure != null) {
            sendError(exchange, failure, "Simulated " + failure + " (fault injected by the Bedrock simulator)", started);
            return false;
        }
        return true;
    }

    private static final String INVOKE_SUFFIX = "/invoke";
    private static final String STREAM_SUFFIX = "/invoke-with-response-stream";
    private static final String CONVERSE_SUFFIX = "/converse";
    private static final String CONVERSE_STREAM_SUFFIX = "/converse-stream";
    private static final String COUNT_TOKENS_SUFFIX = "/count-tokens";

    /** The operation's path suffix, or null for a path of no operation simulated here. */
    private static String operation(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        if (path == null) {
            return null;
        }
        for (String suffix : new String[] {STREAM_SUFFIX, CONVERSE_STREAM_SUFFIX, CONVERSE_SUFFIX, COUNT_TOKENS_SUFFIX,
                INVOKE_SUFFIX}) {
            if (path.endsWith(suffix)) {
                return suffix;
            }
        }
        return null;
    }

    /** The decoded model id if this is {@code POST /model/{modelId}<suffix>}, else null. */
    private static String modelId(HttpExchange exchange, String suffix) {
        String path = exchange.getRequestURI().getRawPath();
        if (!"POST".equals(exchange.getRequestMethod()) || path == null
                || !path.startsWith("/model/") || !path.endsWith(suffix)) {
            return null;
        }
        int end = path.length() - suffix.length();
        if (end <= "/model/".length()) {
            return null;
        }
        String raw = path.substring("/model/".length(), end);
        return raw.indexOf('/') >= 0 ? null : percentDecode(raw);
    }

    private static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw; // a broken escape: left as is, it is then no known model id
        }
    }

    private void sendAnswer(HttpExchange exchange, String modelId, AnthropicMessages.Request request,
            AnthropicMessages.Answer answer, long started) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256 + answer.text().length());
        try (JsonGenerator json = mapper.getFactory().createGenerator(body)) {
            json.writeStartObject();
            json.writeStringField("id", messageId());
            json.writeStringField("type", "message");
            json.writeStringField("role", "assistant");
            json.writeStringField("model", REGION_PREFIX.matcher(modelId).replaceFirst(""));
            json.writeArrayFieldStart("content");
            json.writeStartObject();
            json.writeStringField("type", "text");
            json.writeStringField("text", answer.text());
            json.writeEndObject();
            json.writeEndArray();
            json.writeStringField("stop_reason", answer.stopReason());
            json.writeStringField("stop_sequence", answer.stopSequence());
            json.writeObjectFieldStart("usage");
            json.writeNumberField("input_tokens", request.inputTokens());
            json.writeNumberField("output_tokens", answer.outputTokens());
            json.writeEndObject();
            json.writeEndObject();
        }
        Headers headers = exchange.getResponseHeaders();
        headers.set("x-amzn-bedrock-input-token-count", Integer.toString(request.inputTokens()));
        headers.set("x-amzn-bedrock-output-token-count", Integer.toString(answer.outputTokens()));
        send(exchange, 200, body.toByteArray(), started);
    }

    /** InvokeModelWithResponseStream: the answer as Bedrock's event stream, chunk by chunk, at the set pace. */
    private void sendStream(HttpExchange exchange, String modelId, AnthropicMessages.Request request,
            AnthropicMessages.Answer answer, long started) throws IOException {
        startStream(exchange);
        try (OutputStream out = exchange.getResponseBody()) {
            stream.write(out, REGION_PREFIX.matcher(modelId).replaceFirst(""), messageId(), request, answer, started);
        }
    }

    /** CountTokens ({@code /count-tokens}): the input tokens of the InvokeModel body or the Converse request it wraps. */
    private AnthropicMessages.Request countTokens(byte[] request) throws IOException {
        com.fasterxml.jackson.databind.JsonNode input = mapper.readTree(request).path("input");
        if (input.path("invokeModel").path("body").isTextual()) {
            // a blob in Bedrock's JSON protocol: the InvokeModel body, base64-encoded
            byte[] body;
            try {
                body = java.util.Base64.getDecoder().decode(input.path("invokeModel").path("body").asText());
            } catch (IllegalArgumentException e) {
                throw new AnthropicMessages.InvalidRequest("input.invokeModel.body must be base64");
            }
            return AnthropicMessages.parse(mapper, body);
        }
        if (input.path("converse").isObject()) {
            return ConverseMessages.parse(mapper, mapper.writeValueAsBytes(input.path("converse")));
        }
        throw new AnthropicMessages.InvalidRequest("The input must be invokeModel or converse.");
    }

    private static void startStream(HttpExchange exchange) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/vnd.amazon.eventstream");
        headers.set("X-Amzn-Bedrock-Content-Type", "application/json");
        headers.set("x-amzn-requestid", requestId());
        exchange.sendResponseHeaders(200, 0); // chunked: each frame leaves as it is written
    }

    private void sendError(HttpExchange exchange, String errorType, String message, long started) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-errortype", errorType + ERROR_TYPE_SUFFIX);
        send(exchange, ERROR_STATUS.getOrDefault(errorType, 500),
                mapper.writeValueAsBytes(Map.of("message", message)), started);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, long started) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("x-amzn-requestid", requestId());
        headers.set("x-amzn-bedrock-invocation-latency",
                Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }

    private static String messageId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length()));
        }
        return "msg_bdrk_" + new String(id);
    }
}
