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
import java.util.List;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The paths the benchmark measures, each with its load generator: wrk for calls answered in one body, the
 * {@link StreamClient} for event streams, this JVM's threads ({@link JavaClient}) for the AWS SDK. The first two
 * rows of each table are its references: the simulator called directly, then through the nginx hop.
 */
final class Targets {

    static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String MODEL_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is the capital of France?\"}]}]}";
    private static final String GUIDE_BODY = "{\"modelId\":\"" + MODEL + "\"," + MODEL_BODY.substring(1);
    private static final String INVOKE = "/model/" + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "/invoke";
    private static final String STREAM = INVOKE + "-with-response-stream";

    /** Each table's rows are compared with its baseline (the simulator called directly) and its nginx hop. */
    enum Table {
        CALLS("direct", "nginx hop"), STREAMS("stream: direct", "stream: nginx hop"), JAVA("direct, JDK client", null);

        final String baseline;
        final String hop;

        Table(String baseline, String hop) {
            this.baseline = baseline;
            this.hop = hop;
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
        return List.of(
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
                new Target(Table.STREAMS.baseline, Table.STREAMS, true, false, stream(clients, to.simulator(), null)),
                new Target(Table.STREAMS.hop, Table.STREAMS, true, false, stream(clients, to.hop(), null)),
                new Target("stream: native", Table.STREAMS, false, false, stream(clients, to.proxy(), to.token())),
                new Target(Table.JAVA.baseline, Table.JAVA, true, false,
                        (c, d) -> JavaClient.run(clients, jdk, c, d)),
                new Target("sdk", Table.JAVA, false, false, (c, d) -> JavaClient.run(clients, sdk, c, d)),
                new Target("signed call, no SDK pipeline", Table.JAVA, false, false,
                        (c, d) -> JavaClient.run(clients, signed, c, d)));
    }

    /** InvokeModelWithResponseStream through {@code endpoint}, bearing {@code token} unless it is null. */
    private static Driver stream(ExecutorService clients, URI endpoint, String token) {
        byte[] body = MODEL_BODY.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + STREAM + " HTTP/1.1\r\n"
                + "Host: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: application/vnd.amazon.eventstream\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] request = (head + MODEL_BODY).getBytes(StandardCharsets.UTF_8);
        InetSocketAddress address = new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
        return (c, d) -> StreamClient.run(clients, address, request, c, d);
    }
}
