package com.bedrockmeter.proxy.invoke;

import static com.bedrockmeter.proxy.testsupport.ProxyClient.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.usage.UsageEventSink;
import com.bedrockmeter.proxy.metering.UsageMeter;
import com.bedrockmeter.proxy.testsupport.BedrockSdk;
import com.bedrockmeter.proxy.testsupport.ExternalProcess;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;

/**
 * {@code POST /model/{modelId}/invoke-with-response-stream} through the proxy: the AWS SDK's own async client with
 * a bearer token (Bedrock API keys), raw HTTP where a test needs the bytes or a client that goes away.
 */
@ProxyTest
class StreamingIT {

    @Autowired ProxyClient proxy;
    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired UsageMeter meter;
    @Autowired UsageEventSink events;
    @Autowired BedrockSimulator simulator;
    @Autowired ObjectMapper json;

    @AfterEach
    void clearFaults() {
        simulator.faults().clear();
    }

    private BedrockRuntimeAsyncClient sdk(String token) {
        return BedrockSdk.client(proxy, token);
    }

    private static byte[] body(String prompt) {
        return ("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + prompt + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    /** The decoded Claude events the SDK delivered. */
    private List<JsonNode> streamWithSdk(String token, String prompt) {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        try (BedrockRuntimeAsyncClient bedrock = sdk(token)) {
            bedrock.invokeModelWithResponseStream(InvokeModelWithResponseStreamRequest.builder().modelId(MODEL)
                    .contentType("application/json").body(SdkBytes.fromByteArray(body(prompt))).build(),
                    InvokeModelWithResponseStreamResponseHandler.builder()
                            .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                                    .onChunk(part -> received.add(parse(part.bytes().asByteArray()))).build())
                            .build()).join();
        }
        return received;
    }

    @Test
    void theAwsSdk_streamsThroughTheProxy_andTheCountersAndTheEventMatchTheStreamsOwnUsage() throws IOException {
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        List<JsonNode> chunks = streamWithSdk(acme.token().token(), "Stream me the capital of France");

        StringBuilder text = new StringBuilder();
        chunks.stream().filter(c -> c.path("type").asText().equals("content_block_delta"))
                .forEach(c -> text.append(c.at("/delta/text").asText()));
        assertThat(text.toString()).isEqualTo("Simulated answer from " + MODEL + " to: Stream me the capital of France");
        JsonNode metrics = chunks.get(chunks.size() - 1).get("amazon-bedrock-invocationMetrics");
        long in = metrics.get("inputTokenCount").asLong();
        long out = metrics.get("outputTokenCount").asLong();
        assertThat(in).isPositive();
        assertThat(out).isEqualTo(11); // "Simulated answer from MODEL to:" and the six words

        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement().satisfies(day -> {
            assertThat(day.totals().requests()).isEqualTo(1);
            assertThat(day.totals().inputTokens()).isEqualTo(in);
            assertThat(day.totals().outputTokens()).isEqualTo(out);
        });
        JsonNode event = event(acme, today);
        assertThat(event.path("route").asText()).isEqualTo(InvokeRoutes.NATIVE_STREAM_ROUTE);
        assertThat(event.path("inputTokens").asLong()).isEqualTo(in);
        assertThat(event.path("outputTokens").asLong()).isEqualTo(out);
        assertThat(event.path("outcome").asText()).isEqualTo("answered");
        assertThat(event.has("clientDisconnected")).isFalse();
    }

    /**
     * Node's own HTTP/2 client, as the AWS SDK for JavaScript v3 uses it: the session is closed (GOAWAY) as soon as
     * the answer's headers arrive, while the paced stream has most of its frames still to come. RFC 9113 lets the
     * open stream finish; Tomcat's stock protocol closed the connection instead, and the frames were lost.
     */
    @Test
    void anHttp2ClientThatSendsGoawayAfterTheHeaders_stillReceivesEveryFrame() {
        CreatedCustomer acme = Customers.acme(customers);
        simulator.faults().streamPace(Duration.ZERO, 40);
        String script = """
                const http2 = require('node:http2');
                const frames = (closeEarly) => new Promise((resolve, reject) => {
                  const session = http2.connect(process.env.BASE);
                  session.on('error', reject);
                  const req = session.request({ ':method': 'POST', ':path': process.env.PATH_, 'content-type':
                    'application/json', authorization: 'Bearer ' + process.env.TOKEN });
                  const parts = [];
                  req.on('response', () => { if (closeEarly) session.close(); });
                  req.on('data', d => parts.push(d));
                  req.on('error', reject);
                  req.on('end', () => {
                    const all = Buffer.concat(parts);
                    let at = 0, count = 0;
                    while (at + 4 <= all.length) { at += all.readUInt32BE(at); count++; }
                    if (!closeEarly) session.close();
                    resolve(at === all.length ? count : -count);
                  });
                  req.end(process.env.BODY);
                });
                (async () => console.log(JSON.stringify({ whole: await frames(false), early: await frames(true) })))()
                  .catch(e => { console.log(JSON.stringify({ error: String(e) })); });
                """;
        String path = streamRequest(acme, "one two three four five six seven eight").uri().getRawPath();

        ExternalProcess.Result result = ExternalProcess.run(Map.of("BASE", proxy.uri("").toString(),
                "PATH_", path, "TOKEN", acme.token().token(),
                "BODY", new String(body("one two three four five six seven eight"), StandardCharsets.UTF_8)),
                List.of("node", "-e", script), Duration.ofSeconds(60));

        JsonNode counts = parse(result.stdout().strip().getBytes(StandardCharsets.UTF_8));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(counts.path("whole").asInt()).as(result.output()).isGreaterThan(10);
        assertThat(counts.path("early").asInt()).as(result.output()).isEqualTo(counts.path("whole").asInt());
    }

    @Test
    void chunksReachTheClientAsBedrockSendsThem_notAllAtTheEnd() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        simulator.faults().streamPace(Duration.ZERO, 20);
        List<Long> arrivals = new ArrayList<>();

        HttpResponse<InputStream> response = proxy.sendStreaming(streamRequest(acme, "one two three four five six"));
        try (InputStream in = response.body()) {
            MessageDecoder decoder = new MessageDecoder(m -> arrivals.add(System.nanoTime()));
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                decoder.feed(buffer, 0, n);
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.amazon.eventstream");
        // 11 tokens at 20/s: the first frames arrive about half a second before the last
        long spreadMs = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1_000_000;
        assertThat(spreadMs).isGreaterThan(350);
    }

    @Test
    void aClientThatGoesAwayAfterTheFirstChunk_leavesTheWholeAnswerMetered_andTheEventMarked() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        simulator.faults().streamPace(Duration.ZERO, 40);

        HttpResponse<InputStream> response = proxy.sendStreaming(streamRequest(acme, "a b c d e f g h i j k l"));
        try (InputStream in = response.body()) {
            assertThat(in.read(new byte[64])).isPositive(); // the first bytes, then the client hangs up
        }

        JsonNode event = await().atMost(Duration.ofSeconds(10)).until(() -> {
            events.flush();
            return eventOrNull(acme, today);
        }, e -> e != null);
        assertThat(event.path("clientDisconnected").asBoolean()).isTrue();
        assertThat(event.path("outputTokens").asLong()).isEqualTo(17); // all of them, as Bedrock bills them
        meter.flush();
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement()
                .satisfies(day -> assertThat(day.totals().outputTokens()).isEqualTo(17));
    }

