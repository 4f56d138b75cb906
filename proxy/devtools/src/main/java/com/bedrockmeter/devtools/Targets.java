package com.bedrockmeter.devtools;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The paths the benchmark measures, each with its load generator: wrk for calls answered in one body, the
 * {@link StreamClient} for streamed answers (event streams and server-sent events), this JVM's threads
 * ({@link JavaClient}) for the AWS SDK. The first two rows of each table are its references: the simulator called
 * directly, then through the nginx hop.
 */
final class Targets {

    static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String QUESTION = "What is the capital of France?";
    private static final String MODEL_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + QUESTION + "\"}]}]}";
    private static final String GUIDE_BODY = "{\"modelId\":\"" + MODEL + "\"," + MODEL_BODY.substring(1);
    /** The same question as Converse asks it, and as an OpenAI client does. */
    private static final String CONVERSE_BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\""
            + QUESTION + "\"}]}],\"inferenceConfig\":{\"maxTokens\":64}}";
    private static final String CHAT_BODY = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"" + QUESTION + "\"}],\"max_tokens\":64}";
    private static final String CHAT_STREAM_BODY = CHAT_BODY.substring(0, CHAT_BODY.length() - 1) + ",\"stream\":true}";
    private static final String MODEL_PATH = "/model/" + URLEncoder.encode(MODEL, StandardCharsets.UTF_8);
    private static final String INVOKE = MODEL_PATH + "/invoke";
    private static final String STREAM = INVOKE + "-with-response-stream";
    private static final String CONVERSE = MODEL_PATH + "/converse";
    private static final String CONVERSE_STREAM = CONVERSE + "-stream";
    private static final String CHAT = "/v1/chat/completions";
    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    /** The rows issue 13 compares: the OpenAI route against the native Converse route it is translated to. */
    static final String NATIVE_CONVERSE = "native /model/{id}/converse";
    static final String CHAT_COMPLETIONS = "openai /v1/chat/completions";
    static final String NATIVE_CONVERSE_STREAM = "native /model/{id}/converse-stream";
    static final String CHAT_COMPLETIONS_STREAM = "openai /v1/chat/completions, stream";

    /** Who makes a table's calls, which says what it can time and whether it runs in this JVM. */
    enum LoadGenerator { WRK, STREAM_CLIENT, JAVA_THREADS }

    /**
     * Each table's rows are compared with its baseline (the simulator called directly) and its nginx hop; the
     * OpenAI rows also with {@code nativeRow}, the native route they are translated to (null: no such row).
     */
    enum Table {
        CALLS("direct", "nginx hop", null, LoadGenerator.WRK),
        STREAMS("stream: direct", "stream: nginx hop", null, LoadGenerator.STREAM_CLIENT),
        CONVERSE("converse: direct", "converse: nginx hop", NATIVE_CONVERSE, LoadGenerator.WRK),
        CONVERSE_STREAMS("converse-stream: direct", "converse-stream: nginx hop", NATIVE_CONVERSE_STREAM,
                LoadGenerator.STREAM_CLIENT),
        JAVA("direct, JDK client", null, null, LoadGenerator.JAVA_THREADS);

        final String baseline;
        final String hop;
        final String nativeRow;
        final LoadGenerator generator;

        Table(String baseline, String hop, String nativeRow, LoadGenerator generator) {
            this.baseline = baseline;
            this.hop = hop;
            this.nativeRow = nativeRow;
            this.generator = generator;
        }
    }

    /** How one run of a path is measured. */
    @FunctionalInterface
    interface Driver {
        Measured measure(int concurrency, Duration duration) throws Exception;
    }

    /**
     * @param reference a baseline (direct) or the nginx hop: kept when {@code --only} picks other paths
     * @param limited   the customer with a daily limit (dynalite's writes bound it; left out of {@code --quick})
     */
    record Target(String path, Table table, boolean reference, boolean limited, Driver driver) {
    }

    /** Where the calls go and who makes them. */
    record Endpoints(URI simulator, URI hop, URI proxy, String token, String limitedToken) {
    }

    private Targets() {
    }

