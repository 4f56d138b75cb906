package com.bedrockmeter.model.base;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The shape every table of ours shares (on-demand, string keys, indexes projecting all attributes), so that each
 * repository's {@code tableDefinition} says only its keys.
 */
public final class TableSchemas {

    private TableSchemas() {
    }

    /** A table keyed by {@code hashKey} and, unless null, {@code rangeKey}; both strings. */
    public static CreateTableRequest.Builder table(String name, String hashKey, String rangeKey) {
        CreateTableRequest.Builder table = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        return rangeKey == null
                ? table.keySchema(key(hashKey, KeyType.HASH))
                : table.keySchema(key(hashKey, KeyType.HASH), key(rangeKey, KeyType.RANGE));
    }

    public static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    /** A global secondary index on string keys that projects every attribute. */
    public static GlobalSecondaryIndex index(String name, String hashKey, String rangeKey) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(key(hashKey, KeyType.HASH), key(rangeKey, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
