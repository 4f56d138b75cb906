package com.bedrockmeter.model.audit;

import static com.bedrockmeter.model.base.Attributes.instant;
import static com.bedrockmeter.model.base.Attributes.putIfPresent;
import static com.bedrockmeter.model.base.Attributes.s;
import static com.bedrockmeter.model.base.Attributes.string;
import static com.bedrockmeter.model.base.Attributes.timestamp;
import static com.bedrockmeter.model.base.DynamoCalls.store;
import static com.bedrockmeter.model.base.DynamoCalls.storeRun;

import com.bedrockmeter.model.base.TableSchemas;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * The audit log table: append-only.
 * <pre>
 * PK day (S) = yyyy-MM-dd (UTC) of the event;  SK sk (S) = &lt;ISO-8601 timestamp&gt;#&lt;event id&gt;
 * GSI customer-index: customerId (S), sk — a customer's events (sparse: events without a customer are not in it)
 * GSI actor-index:    actor (S), sk      — one person's actions
 * attributes: id, at, actor, action, customerId, before, after
 * </pre>
 */
public final class DynamoAuditLogRepository {

    static final String PK = "day";
    static final String SK = "sk";
    /** An entry is written once: no entry with its key exists yet. */
    private static final String NEW_ENTRY = "attribute_not_exists(#sk)";
    public static final String CUSTOMER_INDEX = "customer-index";
    public static final String ACTOR_INDEX = "actor-index";
    private static final String CUSTOMER_ID = "customerId";
    private static final String ACTOR = "actor";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAuditLogRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static CreateTableRequest tableDefinition(String table) {
        return TableSchemas.table(table, PK, SK)
                .attributeDefinitions(TableSchemas.stringAttribute(PK), TableSchemas.stringAttribute(SK),
                        TableSchemas.stringAttribute(CUSTOMER_ID), TableSchemas.stringAttribute(ACTOR))
                .globalSecondaryIndexes(TableSchemas.index(CUSTOMER_INDEX, CUSTOMER_ID, SK),
                        TableSchemas.index(ACTOR_INDEX, ACTOR, SK))
                .build();
    }

    void append(AuditEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(LocalDate.ofInstant(event.at(), ZoneOffset.UTC).toString()));
        item.put(SK, s(timestamp(event.at()) + "#" + event.id()));
        item.put("id", s(event.id()));
        putIfPresent(item, "at", event.at());
        putIfPresent(item, ACTOR, event.actor());
        putIfPresent(item, "action", event.action());
        putIfPresent(item, CUSTOMER_ID, event.customerId());
        putIfPresent(item, "before", event.before());
        putIfPresent(item, "after", event.after());
        // never replaces an entry: the log is append-only (the portal's role may not update or delete either)
        storeRun(() -> dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression(NEW_ENTRY)
                .expressionAttributeNames(Map.of("#sk", SK))));
    }

    List<AuditEvent> day(LocalDate day) {
        return query(null, PK, day.toString(), null, null);
    }

    List<AuditEvent> byCustomer(String customerId, LocalDate from, LocalDate to) {
        return query(CUSTOMER_INDEX, CUSTOMER_ID, customerId, from, to);
    }

    List<AuditEvent> byActor(String actor, LocalDate from, LocalDate to) {
        return query(ACTOR_INDEX, ACTOR, actor, from, to);
    }

    private List<AuditEvent> query(String index, String keyName, String keyValue, LocalDate from, LocalDate to) {
        Map<String, String> names = new HashMap<>(Map.of("#k", keyName));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":k", s(keyValue)));
        String condition = "#k = :k";
        if (from != null) {
            condition += " AND #sk BETWEEN :from AND :to";
            names.put("#sk", SK);
            values.put(":from", s(from.toString()));
            values.put(":to", s(to.plusDays(1).toString()));
        }
        String keyCondition = condition;
        List<AuditEvent> events = new ArrayList<>();
        store(() -> dynamo.queryPaginator(r -> r.tableName(table).indexName(index)
                .keyConditionExpression(keyCondition).expressionAttributeNames(names)
                .expressionAttributeValues(values))).items()
                .forEach(item -> events.add(new AuditEvent(string(item, "id"), instant(item, "at"),
                        string(item, ACTOR), string(item, "action"), string(item, CUSTOMER_ID),
                        string(item, "before"), string(item, "after"))));
        return events;
    }
}
