package com.bedrockmeter.proxy.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.model.config.Services;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.usage.UsageEventFiles;
import java.nio.file.Path;
import com.bedrockmeter.proxy.metering.UsageMeter;
import com.bedrockmeter.proxy.testsupport.BedrockSdk;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import java.time.YearMonth;
import java.util.Map;
import java.util.ArrayList;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/** Converse and ConverseStream through the proxy with the AWS SDK's typed calls and a bearer token. */
@ProxyTest
class ConverseIT {

    private static final String MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    @Autowired ProxyClient proxy;
    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired UsageMeter meter;
    @Autowired BedrockSimulator simulator;
    @Autowired Services services;

    @AfterEach
    void clearFaults() {
        simulator.faults().clear();
    }

    private BedrockRuntimeAsyncClient sdk(String token) {
        return BedrockSdk.client(proxy, token);
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    @Test
    void converse_answersThroughTheProxy_andMetersItsUsage() {
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        ConverseResponse response;
        try (BedrockRuntimeAsyncClient bedrock = sdk(acme.token().token())) {
            response = bedrock.converse(r -> r.modelId(MODEL).messages(user("What is up?"))
                    .inferenceConfig(c -> c.maxTokens(100))).join();
        }

        assertThat(response.output().message().content().get(0).text())
                .isEqualTo("Simulated answer from " + MODEL + " to: What is up?");
        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement().satisfies(day -> {
            assertThat(day.totals().requests()).isEqualTo(1);
            assertThat(day.totals().inputTokens()).isEqualTo(response.usage().inputTokens().longValue());
            assertThat(day.totals().outputTokens()).isEqualTo(response.usage().outputTokens().longValue());
            assertThat(day.byModel()).containsKey(MODEL);
        });
    }

    @Test
    void converseStream_streamsThroughTheProxy_andMetersTheMetadataUsage() {
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        StringBuilder text = new StringBuilder();
        AtomicReference<ConverseStreamMetadataEvent> metadata = new AtomicReference<>();

        try (BedrockRuntimeAsyncClient bedrock = sdk(acme.token().token())) {
            bedrock.converseStream(r -> r.modelId(MODEL).messages(user("hello there")),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onContentBlockDelta(d -> text.append(d.delta().text()))
                            .onMetadata(metadata::set).build()).build()).join();
        }

        assertThat(text.toString()).isEqualTo("Simulated answer from " + MODEL + " to: hello there");
        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement().satisfies(day -> {
            assertThat(day.totals().inputTokens()).isEqualTo(metadata.get().usage().inputTokens().longValue());
            assertThat(day.totals().outputTokens()).isEqualTo(metadata.get().usage().outputTokens().longValue());
        });
    }

    @Test
    void promptCacheTokens_areMeteredApartFromInput_inTheCountersAndTheMonthlyTokens_asTheAnswersReportThem() {
        // given: a long system prompt with a cache point, sent twice (the first call writes it, the second reads)
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String unique = acme.customer().id();
        SystemContentBlock prompt = SystemContentBlock.fromText(("You are the assistant of " + unique + ". ")
                .repeat(40));
        SystemContentBlock cachePoint = SystemContentBlock.fromCachePoint(c -> c.type(CachePointType.DEFAULT));

        // when
        List<TokenUsage> answers = new ArrayList<>();
        try (BedrockRuntimeAsyncClient bedrock = sdk(acme.token().token())) {
            answers.add(bedrock.converse(r -> r.modelId(MODEL).system(prompt, cachePoint).messages(user("first")))
                    .join().usage());
            AtomicReference<ConverseStreamMetadataEvent> metadata = new AtomicReference<>();
            bedrock.converseStream(r -> r.modelId(MODEL).system(prompt, cachePoint).messages(user("second")),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .onMetadata(metadata::set).build()).build()).join();
            answers.add(metadata.get().usage());
        }

