package com.bedrockmeter.local.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An in-process stand-in for the AWS Bedrock runtime, for local runs and tests: point a real
 * {@code BedrockRuntimeClient} at {@link #endpoint()} with {@code endpointOverride}.
 *
 * <p><b>What it simulates.</b> For Anthropic Claude models (ids matching
 * {@code ^(?:(?:us|eu|apac|global)\.)?anthropic\.claude-[a-z0-9.-]+(?:-v\d+(?::\d+)?)?$}; the version suffix is
 * optional: {@code anthropic.claude-sonnet-4-6} has none), the {@linkplain Operation operations}
 * InvokeModel ({@code POST /model/{modelId}/invoke}: {@link AnthropicMessages}, {@link InvokeAnswers}),
 * InvokeModelWithResponseStream ({@code /invoke-with-response-stream}: the same answer as an event stream,
 * {@link ResponseStream}, {@link EventStreamFrames}) at a {@linkplain SimulatorFaults#streamPace settable pace},
 * Converse and ConverseStream ({@code /converse}, {@code /converse-stream}: {@link ConverseMessages},
 * {@link ConverseAnswers}, the same answer in their shapes) and CountTokens ({@code /count-tokens}:
 * {@link CountTokens}). The InvokeModel body must be an Anthropic Messages request as Bedrock takes it
 * ({@code anthropic_version}, {@code max_tokens}, {@code messages}, optional {@code system}, {@code tools},
 * {@code tool_choice}, {@code thinking}, {@code metadata}, {@code anthropic_beta}, {@code stop_sequences},
 * {@code temperature}, {@code top_p}, {@code top_k}); like Bedrock, any other top-level key, e.g. a {@code modelId}
 * left in the body, is refused with a {@code ValidationException}. Errors use the restJson1 shape the AWS SDK reads
 * ({@link Replies}). Other paths and methods answer 404 {@code UnknownOperationException}. The embedding models
 * {@code amazon.titan-embed-text-v2:0}, {@code cohere.embed-english-v3} and {@code cohere.embed-multilingual-v3}
 * answer InvokeModel with deterministic vectors ({@link Embeddings}) and refuse the other operations, as Bedrock does;
 * any other model id is refused as invalid.
 *
 * <p><b>The deterministic answer and its token counts.</b>
 * <ul>
 *   <li>the prompt's tokens ({@link Tokens}, {@link PromptTally}): the words of the tools (name, description,
 *       schema), of {@code system}, of every block of every message, 8 per message; an image or a document 100;</li>
 *   <li>the answer ({@link SimulatedModel}): {@code Simulated answer from <modelId> to: <text of the last user
 *       message>} (its first 200 characters; {@code <modelId>} as the request path gave it), cut before a stop
 *       sequence or at {@code max_tokens}; with thinking, a thought before it ({@link Thinking}); a tool call
 *       instead when asked plainly for one ({@link ToolCalls}); {@code The tool returned: <text>} after a tool
 *       result;</li>
 *   <li>prompt caching ({@link PromptCache}): the tokens up to the last cache point ({@code cache_control},
 *       {@code cachePoint}) are written to this simulator's cache the first time and read from it while it holds
 *       them (5 minutes, refreshed by each hit); the input tokens reported are those after that prefix
 *       ({@link Usage}); CountTokens counts them all.</li>
 * </ul>
 * The counts are also sent in the {@code x-amzn-bedrock-input-token-count} and
 * {@code x-amzn-bedrock-output-token-count} headers (and the cache ones), as Bedrock does. The body's {@code model}
 * is the model id without its cross-region prefix ({@code us.}, {@code eu.}, ...); its {@code id} is random.
 *
 * <p><b>What it does not simulate.</b> SigV4 signatures and credentials (not checked), quotas and real
 * throttling, every other operation, models other than Claude and those embedding models, images to embed,
 * per-model {@code max_tokens} limits and minimum cacheable lengths, real tokenization, real embeddings (the vectors
 * carry no meaning) and real latency. Faults are injected on demand through {@link #faults()}.
 *
 * <p>Served by the JDK's {@code com.sun.net.httpserver} on 127.0.0.1 with a fixed pool of handler threads.
 * Unless set already, it sets the system property {@code sun.net.httpserver.nodelay=true}: without it,
 * Nagle's algorithm delays each response's body behind its headers by up to the client's delayed ACK.
 */
public final class BedrockSimulator implements AutoCloseable {

    /** Handler threads when none are given. */
    public static final int DEFAULT_THREADS = 64;

    static final Pattern KNOWN_MODEL =
            Pattern.compile("^(?:(?:us|eu|apac|global)\\.)?anthropic\\.claude-[a-z0-9.-]+(?:-v\\d+(?::\\d+)?)?$"
                    // an application inference profile (an account's own, over a Claude model), by its ARN
                    + "|^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\\d{12}:application-inference-profile/[a-z0-9]+$");
    private static final Pattern REGION_PREFIX = Pattern.compile("^(?:us|eu|apac|global)\\.");
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
    private final InvokeAnswers invokeAnswers = new InvokeAnswers(mapper);
    private final Embeddings embeddings = new Embeddings(mapper);
    private final PromptCache promptCache = new PromptCache(Clock.systemUTC());
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
                Operation operation = Operation.of(exchange);
                String modelId = operation == null ? null : operation.modelId(exchange);
                if (modelId == null) {
                    Replies.sendError(mapper, exchange, "UnknownOperationException", "No operation matches "
                            + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath(), started);
                    return;
                }
                invocations.incrementAndGet();
                if (!applyFaults(exchange, started)) {
                    return;
                }
                if (!KNOWN_MODEL.matcher(modelId).matches() && !Embeddings.knows(modelId)) {
                    Replies.sendError(mapper, exchange, "ValidationException",
                            "The provided model identifier is invalid.", started);
                    return;
                }
                try {
                    answer(exchange, operation, modelId, request, started);
                } catch (InvalidRequestException e) {
                    Replies.sendError(mapper, exchange, "ValidationException", e.getMessage(), started);
                }
            } catch (RuntimeException e) {
                Replies.sendError(mapper, exchange, "InternalServerException", "Simulator failure: " + e, started);
            }
        } catch (IOException e) {
            // The client went away (e.g. its timeout fired): nothing left to answer.
        }
    }

    private void answer(HttpExchange exchange, Operation operation, String modelId, byte[] request, long started)
            throws IOException {
        if (Embeddings.knows(modelId)) {
            embeddings.answer(exchange, operation, modelId, request, started);
            return;
        }
        if (operation == Operation.COUNT_TOKENS) {
            Replies.send(exchange, 200, mapper.writeValueAsBytes(Map.of("inputTokens",
                    CountTokens.inputTokens(mapper, request))), started);
            return;
        }
        Prompt prompt = operation.converse() ? ConverseMessages.parse(mapper, request)
                : AnthropicMessages.parse(mapper, request);
        Answer answer = SimulatedModel.answer(modelId, prompt);
        Usage usage = Usage.of(prompt, answer, promptCache.use(modelId, prompt.cachePrefix()));
        String model = REGION_PREFIX.matcher(modelId).replaceFirst("");
        switch (operation) {
            case CONVERSE -> Replies.send(exchange, 200, converseAnswers.answer(answer, usage, started), started);
            case INVOKE -> {
                InvokeAnswers.headers(exchange.getResponseHeaders(), usage);
                Replies.send(exchange, 200, invokeAnswers.body(model, answer, usage), started);
            }
            default -> {
                Replies.startStream(exchange);
                try (OutputStream out = exchange.getResponseBody()) {
                    if (operation == Operation.CONVERSE_STREAM) {
                        converseAnswers.stream(out, answer, usage, started);
                    } else {
                        stream.write(out, model, Ids.messageId(), answer, usage, started);
                    }
                }
            }
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
            Replies.sendError(mapper, exchange, failure,
                    "Simulated " + failure + " (fault injected by the Bedrock simulator)", started);
            return false;
        }
        return true;
    }
}
