package com.bedrockmeter.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/** The simulator's Converse and ConverseStream, through the AWS SDK's typed calls. */
class ConverseTest {

    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private BedrockSimulator simulator;
    private BedrockRuntimeAsyncClient bedrock;

    @BeforeEach
    void start() {
        simulator = BedrockSimulator.start(0);
        bedrock = BedrockRuntimeAsyncClient.builder().endpointOverride(simulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
                .build();
    }

    @AfterEach
    void stop() {
        bedrock.close();
        simulator.close();
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    @Test
    void converse_answersAsInvokeModelWould_withUsage() {
        ConverseResponse response = bedrock.converse(r -> r.modelId(MODEL).messages(user("What is up?"))
                .system(SystemContentBlock.fromText("Be brief.")).inferenceConfig(c -> c.maxTokens(100))).join();

        assertThat(response.output().message().content().get(0).text())
                .isEqualTo("Simulated answer from " + MODEL + " to: What is up?");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        // system 2 words + message 3 words + 8 for the one message
        assertThat(response.usage().inputTokens()).isEqualTo(13);
        assertThat(response.usage().outputTokens()).isEqualTo(8);
        assertThat(response.usage().totalTokens()).isEqualTo(21);
    }

    @Test
    void converseStream_sendsTheDeltasThenTheMetadataWithUsage() {
        StringBuilder text = new StringBuilder();
        AtomicReference<ConverseStreamMetadataEvent> metadata = new AtomicReference<>();

        bedrock.converseStream(r -> r.modelId(MODEL).messages(user("hello there")),
                ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                        .onContentBlockDelta(d -> text.append(d.delta().text()))
                        .onMetadata(metadata::set).build()).build()).join();

        assertThat(text.toString()).isEqualTo("Simulated answer from " + MODEL + " to: hello there");
        assertThat(metadata.get().usage().outputTokens()).isEqualTo(7);
        assertThat(metadata.get().usage().inputTokens()).isEqualTo(10);
    }
}
