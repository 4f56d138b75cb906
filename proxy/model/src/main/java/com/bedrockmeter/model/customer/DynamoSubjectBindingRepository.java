package com.bedrockmeter.model.customer;

import static com.bedrockmeter.model.base.Attributes.s;
import static com.bedrockmeter.model.base.Attributes.string;
import static com.bedrockmeter.model.base.Attributes.timestamp;
import static com.bedrockmeter.model.base.DynamoCalls.store;
import static com.bedrockmeter.model.base.DynamoCalls.storeRun;

import com.bedrockmeter.model.base.TableSchemas;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * Which customer a portal user (an OIDC subject) belongs to. Keyed by subject, so that a conditional put makes a
 * subject's binding unique even when two onboarding forms are sent at once.
 * <pre>
 * PK subject (S) = the OIDC provider's subject ("sub") of the person
 * attributes: customerId (absent while onboarding is in progress), email, createdAt (ISO-8601)
 * </pre>
 */
public final class DynamoSubjectBindingRepository {

    static final String PK = "subject";
    private static final String CUSTOMER_ID = "customerId";
    private static final String EMAIL = "email";
    private static final String CREATED_AT = "createdAt";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSubjectBindingRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static CreateTableRequest tableDefinition(String table) {
        return TableSchemas.table(table, PK, null).attributeDefinitions(TableSchemas.stringAttribute(PK)).build();
    }

    /** @return the bound customer id, if the subject has completed onboarding */
    public Optional<String> customerOf(String subject) {
        Map<String, AttributeValue> item = store(() -> dynamo.getItem(r -> r.tableName(table)
                .key(Map.of(PK, s(subject))).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(string(item, CUSTOMER_ID));
    }

    /** Claims the subject for an onboarding in progress. @return false if it is claimed or bound already */
    boolean claim(String subject, String email, Instant at) {
        try {
            storeRun(() -> dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of(PK, s(subject), EMAIL, s(email), CREATED_AT, s(timestamp(at))))
                    .conditionExpression("attribute_not_exists(" + PK + ")")));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    void bind(String subject, String customerId) {
        storeRun(() -> dynamo.updateItem(r -> r.tableName(table).key(Map.of(PK, s(subject)))
                .updateExpression("SET " + CUSTOMER_ID + " = :c")
                .conditionExpression("attribute_exists(" + PK + ") AND attribute_not_exists(" + CUSTOMER_ID + ")")
                .expressionAttributeValues(Map.of(":c", s(customerId)))));
    }

    void release(String subject) {
        storeRun(() -> dynamo.deleteItem(r -> r.tableName(table).key(Map.of(PK, s(subject)))
                .conditionExpression("attribute_not_exists(" + CUSTOMER_ID + ")")));
    }
}