        // then: what the answers reported, kind by kind, in the day's counters and the month's token count
        assertThat(answers.get(0).cacheWriteInputTokens()).isPositive();
        assertThat(answers.get(1).cacheReadInputTokens()).isEqualTo(answers.get(0).cacheWriteInputTokens());
        meter.flush();
        long read = answers.stream().mapToLong(u -> u.cacheReadInputTokens() == null ? 0 : u.cacheReadInputTokens())
                .sum();
        long written = answers.stream().mapToLong(u -> u.cacheWriteInputTokens() == null ? 0
                : u.cacheWriteInputTokens()).sum();
        long input = answers.stream().mapToLong(TokenUsage::inputTokens).sum();
        long output = answers.stream().mapToLong(TokenUsage::outputTokens).sum();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement().satisfies(day -> {
            assertThat(day.totals().inputTokens()).isEqualTo(input);
            assertThat(day.totals().cacheReadTokens()).isEqualTo(read);
            assertThat(day.totals().cacheWriteTokens()).isEqualTo(written);
            assertThat(day.byModel().get(MODEL).cacheReadTokens()).isEqualTo(read);
        });
        Map<String, Long> month = usage.counters(acme.customer().id(),
                DynamoUsageRepository.month(YearMonth.from(today))).orElseThrow();
        assertThat(month).containsEntry(DynamoUsageRepository.TOKENS_COMMITTED, input + output + read + written);
        assertThat(answers).allSatisfy(u -> assertThat(u.totalTokens().longValue()).isEqualTo(u.inputTokens()
                + u.outputTokens() + (u.cacheReadInputTokens() == null ? 0 : u.cacheReadInputTokens())
                + (u.cacheWriteInputTokens() == null ? 0 : u.cacheWriteInputTokens())));
    }

    @Test
    void anApplicationInferenceProfileArn_travelsUrlEncodedInThePath_andIsAllowedAndMeteredAsItself() {
        CreatedCustomer acme = Customers.acme(customers);
        String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6";
        customers.updateLimitsAndModels("test", acme.customer().id(), new Limits(null, null, null), List.of(arn),
                List.of(arn));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        ConverseResponse response;
        try (BedrockRuntimeAsyncClient bedrock = sdk(acme.token().token())) {
            response = bedrock.converse(r -> r.modelId(arn).messages(user("hello profile"))).join();
        }

        assertThat(response.output().message().content().get(0).text()).endsWith("to: hello profile");
        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement()
                .satisfies(day -> assertThat(day.byModel()).containsOnlyKeys(arn));
    }

    @Test
    void converseStream_aThrottleMidStream_reachesTheSdkAsItsException() {
        CreatedCustomer acme = Customers.acme(customers);
        simulator.faults().failStreamAfter(2, "throttlingException");

        Throwable failure;
        try (BedrockRuntimeAsyncClient bedrock = sdk(acme.token().token())) {
            failure = catchThrowable(() -> bedrock.converseStream(r -> r.modelId(MODEL).messages(user("a b c d")),
                    ConverseStreamResponseHandler.builder().subscriber(ConverseStreamResponseHandler.Visitor.builder()
                            .build()).build()).join());
        }

        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(ThrottlingException.class);
    }

    @Test
    void countTokens_answersWithTheSdksTypedCall_countsAgainstTheMinute_andBillsNothing() {
        CreatedCustomer acme = Customers.acmeWithLimits(customers, new Limits(null, 2L, null));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String invokeBody = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"count these four words\"}]}";

        Integer counted;
        Throwable third;
        try (BedrockRuntimeAsyncClient bedrock = sdk(acme.token().token())) {
            counted = bedrock.countTokens(r -> r.modelId(MODEL).input(i -> i.invokeModel(m -> m.body(
                    SdkBytes.fromUtf8String(invokeBody))))).join().inputTokens();
            bedrock.countTokens(r -> r.modelId(MODEL).input(i -> i.converse(c -> c.messages(user("two words")))))
                    .join();
            third = catchThrowable(() -> bedrock.countTokens(r -> r.modelId(MODEL).input(i -> i.converse(
                    c -> c.messages(user("over the minute"))))).join());
        }

        // 4 words + 8 for the one message, as InvokeModel would count them
        assertThat(counted).isEqualTo(12);
        assertThat(third).isInstanceOf(CompletionException.class).cause()
                .isInstanceOfSatisfying(software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(429));
        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).isEmpty();
        // and reconciliation agrees: its not_billed events are no drift against the counters
        assertThat(services.reconciliation().check(List.of(acme.customer().id()), today, today,
                new UsageEventFiles(Path.of("target/test-usage-events"))).drifts()).isEmpty();
    }

    @Test
    void converse_refusesAMaxTokensOutOfRange_beforeBedrock() {
        CreatedCustomer acme = Customers.acme(customers);
        long before = simulator.invocations();

        HttpResponse<String> response = proxy.send(HttpRequest.newBuilder(proxy.uri("/model/"
                        + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "/converse"))
                .header("Authorization", "Bearer " + acme.token().token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
                        + "\"hi\"}]}],\"inferenceConfig\":{\"maxTokens\":-3}}")).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"invalid_max_tokens\"").contains("inferenceConfig.maxTokens");
        assertThat(simulator.invocations()).isEqualTo(before);
    }
}
