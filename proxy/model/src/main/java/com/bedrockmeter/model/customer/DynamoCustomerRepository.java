package com.bedrockmeter.model.customer;

import static com.bedrockmeter.model.base.Attributes.instant;
import static com.bedrockmeter.model.base.Attributes.n;
import static com.bedrockmeter.model.base.Attributes.number;
import static com.bedrockmeter.model.base.Attributes.putIfPresent;
import static com.bedrockmeter.model.base.Attributes.s;
import static com.bedrockmeter.model.base.Attributes.string;
import static com.bedrockmeter.model.base.DynamoCalls.store;
import static com.bedrockmeter.model.base.DynamoCalls.storeRun;

import com.bedrockmeter.model.base.TableSchemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The customers table (the guide's {@code bedrock_customers}).
 * <pre>
 * PK customerId (S)   = the customer's UUID
 * attributes: name, email, status (ACTIVE|SUSPENDED|PENDING_APPROVAL), createdAt (ISO-8601), dailyLimit (N), rpmLimit (N),
 *             monthlyTokenLimit (N) — absent = unlimited, allowedModels (SS), oidcSubject
 * </pre>
 */
public final class DynamoCustomerRepository {

    static final String PK = "customerId";
    private static final String NAME = "name";
    private static final String EMAIL = "email";
    private static final String STATUS = "status";
    private static final String CREATED_AT = "createdAt";
    private static final String DAILY_LIMIT = "dailyLimit";
    private static final String RPM_LIMIT = "rpmLimit";
    private static final String MONTHLY_TOKEN_LIMIT = "monthlyTokenLimit";
    private static final String ALLOWED_MODELS = "allowedModels";
    private static final String OIDC_SUBJECT = "oidcSubject";
    private static final String ITEM_NOT_EXISTS = "attribute_not_exists(" + PK + ")";
    private static final String ITEM_EXISTS = "attribute_exists(" + PK + ")";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCustomerRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static CreateTableRequest tableDefinition(String table) {
        return TableSchemas.table(table, PK, null).attributeDefinitions(TableSchemas.stringAttribute(PK)).build();
    }

    /** @return false if a customer with this id exists already */
    boolean insert(Customer customer) {
        try {
            storeRun(() -> dynamo.putItem(r -> r.tableName(table).item(toItem(customer))
                    .conditionExpression(ITEM_NOT_EXISTS)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Sets the limits (an absent limit is removed = unlimited) and returns the customer as stored. */
    Customer updateLimits(String customerId, Limits limits) {
        return updateLimits(customerId, limits, null);
    }

    /**
     * Sets the limits and, unless {@code allowedModels} is null, the allowed models (empty = the proxy's default
     * list), in one update.
     */
    Customer updateLimits(String customerId, Limits limits, List<String> allowedModels) {
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        limitClause(DAILY_LIMIT, limits.dailyRequests(), set, remove, values);
        limitClause(RPM_LIMIT, limits.requestsPerMinute(), set, remove, values);
        limitClause(MONTHLY_TOKEN_LIMIT, limits.monthlyTokens(), set, remove, values);
        if (allowedModels != null && allowedModels.isEmpty()) {
            remove.add(ALLOWED_MODELS);
        } else if (allowedModels != null) {
            set.add(ALLOWED_MODELS + " = :models");
            values.put(":models", AttributeValue.fromSs(allowedModels));
        }
        String expression = (set.isEmpty() ? "" : "SET " + String.join(", ", set))
                + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        return updateReturning(customerId, expression.trim(), values);
    }

    Customer updateStatus(String customerId, CustomerStatus status) {
        return updateReturning(customerId, "SET #status = :status", Map.of(":status", s(status.name())));
    }

    private Customer updateReturning(String customerId, String expression, Map<String, AttributeValue> values) {
        Map<String, String> names = expression.contains("#status") ? Map.of("#status", STATUS) : null;
        try {
            return fromItem(store(() -> dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of(PK, s(customerId)))
                    .updateExpression(expression)
                    .conditionExpression(ITEM_EXISTS)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values.isEmpty() ? null : values)
                    .returnValues(ReturnValue.ALL_NEW))).attributes());
        } catch (ConditionalCheckFailedException e) {
            throw new CustomerNotFoundException(customerId);
        }
    }

    private static void limitClause(String attribute, Long value, List<String> set, List<String> remove,
                                    Map<String, AttributeValue> values) {
        if (value == null) {
            remove.add(attribute);
        } else {
            set.add(attribute + " = :" + attribute);
            values.put(":" + attribute, n(value));
        }
    }

    void delete(String customerId) {
        storeRun(() -> dynamo.deleteItem(r -> r.tableName(table).key(Map.of(PK, s(customerId)))));
    }

    public Optional<Customer> find(String customerId) {
        Map<String, AttributeValue> item = store(() -> dynamo.getItem(r -> r.tableName(table)
                .key(Map.of(PK, s(customerId))).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    public List<Customer> findAll() {
        List<Customer> customers = new ArrayList<>();
        store(() -> dynamo.scanPaginator(r -> r.tableName(table))).items()
                .forEach(item -> customers.add(fromItem(item)));
        return customers;
    }

    private static Map<String, AttributeValue> toItem(Customer c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(c.id()));
        item.put(NAME, s(c.name()));
        item.put(EMAIL, s(c.email()));
        item.put(STATUS, s(c.status().name()));
        putIfPresent(item, CREATED_AT, c.createdAt());
        putIfPresent(item, DAILY_LIMIT, c.limits().dailyRequests());
        putIfPresent(item, RPM_LIMIT, c.limits().requestsPerMinute());
        putIfPresent(item, MONTHLY_TOKEN_LIMIT, c.limits().monthlyTokens());
        putIfPresent(item, OIDC_SUBJECT, c.oidcSubject());
        if (!c.allowedModels().isEmpty()) {
            item.put(ALLOWED_MODELS, AttributeValue.fromSs(c.allowedModels()));
        }
        return item;
    }

    private static Customer fromItem(Map<String, AttributeValue> item) {
        AttributeValue models = item.get(ALLOWED_MODELS);
        return new Customer(
                string(item, PK),
                string(item, NAME),
                string(item, EMAIL),
                CustomerStatus.valueOf(string(item, STATUS)),
                new Limits(number(item, DAILY_LIMIT), number(item, RPM_LIMIT), number(item, MONTHLY_TOKEN_LIMIT)),
                models == null ? List.of() : models.ss(),
                string(item, OIDC_SUBJECT),
                instant(item, CREATED_AT));
    }
}
