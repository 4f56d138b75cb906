package com.bedrockmeter.proxy;

import com.bedrockmeter.model.config.ModelProperties;
import com.bedrockmeter.model.config.Repositories;
import com.bedrockmeter.model.config.Services;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import com.bedrockmeter.local.dynalite.Dynalite;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.serverless.proxy.internal.testutils.AwsProxyRequestBuilder;
import com.amazonaws.serverless.proxy.internal.testutils.MockLambdaContext;
import com.amazonaws.serverless.proxy.spring.SpringBootLambdaContainerHandler;
import com.bedrockmeter.model.base.DynamoClients;
import com.bedrockmeter.proxy.snapstart.SnapStartPriming;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.customer.NewToken;
import com.bedrockmeter.proxy.base.RequestPathPermissions;
import com.bedrockmeter.proxy.testsupport.RecordedStoreCalls;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.context.support.WebApplicationContextUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The Lambda handler in the JVM, fed API Gateway proxy events as API Gateway would send them. */
@ExtendWith(OutputCaptureExtension.class)
class LambdaHandlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The template's environment, as system properties for the handler's context (built once per JVM). */
    private static final Map<String, String> LIKE_THE_TEMPLATE = Map.of(
            "bedrock-meter.mode", "local",
            "bedrock-meter.usage.sink", "stdout",
            "bedrock-meter.usage.counter-flush-interval", "0");

    /** Bedrock for the handler's context, which outlives this class (one per JVM): never closed before the JVM. */
    private static BedrockSimulator simulator;

    @BeforeAll
    static synchronized void configureLikeTheTemplate() {
        LIKE_THE_TEMPLATE.forEach(System::setProperty);
        System.setProperty("bedrock-meter.dynamodb.endpoint", Dynalite.sharedEndpoint().toString());
        if (simulator == null) {
            simulator = BedrockSimulator.start(0);
        }
        System.setProperty("bedrock-meter.bedrock.endpoint", simulator.endpoint().toString());
    }

    /** Later test classes in this JVM start contexts of their own: they must not inherit Lambda's settings. */
    @AfterAll
    static void forgetTheTemplate() {
        LIKE_THE_TEMPLATE.keySet().forEach(System::clearProperty);
        System.clearProperty("bedrock-meter.dynamodb.endpoint");
        System.clearProperty("bedrock-meter.bedrock.endpoint");
    }

    @Test
    void handleRequest_answersPostBedrock_andWritesTheUsageEventToStdout(CapturedOutput output) throws IOException {
        // given
        LambdaHandler handler = new LambdaHandler();
        NewToken token = createCustomer();
        InputStream event = new AwsProxyRequestBuilder("/bedrock", "POST")
                .header("Authorization", "Bearer " + token.token())
                .header("Content-Type", "application/json")
                .body(ProxyClient.guideBody("What is the capital of France?"))
                .buildStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();

        // when
        handler.handleRequest(event, response, new MockLambdaContext());

        // then
        JsonNode proxyResponse = JSON.readTree(response.toByteArray());
        assertThat(proxyResponse.path("statusCode").asInt()).as(proxyResponse.toString()).isEqualTo(200);
        JsonNode answer = JSON.readTree(proxyResponse.path("body").asText());
        assertThat(answer.path("type").asText()).isEqualTo("message");
        assertThat(output.getOut()).contains("\"keyId\":\"" + token.keyId() + "\"").contains("\"route\":\"/bedrock\"");
    }

    @Test
    void handleRequest_answersTheStreamingRoute_withTheWholeEventStreamBase64Encoded_andMetersIt(CapturedOutput output)
            throws IOException {
        // given
        LambdaHandler handler = new LambdaHandler();
        NewToken token = createCustomer();
        String model = "anthropic.claude-3-sonnet-20240229-v1:0";
        InputStream event = new AwsProxyRequestBuilder("/model/" + model + "/invoke-with-response-stream", "POST")
                .header("Authorization", "Bearer " + token.token())
                .header("Content-Type", "application/json")
                .body("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Stream through Lambda\"}]}")
                .buildStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();

        // when
        handler.handleRequest(event, response, new MockLambdaContext());

        // then: binary, so base64 for API Gateway to decode (BinaryMediaTypes), and a whole, decodable event stream
        JsonNode proxyResponse = JSON.readTree(response.toByteArray());
        assertThat(proxyResponse.path("statusCode").asInt()).as(proxyResponse.toString()).isEqualTo(200);
        assertThat(proxyResponse.path("isBase64Encoded").asBoolean()).isTrue();
        byte[] stream = java.util.Base64.getDecoder().decode(proxyResponse.path("body").asText());
        List<software.amazon.awssdk.eventstream.Message> frames = new java.util.ArrayList<>();
        new software.amazon.awssdk.eventstream.MessageDecoder(frames::add).feed(stream);
        assertThat(frames).isNotEmpty().allSatisfy(frame ->
                assertThat(frame.getHeaders().get(":event-type").getString()).isEqualTo("chunk"));
        assertThat(output.getOut()).contains("\"keyId\":\"" + token.keyId() + "\"")
                .contains("\"route\":\"/model/{modelId}/invoke-with-response-stream\"");
    }

    @Test
    void handleRequest_refusesAMissingToken_withTheJsonError() throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        new LambdaHandler().handleRequest(new AwsProxyRequestBuilder("/bedrock", "POST")
                .body(ProxyClient.guideBody("hi")).buildStream(), response, new MockLambdaContext());
        JsonNode proxyResponse = JSON.readTree(response.toByteArray());
        assertThat(proxyResponse.path("statusCode").asInt()).isEqualTo(401);
        assertThat(proxyResponse.path("body").asText()).contains("missing_token");
    }

    @Test
    void snapStartPriming_rehearsesTheRequestPath_withoutSendingOrWritingAnything(CapturedOutput output)
            throws IOException {
        // given: the function initialised, as before Lambda takes the snapshot
        LambdaHandler handler = new LambdaHandler();
        var context = WebApplicationContextUtils.getRequiredWebApplicationContext(
                SpringBootLambdaContainerHandler.getInstance().getServletContext());
        SnapStartPriming priming = context.getBean(SnapStartPriming.class);
        long invocationsBefore = simulator.invocations();
        long eventsBefore = usageEventLines(output);

        // when: the runtime's checkpoint hook
        priming.beforeCheckpoint(null);

        // then: every step ran, and the SDK calls were stopped before the network (so nothing reached dynalite,
        // where the rehearsed update would have created this item, or the simulator)
        assertThat(output.getOut()).contains(
                "SnapStart priming in").contains("[lambda event, dynamodb get, dynamodb conditional update, bedrock invoke]");
        assertThat(output.getOut()).doesNotContain("SnapStart priming: step");
        try (DynamoDbClient dynamo = dynamo()) {
            assertThat(dynamo.getItem(r -> r.tableName("bedrock_usage").key(Map.of(
                    "pk", AttributeValue.fromS("CUSTOMER#priming"), "sk", AttributeValue.fromS("DAY#priming"))))
                    .hasItem()).isFalse();
        }
        assertThat(usageEventLines(output)).isEqualTo(eventsBefore);
        assertThat(simulator.invocations()).isEqualTo(invocationsBefore);

        // and: a real call after the restore is answered as usual
        NewToken token = createCustomer();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new AwsProxyRequestBuilder("/bedrock", "POST")
                .header("Authorization", "Bearer " + token.token()).header("Content-Type", "application/json")
                .body(ProxyClient.guideBody("hi")).buildStream(), response, new MockLambdaContext());
        assertThat(JSON.readTree(response.toByteArray()).path("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void requestPath_callsExactlyTheDynamoDbActionsItsRoleGrants() throws IOException {
        // given: a customer with every kind of limit, one without, and a key that does not exist
        LambdaHandler handler = new LambdaHandler();
        NewToken limited = createCustomer(new Limits(1_000L, 100L, 1_000_000L));
        NewToken unlimited = createCustomer(new Limits(null, null, null));
        RecordedStoreCalls.clear();

        // when: answered calls, a refusal (bad body), a call Bedrock refuses (unknown model), an unknown token
        for (NewToken token : List.of(limited, unlimited)) {
            call(handler, token.token(), ProxyClient.guideBody("hi"));
            call(handler, token.token(), "{not json");
            call(handler, token.token(), ProxyClient.guideBody("hi").replace("\"max_tokens\":1000",
                    "\"max_tokens\":1000,\"top_k\":\"not a number\""));
        }
        call(handler, "bm_" + "x".repeat(43), ProxyClient.guideBody("hi"));

        // then
        Map<String, String> tables = Map.of("bedrock_customers", "customers", "bedrock_api_keys", "apiKeys",
                "bedrock_usage", "usage");
        Set<String> granted = new TreeSet<>();
        RequestPathPermissions.DYNAMODB.forEach((table, actions) -> actions.forEach(action -> granted.add(
                tables.entrySet().stream().filter(t -> t.getValue().equals(table)).findFirst().orElseThrow().getKey()
                        + ":" + action)));
        assertThat(RecordedStoreCalls.calls()).isNotEmpty().isSubsetOf(granted);
    }

    private static void call(LambdaHandler handler, String token, String body) throws IOException {
        handler.handleRequest(new AwsProxyRequestBuilder("/bedrock", "POST")
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .body(body).buildStream(), new ByteArrayOutputStream(), new MockLambdaContext());
    }

    @Test
    void lambdaPackage_containsTheHandlerAndNoTomcat() throws IOException {
        Path zip;
        try (var files = Files.list(Path.of("target"))) {
            zip = files.filter(p -> p.getFileName().toString().endsWith("-lambda.zip")).findFirst().orElseThrow();
        }
        try (ZipFile lambda = new ZipFile(zip.toFile())) {
            var names = lambda.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).contains("com/bedrockmeter/proxy/LambdaHandler.class");
            assertThat(names).anyMatch(n -> n.startsWith("lib/aws-serverless-java-container-springboot3"));
            assertThat(names).anyMatch(n -> n.startsWith("lib/bedrockruntime-"));
            assertThat(names).noneMatch(n -> n.contains("tomcat"));
        }
    }

    private static long usageEventLines(CapturedOutput output) {
        return output.getOut().lines().filter(line -> line.contains("\"requestId\"")).count();
    }

    private static DynamoDbClient dynamo() {
        return DynamoClients.create(Dynalite.sharedEndpoint(), "us-east-1", Duration.ofSeconds(5),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    private static NewToken createCustomer() {
        return createCustomer(new Limits(null, null, null));
    }

    private static NewToken createCustomer(Limits limits) {
        CustomerService service = Services.wire(Repositories.on(dynamo(), ModelProperties.Tables.defaults(), false),
                Clock.systemUTC(), NewCustomerPolicy.SAFE_DEFAULT).customers();
        var created = service.create("test", "Lambda Co", "lambda@example.com", Optional.empty());
        service.updateLimits("test", created.customer().id(), limits);
        return created.token();
    }
}
