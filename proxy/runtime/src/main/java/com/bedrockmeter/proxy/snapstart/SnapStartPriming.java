package com.bedrockmeter.proxy.snapstart;

import com.bedrockmeter.model.base.Rehearsal;
import com.amazonaws.serverless.proxy.spring.SpringBootLambdaContainerHandler;
import com.bedrockmeter.model.customer.Tokens;
import com.bedrockmeter.proxy.invoke.BedrockStreams;
import com.bedrockmeter.proxy.invoke.ModelCall;
import com.bedrockmeter.proxy.invoke.RequestBodies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming: before Lambda takes the snapshot of an initialised function, the request path runs once so
 * that the classes a call needs are loaded and initialised in the snapshot instead of on the first call after each
 * restore. What runs, with nothing read, written, sent or billed:
 * <ol>
 *   <li>an API Gateway event for {@code POST /bedrock} without a token through the Lambda handler (request mapping,
 *       the route, the 401 error body; refused before the store is touched);</li>
 *   <li>a request body through {@link RequestBodies} and a token through {@link Tokens#hash};</li>
 *   <li>the SDK calls of a call's path, DynamoDB GetItem and conditional UpdateItem, marshalled,
 *       endpoint-resolved and signed, then stopped before they are sent ({@link Rehearsal}); and a Bedrock
 *       InvokeModel request signed by the pass-through and not sent ({@link BedrockStreams#rehearse}).</li>
 * </ol>
 * It registers with CRaC once the context is refreshed, so it runs before Spring stops its lifecycle beans for the
 * checkpoint. Outside Lambda nothing calls it (no checkpoint is taken); a step that fails is logged, never thrown:
 * priming must not break a deployment.
 */
public class SnapStartPriming implements Resource, ApplicationListener<ContextRefreshedEvent> {

    private static final Logger log = LoggerFactory.getLogger(SnapStartPriming.class);
    private final Runnable afterRestore;
    static final String EVENT = """
            {"resource":"/bedrock","path":"/bedrock","httpMethod":"POST",
             "headers":{"Content-Type":"application/json"},"multiValueHeaders":{"Content-Type":["application/json"]},
             "requestContext":{"resourcePath":"/bedrock","httpMethod":"POST","path":"/prod/bedrock","stage":"prod",
             "identity":{"sourceIp":"127.0.0.1"}},"body":"{}","isBase64Encoded":false}""";

    private static final String SAMPLE_BODY = "{\"modelId\":\"MODEL\",\"anthropic_version\":\"bedrock-2023-05-31\","
            + "\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final DynamoDbClient dynamo;
    private final BedrockStreams bedrock;
    private final RequestBodies bodies;
    private final String keysTable;
    private final String usageTable;
    private final String model;
    private volatile boolean registered;

    public SnapStartPriming(DynamoDbClient dynamo, BedrockStreams bedrock, RequestBodies bodies, String keysTable,
                            String usageTable, String model, Runnable afterRestore) {
        this.afterRestore = afterRestore;
        this.dynamo = dynamo;
        this.bedrock = bedrock;
        this.bodies = bodies;
        this.keysTable = keysTable;
        this.usageTable = usageTable;
        this.model = model;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        if (!registered) { // a child context's refresh reaches this listener too
            registered = true;
            Core.getGlobalContext().register(this);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime();
        } catch (Throwable e) { // a failed checkpoint would stop the version from being published
            log.warn("SnapStart priming failed; the snapshot is taken without it", e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // SDK clients open new connections on their own; what must differ between clones is renewed here
        // (the counter buffer's writer id: two clones sharing it would take each other's writes for retries).
        afterRestore.run();
    }

    /**
     * Runs every step; returns the names of those that did what they should. The sample body and token are fixed
     * and valid, so parsing them cannot fail.
     */
    public List<String> prime() {
        long started = System.nanoTime();
        List<String> done = new ArrayList<>();
        step(done, "lambda event", this::lambdaEvent);
        ModelCall call = bodies.fromGuideBody(SAMPLE_BODY.replace("MODEL", model).getBytes(StandardCharsets.UTF_8));
        String hash = Tokens.hash("bm_snapstart-priming-is-not-a-token");
        step(done, "dynamodb get", () -> Rehearsal.stoppedBeforeSending(() -> dynamo.getItem(r -> r
                .tableName(keysTable).key(Map.of("tokenHash", AttributeValue.fromS(hash)))
                .consistentRead(true).overrideConfiguration(Rehearsal::mark))));
        step(done, "dynamodb conditional update", () -> Rehearsal.stoppedBeforeSending(() -> dynamo.updateItem(r -> r
                .tableName(usageTable)
                .key(Map.of("pk", AttributeValue.fromS("CUSTOMER#priming"), "sk", AttributeValue.fromS("DAY#priming")))
                .updateExpression("ADD #c :one")
                // a condition no item meets: were the request ever sent, it would change nothing
                .conditionExpression("attribute_exists(#c) AND attribute_not_exists(#c)")
                .expressionAttributeNames(Map.of("#c", "requests"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .overrideConfiguration(Rehearsal::mark))));
        step(done, "bedrock invoke", () -> bedrock.rehearse(call));
        log.info("SnapStart priming in {} ms: {}", (System.nanoTime() - started) / 1_000_000, done);
        return done;
    }

    /** The Lambda handler answers the event without a token 401; outside Lambda there is no handler: skipped. */
    private boolean lambdaEvent() throws Exception {
        SpringBootLambdaContainerHandler<?, ?> handler = SpringBootLambdaContainerHandler.getInstance();
        if (handler == null) {
            return false;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.proxyStream(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8).contains("\"statusCode\":401");
    }

    private interface Step {
        boolean run() throws Exception;
    }

    private static void step(List<String> done, String name, Step step) {
        try {
            if (step.run()) {
                done.add(name);
            } else {
                log.warn("SnapStart priming: step '{}' did not do what it should", name);
            }
        } catch (Exception e) {
            log.warn("SnapStart priming: step '{}' failed: {}", name, e.toString());
        }
    }
}
