package com.bedrockmeter.local.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.bedrockmeter.local.testsupport.Bedrock;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The embedding models answer InvokeModel only: the other operations refuse them as Bedrock does. */
class EmbeddingOperationsTest {

    private static final String TITAN = "amazon.titan-embed-text-v2:0";
    private static final String COHERE = "cohere.embed-english-v3";
    private static final Message HELLO = Message.builder().role(ConversationRole.USER)
            .content(ContentBlock.fromText("hello")).build();

    private BedrockSimulator simulator;
    private BedrockRuntimeClient bedrock;

    @BeforeEach
    void start() {
        simulator = BedrockSimulator.start(0);
        bedrock = Bedrock.client(simulator.endpoint());
    }

    @AfterEach
    void stop() {
        bedrock.close();
        simulator.close();
    }

    @Test
    void converse_withAnEmbeddingModel_throwsValidationException_thatTheActionDoesNotSupportIt() {
        for (String model : new String[] {TITAN, COHERE}) {
            assertThatThrownBy(() -> bedrock.converse(r -> r.modelId(model).messages(HELLO)))
                    .as(model)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("This action doesn't support the model that you provided.");
        }
    }

    @Test
    void converseStream_withAnEmbeddingModel_failsWithValidationException() {
        Throwable failure;
        try (BedrockRuntimeAsyncClient async = Bedrock.asyncClient(simulator.endpoint())) {
            failure = catchThrowable(() -> async.converseStream(r -> r.modelId(TITAN).messages(HELLO),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .build()).build()).join());
        }

        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(ValidationException.class);
        assertThat(failure.getCause()).hasMessageContaining("This action doesn't support the model that you provided.");
    }

    @Test
    void invokeModelWithResponseStream_withAnEmbeddingModel_failsWithValidationException() {
        Throwable failure;
        try (BedrockRuntimeAsyncClient async = Bedrock.asyncClient(simulator.endpoint())) {
            failure = catchThrowable(() -> async.invokeModelWithResponseStream(r -> r.modelId(COHERE)
                            .contentType("application/json")
                            .body(SdkBytes.fromUtf8String("{\"texts\":[\"hi\"],\"input_type\":\"search_query\"}")),
                    InvokeModelWithResponseStreamResponseHandler.builder().subscriber(
                            InvokeModelWithResponseStreamResponseHandler.Visitor.builder().build()).build()).join());
        }

        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(ValidationException.class);
        assertThat(failure.getCause()).hasMessageContaining("The model is unsupported for streaming.");
    }

    @Test
    void countTokens_withAnEmbeddingModel_throwsValidationException() {
        assertThatThrownBy(() -> bedrock.countTokens(r -> r.modelId(TITAN)
                .input(CountTokensInput.fromConverse(c -> c.messages(HELLO)))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("doesn't support counting tokens");
    }

    @Test
    void invokeModel_withAnEmbeddingModelNotSimulated_throwsValidationException_thatTheIdIsInvalid() {
        assertThatThrownBy(() -> bedrock.invokeModel(r -> r.modelId("amazon.titan-embed-text-v1")
                .contentType("application/json").body(SdkBytes.fromUtf8String("{\"inputText\":\"hi\"}"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("The provided model identifier is invalid.");
    }

    @Test
    void invokeModel_withAnEmbeddingModel_takesTheInjectedFaults_andIsCounted() {
        simulator.faults().failNext(1, "ThrottlingException");

        assertThatThrownBy(() -> bedrock.invokeModel(r -> r.modelId(TITAN).contentType("application/json")
                .body(SdkBytes.fromUtf8String("{\"inputText\":\"hi\"}"))))
                .isInstanceOf(ThrottlingException.class);
        assertThat(bedrock.invokeModel(r -> r.modelId(TITAN).contentType("application/json")
                .body(SdkBytes.fromUtf8String("{\"inputText\":\"hi\"}"))).sdkHttpResponse().statusCode())
                .isEqualTo(200);
        assertThat(simulator.invocations()).isEqualTo(2);
    }
}