    @Test
    void aFaultMidStream_reachesTheSdkAsItsException_andTheTokensSoFarAreMetered() {
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        simulator.faults().failStreamAfter(3, "modelStreamErrorException");

        Throwable failure = catchThrowable(() -> streamWithSdk(acme.token().token(), "one two three four five"));

        assertThat(failure).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ModelStreamErrorException.class);
        JsonNode event = event(acme, today);
        assertThat(event.path("outputTokens").asLong()).isEqualTo(3);
        assertThat(event.path("inputTokens").asLong()).isPositive();
        assertThat(event.path("errorCode").asText()).isEqualTo("bedrock_stream_modelStreamErrorException");
    }

    @Test
    void anAnswerRunningPastTheBedrockTimeout_isCutOff_withAnExceptionTheSdkRaises_andTheTokensSoFarMetered() {
        // the tests' Bedrock timeout is 2 s; 4 tokens a second for 14 tokens takes over 3 s
        CreatedCustomer acme = Customers.acme(customers);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        simulator.faults().streamPace(Duration.ZERO, 4);

        Throwable failure = catchThrowable(() -> streamWithSdk(acme.token().token(),
                "one two three four five six seven eight nine"));

        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(
                software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException.class);
        JsonNode event = event(acme, today);
        assertThat(event.path("errorCode").asText()).isEqualTo("bedrock_timeout");
        assertThat(event.path("outputTokens").asLong()).isBetween(5L, 13L);
        assertThat(event.path("latencyMs").asLong()).isLessThan(3_000);
    }

    @Test
    void aCustomerOverItsDailyLimit_getsAPlain429BeforeAnyStream() {
        CreatedCustomer acme = Customers.acmeWithLimits(customers, new Limits(1L, null, null));
        assertThat(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("the day's one call")).statusCode())
                .isEqualTo(200);

        HttpResponse<String> response = proxy.send(streamRequest(acme, "hello"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"code\":\"rate_limited\"");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void fiftyConcurrentStreams_againstADailyLimitOfTen_streamExactlyTen_andTheMonthSettlesToRealUsage()
            throws Exception {
        CreatedCustomer acme = Customers.acmeWithLimits(customers, new Limits(10L, null, 1_000_000L));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        simulator.faults().streamPace(Duration.ofMillis(20), 200);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(50);
        List<java.util.concurrent.Future<Integer>> calls = new ArrayList<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);

        for (int i = 0; i < 50; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                HttpResponse<InputStream> response = proxy.sendStreaming(streamRequest(acme, "count me in"));
                try (InputStream in = response.body()) {
                    in.readAllBytes();
                }
                return response.statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (var call : calls) {
            statuses.add(call.get());
        }
        pool.shutdown();

        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(10);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(40);
        meter.flush();
        long outputPerCall = 8; // "Simulated answer from MODEL to: count me in", a token a word
        assertThat(usage.days(acme.customer().id(), today, today)).singleElement().satisfies(day -> {
            assertThat(day.totals().requests()).isEqualTo(10);
            assertThat(day.totals().outputTokens()).isEqualTo(10 * outputPerCall);
        });
        // the month's committed tokens are the real usage, not the reservations (max_tokens 200 each)
        java.util.Map<String, Long> month = usage.counters(acme.customer().id(),
                DynamoUsageRepository.month(java.time.YearMonth.from(today))).orElseThrow();
        long inputTokens = month.get("inputTokens");
        assertThat(month.get("tokensCommitted")).isEqualTo(inputTokens + 10 * outputPerCall);
    }

    @Test
    void whatNoSdkModelsYet_reachesTheClient_asBedrockSentIt() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);
        simulator.faults().futureShapes(true);
        List<Message> frames = new ArrayList<>();

        HttpResponse<InputStream> response = proxy.sendStreaming(streamRequest(acme, "hello"));
        try (InputStream in = response.body()) {
            MessageDecoder decoder = new MessageDecoder(frames::add);
            decoder.feed(in.readAllBytes());
        }

        assertThat(frames.get(0).getHeaders().get(":event-type").getString()).isEqualTo("futureEvent");
        JsonNode payload = json.readTree(frames.get(1).getPayload());
        JsonNode messageStart = json.readTree(java.util.Base64.getDecoder().decode(payload.get("bytes").asText()));
        assertThat(messageStart.at("/message/future_field").asText()).isEqualTo("a field no SDK models yet");
    }

    @Test
    void inferenceProfiles_listTheCrossRegionProfilesTheCustomerMayCall_inBedrocksShape() throws Exception {
        CreatedCustomer acme = Customers.acme(customers);

        HttpResponse<String> listed = proxy.send(HttpRequest.newBuilder(proxy.uri("/inference-profiles?type=SYSTEM_DEFINED"))
                .header("Authorization", "Bearer " + acme.token().token()).GET().build());
        HttpResponse<String> anonymous = proxy.send(HttpRequest.newBuilder(proxy.uri("/inference-profiles")).GET().build());

        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode profiles = json.readTree(listed.body()).get("inferenceProfileSummaries");
        List<String> ids = new ArrayList<>();
        profiles.forEach(p -> ids.add(p.get("inferenceProfileId").asText()));
        assertThat(ids).contains("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "global.anthropic.claude-opus-4-6-v1")
                .allMatch(id -> id.matches("(us|eu|apac|global)\\..+"));
        assertThat(profiles.get(0).get("models").get(0).get("modelArn").asText()).contains(":foundation-model/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aCurrentClaudeModel_streamsByItsCrossRegionProfile() {
        CreatedCustomer acme = Customers.acme(customers);
        List<JsonNode> received = new CopyOnWriteArrayList<>();

        try (BedrockRuntimeAsyncClient bedrock = sdk(acme.token().token())) {
            bedrock.invokeModelWithResponseStream(InvokeModelWithResponseStreamRequest.builder()
                    .modelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0").contentType("application/json")
                    .body(SdkBytes.fromByteArray(body("hi"))).build(),
                    InvokeModelWithResponseStreamResponseHandler.builder()
                            .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                                    .onChunk(part -> received.add(parse(part.bytes().asByteArray()))).build())
                            .build()).join();
        }

        assertThat(received).isNotEmpty();
        assertThat(received.get(0).at("/message/model").asText()).isEqualTo("anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    private HttpRequest streamRequest(CreatedCustomer customer, String prompt) {
        return HttpRequest.newBuilder(proxy.uri("/model/" + URLEncoder.encode(MODEL, StandardCharsets.UTF_8)
                        + "/invoke-with-response-stream"))
                .header("Authorization", "Bearer " + customer.token().token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(prompt))).build();
    }

    private JsonNode event(CreatedCustomer customer, LocalDate day) {
        events.flush();
        JsonNode event = eventOrNull(customer, day);
        assertThat(event).as("the usage event of " + customer.customer().id()).isNotNull();
        return event;
    }

    private JsonNode eventOrNull(CreatedCustomer customer, LocalDate day) {
        Path dir = Path.of("target/test-usage-events/dt=" + day);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode event = parse(line.getBytes(StandardCharsets.UTF_8));
                    if (event.path("customerId").asText().equals(customer.customer().id())) {
                        return event;
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
