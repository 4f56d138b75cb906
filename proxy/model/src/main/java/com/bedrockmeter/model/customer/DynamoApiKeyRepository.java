package com.bedrockmeter.model.customer;

import static com.bedrockmeter.model.base.Attributes.instant;
import static com.bedrockmeter.model.base.Attributes.n;
import static com.bedrockmeter.model.base.Attributes.putIfPresent;
import static com.bedrockmeter.model.base.Attributes.s;
import static com.bedrockmeter.model.base.Attributes.string;
import static com.bedrockmeter.model.base.Attributes.timestamp;
import static com.bedrockmeter.model.base.DynamoCalls.store;
import static com.bedrockmeter.model.base.DynamoCalls.storeRun;

import com.bedrockmeter.model.base.TableSchemas;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * The API keys table.
 * <pre>
 * PK tokenHash (S)                 = hex SHA-256 of the bearer token (the token itself is never stored)
 * GSI customerId-index: PK customerId (S), SK createdAt (S, ISO-8601) — a customer's keys, oldest first
 * attributes: keyId, name, prefix, createdAt, expiresAt, revokedAt, lastUsedAt (ISO-8601),
 *             ttl (N, epoch seconds: DynamoDB may delete the item {@value #RETENTION_DAYS} days after it stopped working;
 *             the code never relies on that deletion, it checks expiresAt/revokedAt itself)
 * </pre>
 */
public final class DynamoApiKeyRepository {

    static final String PK = "tokenHash";
    public static final String CUSTOMER_INDEX = "customerId-index";
    static final String CUSTOMER_ID = "customerId";
    static final String CREATED_AT = "createdAt";
    private static final String KEY_ID = "keyId";
    private static final String NAME = "name";
    private static final String PREFIX = "prefix";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String REVOKED_AT = "revokedAt";
    private static final String LAST_USED_AT = "lastUsedAt";
    private static final String TTL = "ttl";
    static final long RETENTION_DAYS = 90;
    private static final String ITEM_NOT_EXISTS = "attribute_not_exists(" + PK + ")";
    /** Only a key that still works can be rotated out or revoked; an earlier expiry is never extended. */
    private static final String STILL_WORKING = "attribute_exists(" + PK + ") AND attribute_not_exists(" + REVOKED_AT
            + ") AND (attribute_not_exists(" + EXPIRES_AT + ") OR " + EXPIRES_AT + " > :at)";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoApiKeyRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static CreateTableRequest tableDefinition(String table) {
        return TableSchemas.table(table, PK, null)
                .attributeDefinitions(TableSchemas.stringAttribute(PK), TableSchemas.stringAttribute(CUSTOMER_ID),
                        TableSchemas.stringAttribute(CREATED_AT))
                .globalSecondaryIndexes(TableSchemas.index(CUSTOMER_INDEX, CUSTOMER_ID, CREATED_AT))
                .build();
    }

    /** @return false if a key with this token hash exists already (the same token was supplied twice) */
    boolean insert(ApiKey key) {
        try {
            storeRun(() -> dynamo.putItem(r -> r.tableName(table).item(toItem(key))
                    .conditionExpression(ITEM_NOT_EXISTS)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    void delete(String tokenHash) {
        storeRun(() -> dynamo.deleteItem(r -> r.tableName(table).key(Map.of(PK, s(tokenHash)))));
    }

    public Optional<ApiKey> findByHash(String tokenHash) {
        Map<String, AttributeValue> item = store(() -> dynamo.getItem(r -> r.tableName(table)
                .key(Map.of(PK, s(tokenHash))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** A customer's keys, oldest first (eventually consistent: the index lags a write by milliseconds). */
    public List<ApiKey> findByCustomer(String customerId) {
        List<ApiKey> keys = new ArrayList<>();
        store(() -> dynamo.queryPaginator(r -> r.tableName(table).indexName(CUSTOMER_INDEX)
                .keyConditionExpression(CUSTOMER_ID + " = :c")
                .expressionAttributeValues(Map.of(":c", s(customerId))))).items()
                .forEach(item -> keys.add(fromItem(item)));
        return keys;
    }

    /**
     * Ends a working key's life at {@code expiresAt}, never later than an expiry it already has.
     * @return false if the key is revoked or already expires at or before {@code expiresAt}
     */
    boolean expire(String tokenHash, Instant expiresAt) {
        return conditionalSet(tokenHash, EXPIRES_AT, expiresAt);
    }

    /** @return false if the key had already stopped working */
    boolean revoke(String tokenHash, Instant now) {
        return conditionalSet(tokenHash, REVOKED_AT, now);
    }

    private boolean conditionalSet(String tokenHash, String attribute, Instant at) {
        long ttl = at.plus(Duration.ofDays(RETENTION_DAYS)).getEpochSecond();
        try {
            storeRun(() -> dynamo.updateItem(r -> r.tableName(table).key(Map.of(PK, s(tokenHash)))
                    .updateExpression("SET " + attribute + " = :value, #ttl = :ttl")
                    .conditionExpression(STILL_WORKING)
                    .expressionAttributeNames(Map.of("#ttl", TTL))
                    .expressionAttributeValues(Map.of(":value", s(timestamp(at)), ":ttl", n(ttl),
                            ":at", s(timestamp(at))))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Records use; callers throttle this (it is not worth a write per request). */
    public void touch(String tokenHash, Instant at) {
        storeRun(() -> dynamo.updateItem(r -> r.tableName(table).key(Map.of(PK, s(tokenHash)))
                .updateExpression("SET " + LAST_USED_AT + " = :at")
                .conditionExpression("attribute_exists(" + PK + ")")
                .expressionAttributeValues(Map.of(":at", s(timestamp(at))))));
    }

    private static Map<String, AttributeValue> toItem(ApiKey key) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(key.tokenHash()));
        item.put(KEY_ID, s(key.keyId()));
        item.put(CUSTOMER_ID, s(key.customerId()));
        item.put(NAME, s(key.name()));
        item.put(PREFIX, s(key.prefix()));
        putIfPresent(item, CREATED_AT, key.createdAt());
        putIfPresent(item, EXPIRES_AT, key.expiresAt());
        putIfPresent(item, REVOKED_AT, key.revokedAt());
        putIfPresent(item, LAST_USED_AT, key.lastUsedAt());
        return item;
    }

    private static ApiKey fromItem(Map<String, AttributeValue> item) {
        return new ApiKey(
                string(item, KEY_ID),
                string(item, PK),
                string(item, CUSTOMER_ID),
                string(item, NAME),
                string(item, PREFIX),
                instant(item, CREATED_AT),
                instant(item, EXPIRES_AT),
                instant(item, REVOKED_AT),
                instant(item, LAST_USED_AT));
    }
}
