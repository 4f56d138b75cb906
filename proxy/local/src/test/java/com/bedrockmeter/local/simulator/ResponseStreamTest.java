package com.bedrockmeter.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;

/** The simulator's InvokeModelWithResponseStream, decoded by the AWS SDK's own async client. */
class ResponseStreamTest {

    private static final String SONNET = "anthropic.claude-3-sonnet-20240229-v1:0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BedrockSimulator simulator;
    private BedrockRuntimeAsyncClient bedrock;

    /** One decoded chunk and when it arrived. */
    private record Chunk(JsonNode event, long nanos) {
    }

    @BeforeEach
    void start() {
        simulator = BedrockSimulator.start(0);
        bedrock = BedrockRuntimeAsyncClient.builder().endpointOverride(simulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                // the async client speaks HTTP/2 to Bedrock's streaming operations; over plain http (no ALPN) the
                // JDK server behind the simulator speaks HTTP/1.1, as real Bedrock also does
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
                .build();
    }

    @AfterEach
    void stop() {
        bedrock.close();
        simulator.close();
    }

    private List<Chunk> stream(String prompt, int maxTokens) {
        List<Chunk> chunks = new CopyOnWriteArrayList<>();
        byte[] body = JSON.createObjectNode().put("anthropic_version", "bedrock-2023-05-31").put("max_tokens", maxTokens)
                .set("messages", JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user")
                        .put("content", prompt))).toString().getBytes();
        InvokeModelWithResponseStreamResponseHandler handler = InvokeModelWithResponseStreamResponseHandler.builder()
                .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                        .onChunk((PayloadPart part) -> {
                            try {
                                chunks.add(new Chunk(JSON.readTree(part.bytes().asByteArray()), System.nanoTime()));
                            } catch (java.io.IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }).build())
                .build();
        bedrock.invokeModelWithResponseStream(InvokeModelWithResponseStreamRequest.builder().modelId(SONNET)
                .contentType("application/json").body(SdkBytes.fromByteArray(body)).build(), handler).join();
        return chunks;
    }

    @Test
    void theStream_joinsToTheInvokeModelAnswer_andEndsWithTheInvocationMetrics() {
        List<Chunk> chunks = stream("What is the capital of France?", 100);

        List<String> types = chunks.stream().map(c -> c.event().get("type").asText()).toList();
        assertThat(types.get(0)).isEqualTo("message_start");
        assertThat(types.subList(types.size() - 3, types.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        StringBuilder text = new StringBuilder();
        chunks.stream().filter(c -> c.event().get("type").asText().equals("content_block_delta"))
                .forEach(c -> text.append(c.event().at("/delta/text").asText()));
        assertThat(text.toString()).isEqualTo("Simulated answer from " + SONNET + " to: What is the capital of France?");
        long deltas = types.stream().filter("content_block_delta"::equals).count();
        JsonNode metrics = chunks.get(chunks.size() - 1).event().get("amazon-bedrock-invocationMetrics");
        assertThat(metrics.get("outputTokenCount").asLong()).isEqualTo(deltas).isEqualTo(
                chunks.get(chunks.size() - 2).event().at("/usage/output_tokens").asLong());
        assertThat(metrics.get("inputTokenCount").asLong())
                .isEqualTo(chunks.get(0).event().at("/message/usage/input_tokens").asLong()).isPositive();
    }

    @Test
    void atTwentyTokensASecond_theFirstTokenArrivesLongBeforeTheLast() {
        simulator.faults().streamPace(Duration.ZERO, 20);

        List<Chunk> chunks = stream("one two three four five six seven eight nine ten", 100);

        List<Chunk> deltas = chunks.stream().filter(c -> c.event().get("type").asText().equals("content_block_delta"))
                .toList();
        long spreadMs = (deltas.get(deltas.size() - 1).nanos() - deltas.get(0).nanos()) / 1_000_000;
        // 15 tokens ("Simulated answer from MODEL to:" and the ten words) at 20/s: 14 gaps of 50 ms; the client
        // sees them spread out, not all at once at the end
        assertThat(deltas).hasSize(15);
        assertThat(spreadMs).isGreaterThan(600);
    }

    @Test
    void aFaultMidStream_reachesTheSdkAsTheExceptionItRaises_afterTheTokensSentBefore() {
        simulator.faults().failStreamAfter(3, "modelStreamErrorException");
        List<Chunk> received = new ArrayList<>();

        Throwable failure = catchThrowable(() -> received.addAll(stream("one two three four five six", 100)));

        assertThat(failure).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ModelStreamErrorException.class);
        assertThat(failure.getCause()).hasMessageContaining("after 3 tokens");
    }

    @Test
    void futureShapes_aFieldReachesTheSdkInTheChunkBytes_butTheTypedSdkDropsAnEventTypeItDoesNotModel() {
        simulator.faults().futureShapes(true);

        List<Chunk> chunks = stream("hello", 10);

        // the field travels inside a chunk's bytes, which the SDK hands on as they are
        assertThat(chunks.get(0).event().at("/message/future_field").asText()).isEqualTo("a field no SDK models yet");
        // the event type does not reach a typed subscriber (why the proxy passes the bytes through instead)
        assertThat(chunks).noneMatch(c -> c.event().has("note"))
                .extracting(c -> c.event().get("type").asText()).startsWith("message_start");
    }
}
