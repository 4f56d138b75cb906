package com.bedrockmeter.proxy.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Bedrock's native operations as a byte pass-through ({@link Passthrough}: InvokeModel,
 * InvokeModelWithResponseStream, Converse, ConverseStream, CountTokens): the caller's body goes to
 * {@code POST /model/{modelId}/<operation>}, signed with the AWS SDK's own SigV4 signer and credentials and sent
 * with its HTTP client; the answer's bytes come back untouched, so event types and fields
 * newer than the pinned SDK reach the client as Bedrock sent them (a typed client would decode and drop them).
 */
public class BedrockStreams implements AutoCloseable {

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final URI endpoint;
    private final ObjectMapper json;
    private final Duration timeout;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bedrock-stream-deadline");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param endpoint the simulator locally; null for the region's Bedrock runtime endpoint
     * @param timeout  the most an answer may take, first byte to last: past it the stream is cut off (a client
     *                 that went away leaves the proxy reading Bedrock's answer to its end, bounded by this)
     */
    public BedrockStreams(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                          ObjectMapper json, Duration timeout) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint != null ? endpoint : URI.create("https://bedrock-runtime." + region + ".amazonaws.com");
        this.json = json;
        this.timeout = timeout;
    }

    /** Bedrock's answer: its headers and its body, still arriving; close it to let the connection go. */
    public static final class OpenStream implements AutoCloseable {
        private final Map<String, String> headers;
        private final SdkHttpResponse response;
        private final AbortableInputStream body;
        private final AtomicBoolean timedOut = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        OpenStream(Map<String, String> headers, SdkHttpResponse response, AbortableInputStream body) {
            this.headers = headers;
            this.response = response;
            this.body = body;
        }

        /** The headers passed on to the client (the content types). */
        public Map<String, String> headers() {
            return headers;
        }

        /** Any header of Bedrock's answer (e.g. its token counts), by name in any case. */
        public Optional<String> header(String name) {
            return response.firstMatchingHeader(name);
        }

        public InputStream body() {
            return body;
        }

        /** Whether the answer was cut off at the timeout (reads then fail or end early). */
        public boolean timedOut() {
            return timedOut.get();
        }

        /** At the end of the answer: stops the deadline; whether it had already cut the answer off. */
        public boolean cutOffBeforeTheEnd() {
            ScheduledFuture<?> pending = deadline;
            return !(pending == null || pending.cancel(false)) && timedOut.get();
        }

        private void cutOff() {
            timedOut.set(true);
            body.abort();
        }

        @Override
        public void close() throws IOException {
            ScheduledFuture<?> pending = deadline;
            if (pending != null) {
                pending.cancel(false);
            }
            body.close();
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    /**
     * @throws BedrockCallException when Bedrock refuses the call before streaming (its error, mapped as for
     *                              InvokeModel) or cannot be reached
     */
    public OpenStream open(ModelCall call, Passthrough operation) {
        byte[] body = call.bedrockBody();
        SdkHttpFullRequest.Builder builder = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/model/" + URLEncoder.encode(call.modelId(), StandardCharsets.UTF_8)
                        .replace("+", "%20") + operation.operation())
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(body.length));
        if (operation == Passthrough.INVOKE_STREAM) {
            builder.putHeader("X-Amzn-Bedrock-Accept", "application/json");
        } else if (operation == Passthrough.INVOKE) {
            builder.putHeader("Accept", "application/json");
        }
        HttpExecuteResponse response;
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> waiting = null;
        try {
            SignedRequest signed = sign(builder.build(), body);
            ExecutableHttpRequest sending = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElse(null)).build());
            // the whole wait for the answer's headers (connecting, sending, the model's work for InvokeModel) is
            // bounded by the Bedrock timeout, not only each read
            waiting = deadlines.schedule(() -> {
                expired.set(true);
                sending.abort();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            response = sending.call();
        } catch (IOException | RuntimeException e) {
            if (expired.get() || e instanceof SocketTimeoutException) {
                throw BedrockRefusals.timeout(e);
            }
            throw new BedrockCallException(502, "bedrock_unavailable", "Bedrock could not be reached.", Map.of(), e);
        } finally {
            if (waiting != null) {
                waiting.cancel(false);
            }
        }
        if (expired.get()) { // the deadline fired as the headers came: too late all the same
            response.responseBody().ifPresent(AbortableInputStream::abort);
            throw BedrockRefusals.timeout(null);
        }
        int status = response.httpResponse().statusCode();
        AbortableInputStream stream = response.responseBody().orElse(AbortableInputStream.createEmpty());
        if (status != 200) {
            throw refusal(response, status, stream);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        response.httpResponse().firstMatchingHeader("Content-Type").ifPresent(v -> headers.put("Content-Type", v));
        response.httpResponse().firstMatchingHeader("X-Amzn-Bedrock-Content-Type")
                .ifPresent(v -> headers.put("X-Amzn-Bedrock-Content-Type", v));
        OpenStream open = new OpenStream(headers, response.httpResponse(), stream);
        open.deadline = deadlines.schedule(open::cutOff, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return open;
    }

    private BedrockCallException refusal(HttpExecuteResponse response, int status, InputStream body) {
        String type = response.httpResponse().firstMatchingHeader("x-amzn-errortype")
                .map(v -> v.contains(":") ? v.substring(0, v.indexOf(':')) : v).orElse("");
        String message = "";
        try (body) {
            JsonNode error = json.readTree(body.readNBytes(64 * 1024));
            message = Optional.ofNullable(error.get("message")).or(() -> Optional.ofNullable(error.get("Message")))
                    .map(JsonNode::asText).orElse("");
        } catch (IOException | RuntimeException unreadable) {
            // the status and the type say enough
        }
        return BedrockRefusals.refusal(type, status, message, null);
    }

    private SignedRequest sign(SdkHttpFullRequest request, byte[] body) {
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        return signer.sign(r -> r.identity(identity).request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    }

    /**
     * The call signed as it would be sent, and not sent: SnapStart's priming, so that the signer's classes are in
     * the snapshot. Returns true when it was signed.
     */
    public boolean rehearse(ModelCall call) {
        byte[] body = call.bedrockBody();
        SignedRequest signed = sign(SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath("/model/" + URLEncoder.encode(call.modelId(), StandardCharsets.UTF_8) + "/invoke")
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(body.length)).build(), body);
        return signed.request().firstMatchingHeader("Authorization").isPresent();
    }
}
