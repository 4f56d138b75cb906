package com.bedrockmeter.proxy.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntSupplier;

/** Calls the proxy over real HTTP, as the guide's clients do. */
public final class ProxyClient {

    public static final String MODEL = "anthropic.claude-3-sonnet-20240229-v1:0";

    /**
     * HTTP/1.1, as the guide's clients (cURL, Python requests, fetch) speak it. The JDK's client would otherwise try
     * an h2c upgrade, which the proxy accepts for the AWS SDKs' sake but which turns some refusals of a request
     * with a body into a reset stream instead of the JSON error (README).
     */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final IntSupplier port;

    public ProxyClient(IntSupplier port) {
        this.port = port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port.getAsInt() + path);
    }

    /** The guide's request body for {@code POST /bedrock}. */
    public static String guideBody(String prompt) {
        return """
                {"modelId":"%s","anthropic_version":"bedrock-2023-05-31","max_tokens":1000,
                 "messages":[{"role":"user","content":[{"type":"text","text":"%s"}]}]}""".formatted(MODEL, prompt);
    }

    public HttpResponse<String> bedrock(String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/bedrock"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** The answer's body as it arrives (a stream), for tests that read it piece by piece or walk away. */
    public HttpResponse<java.io.InputStream> sendStreaming(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
