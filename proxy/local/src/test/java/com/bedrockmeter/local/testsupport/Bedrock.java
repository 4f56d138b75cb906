package com.bedrockmeter.local.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** The AWS SDK's Bedrock clients pointed at a simulator, and its streams decoded by the SDK's own decoder. */
public final class Bedrock {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** One decoded event-stream frame: its {@code :event-type} (or {@code :exception-type}) and its JSON. */
    public record Frame(String type, JsonNode payload) {
    }

    private Bedrock() {
    }

    public static BedrockRuntimeClient client(URI endpoint) {
        return BedrockRuntimeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    public static BedrockRuntimeAsyncClient asyncClient(URI endpoint) {
        return BedrockRuntimeAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                // plain http has no ALPN: the simulator's JDK server speaks HTTP/1.1
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
                .build();
    }

    /**
     * POSTs {@code body} to {@code path} and decodes the event stream with the SDK's {@link MessageDecoder}; a
     * {@code chunk}'s payload is replaced by the Claude event its {@code bytes} carry.
     */
    public static List<Frame> stream(URI endpoint, String path, String body) {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(endpoint.resolve(path)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("HTTP " + response.statusCode() + ": " + new String(response.body()));
            }
            List<Message> messages = new ArrayList<>();
            new MessageDecoder(messages::add).feed(ByteBuffer.wrap(response.body()));
            List<Frame> frames = new ArrayList<>();
            for (Message message : messages) {
                var headers = message.getHeaders();
                String type = (headers.containsKey(":event-type") ? headers.get(":event-type")
                        : headers.get(":exception-type")).getString();
                JsonNode payload = JSON.readTree(message.getPayload());
                if (type.equals("chunk")) {
                    payload = JSON.readTree(Base64.getDecoder().decode(payload.get("bytes").asText()));
                }
                frames.add(new Frame(type, payload));
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The path of {@code operation} ({@code invoke-with-response-stream}, ...) for {@code modelId}. */
    public static String path(String modelId, String operation) {
        return "/model/" + modelId + "/" + operation;
    }
}