    static List<Target> all(Wrk wrk, ExecutorService clients, Path dir, Endpoints to, BedrockRuntimeClient bedrock)
            throws Exception {
        Path body = Files.writeString(dir.resolve("invoke.json"), MODEL_BODY);
        Path guide = Files.writeString(dir.resolve("bedrock.json"), GUIDE_BODY);
        List<String> auth = List.of("Authorization: Bearer " + to.token());
        List<String> limitedAuth = List.of("Authorization: Bearer " + to.limitedToken());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest direct = HttpRequest.newBuilder(URI.create(to.simulator() + INVOKE))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MODEL_BODY)).build();
        SdkBytes sdkBody = SdkBytes.fromUtf8String(MODEL_BODY);
        JavaClient.Call jdk = () -> http.send(direct, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200;
        JavaClient.Call signed = new SignedCall(to.simulator(), MODEL, MODEL_BODY.getBytes(StandardCharsets.UTF_8));
        JavaClient.Call sdk = () -> bedrock.invokeModel(r -> r.modelId(MODEL).contentType("application/json")
                .accept("application/json").body(sdkBody)).sdkHttpResponse().isSuccessful();
        List<Target> targets = new ArrayList<>(List.of(
                new Target(Table.CALLS.baseline, Table.CALLS, true, false,
                        (c, d) -> wrk.run(URI.create(to.simulator() + INVOKE), body, List.of(), c, d)),
                new Target(Table.CALLS.hop, Table.CALLS, true, false,
                        (c, d) -> wrk.run(URI.create(to.hop() + INVOKE), body, List.of(), c, d)),
                new Target("native /model/{id}/invoke", Table.CALLS, false, false,
                        (c, d) -> wrk.run(URI.create(to.proxy() + INVOKE), body, auth, c, d)),
                new Target("native, daily limit", Table.CALLS, false, true,
                        (c, d) -> wrk.run(URI.create(to.proxy() + INVOKE), body, limitedAuth, c, d)),
                new Target("guide /bedrock", Table.CALLS, false, false,
                        (c, d) -> wrk.run(URI.create(to.proxy() + "/bedrock"), guide, auth, c, d)),
                new Target(Table.STREAMS.baseline, Table.STREAMS, true, false,
                        stream(clients, to.simulator(), STREAM, MODEL_BODY, EVENT_STREAM, null)),
                new Target(Table.STREAMS.hop, Table.STREAMS, true, false,
                        stream(clients, to.hop(), STREAM, MODEL_BODY, EVENT_STREAM, null)),
                new Target("stream: native", Table.STREAMS, false, false,
                        stream(clients, to.proxy(), STREAM, MODEL_BODY, EVENT_STREAM, to.token()))));
        targets.addAll(converse(wrk, clients, dir, to));
        targets.addAll(List.of(
                new Target(Table.JAVA.baseline, Table.JAVA, true, false,
                        (c, d) -> JavaClient.run(clients, jdk, c, d)),
                new Target("sdk", Table.JAVA, false, false, (c, d) -> JavaClient.run(clients, sdk, c, d)),
                new Target("signed call, no SDK pipeline", Table.JAVA, false, false,
                        (c, d) -> JavaClient.run(clients, signed, c, d))));
        return targets;
    }

    /**
     * Converse, natively and as the OpenAI API's chat completion the proxy translates to it (issue 13): buffered
     * with wrk, streamed (an event stream natively, server-sent events for OpenAI) with the {@link StreamClient}.
     */
    private static List<Target> converse(Wrk wrk, ExecutorService clients, Path dir, Endpoints to)
            throws Exception {
        Path converse = Files.writeString(dir.resolve("converse.json"), CONVERSE_BODY);
        Path chat = Files.writeString(dir.resolve("chat.json"), CHAT_BODY);
        List<String> auth = List.of("Authorization: Bearer " + to.token());
        return List.of(
                new Target(Table.CONVERSE.baseline, Table.CONVERSE, true, false,
                        (c, d) -> wrk.run(URI.create(to.simulator() + CONVERSE), converse, List.of(), c, d)),
                new Target(Table.CONVERSE.hop, Table.CONVERSE, true, false,
                        (c, d) -> wrk.run(URI.create(to.hop() + CONVERSE), converse, List.of(), c, d)),
                new Target(NATIVE_CONVERSE, Table.CONVERSE, false, false,
                        (c, d) -> wrk.run(URI.create(to.proxy() + CONVERSE), converse, auth, c, d)),
                new Target(CHAT_COMPLETIONS, Table.CONVERSE, false, false,
                        (c, d) -> wrk.run(URI.create(to.proxy() + CHAT), chat, auth, c, d)),
                new Target(Table.CONVERSE_STREAMS.baseline, Table.CONVERSE_STREAMS, true, false,
                        stream(clients, to.simulator(), CONVERSE_STREAM, CONVERSE_BODY, EVENT_STREAM, null)),
                new Target(Table.CONVERSE_STREAMS.hop, Table.CONVERSE_STREAMS, true, false,
                        stream(clients, to.hop(), CONVERSE_STREAM, CONVERSE_BODY, EVENT_STREAM, null)),
                new Target(NATIVE_CONVERSE_STREAM, Table.CONVERSE_STREAMS, false, false,
                        stream(clients, to.proxy(), CONVERSE_STREAM, CONVERSE_BODY, EVENT_STREAM, to.token())),
                new Target(CHAT_COMPLETIONS_STREAM, Table.CONVERSE_STREAMS, false, false,
                        stream(clients, to.proxy(), CHAT, CHAT_STREAM_BODY, "text/event-stream", to.token())));
    }

    /** A streamed answer to POST {@code path} of {@code endpoint}, bearing {@code token} unless it is null. */
    private static Driver stream(ExecutorService clients, URI endpoint, String path, String body, String accept,
                                 String token) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: " + accept + "\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        byte[] request = (head + body).getBytes(StandardCharsets.UTF_8);
        InetSocketAddress address = new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
        return (c, d) -> StreamClient.run(clients, address, request, c, d);
    }
}
