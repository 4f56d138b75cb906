package com.bedrockmeter.proxy.testsupport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client for unit tests of write discipline: it records every UpdateItem it is sent and answers each
 * with the next scripted outcome (applied by default, or a failure to throw); GetItem returns {@link #item}. It
 * keeps no data: tests read what was sent, no store is imitated.
 */
public final class ScriptedDynamo implements DynamoDbClient {

    public final List<UpdateItemRequest> sent = new ArrayList<>();
    private final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
    private UpdateItemResponse applied = UpdateItemResponse.builder().build();
    public Map<String, AttributeValue> item = Map.of();

    /** The next UpdateItem fails with this; later ones are applied unless scripted too. */
    public ScriptedDynamo thenFail(Supplier<RuntimeException> failure) {
        failures.add(failure);
        return this;
    }

    /** The next UpdateItem is applied (a place in the script between failures). */
    public ScriptedDynamo thenApply() {
        failures.add(() -> null);
        return this;
    }

    /** What an applied UpdateItem answers (e.g. the counter's new value). */
    public ScriptedDynamo answering(UpdateItemResponse response) {
        this.applied = response;
        return this;
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        sent.add(request);
        Supplier<RuntimeException> next = failures.poll();
        RuntimeException failure = next == null ? null : next.get();
        if (failure != null) {
            throw failure;
        }
        return applied;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return GetItemResponse.builder().item(item).build();
    }

    /** The sort key (period) of the i-th UpdateItem. */
    public String period(int i) {
        return sent.get(i).key().get("sk").s();
    }

    /** The writer sequence of the i-th UpdateItem. */
    public String sequence(int i) {
        return sent.get(i).expressionAttributeValues().get(":seq").n();
    }

    /** What the i-th UpdateItem adds to {@code counter}. */
    public String delta(int i, String counter) {
        UpdateItemRequest request = sent.get(i);
        String alias = request.expressionAttributeNames().entrySet().stream()
                .filter(e -> e.getValue().equals(counter)).map(Map.Entry::getKey).findFirst().orElseThrow();
        return request.expressionAttributeValues().get(":v" + alias.substring(2)).n();
    }

    @Override
    public String serviceName() {
        return "dynamodb";
    }

    @Override
    public void close() {
    }
}
