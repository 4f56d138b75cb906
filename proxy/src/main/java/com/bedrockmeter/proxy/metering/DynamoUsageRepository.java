package com.bedrockmeter.proxy.metering;

import static com.bedrockmeter.proxy.base.Attributes.count;
import static com.bedrockmeter.proxy.base.Attributes.n;
import static com.bedrockmeter.proxy.base.Attributes.s;
import static com.bedrockmeter.proxy.base.Attributes.string;
import static com.bedrockmeter.proxy.base.DynamoCalls.store;
import static com.bedrockmeter.proxy.base.DynamoCalls.storeRun;

import com.bedrockmeter.proxy.base.TableSchemas;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The usage counters table. Counters change only through atomic {@code ADD}, conditional where a limit applies.
 * <pre>
 * PK pk (S) = CUSTOMER#&lt;customerId&gt;
 * SK sk (S) = DAY#&lt;yyyy-MM-dd&gt; | MONTH#&lt;yyyy-MM&gt; | MINUTE#&lt;yyyy-MM-ddTHH:mm&gt;   (UTC)
 * attributes (N): requests, inputTokens, outputTokens, errors;
 *   per model: model#&lt;modelId&gt;#requests | #inputTokens | #outputTokens | #errors;
 *   MONTH only: tokensCommitted = tokens used + tokens reserved by calls in flight (the monthly token limit);
 *   MINUTE only: ttl (epoch seconds; the item is worthless after its minute)
 * </pre>
 */
public final class DynamoUsageRepository {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String CUSTOMER = "CUSTOMER#";
    static final String DAY = "DAY#";
    static final String MONTH = "MONTH#";
    static final String MINUTE = "MINUTE#";
    public static final String REQUESTS = "requests";
    public static final String INPUT_TOKENS = "inputTokens";
    public static final String OUTPUT_TOKENS = "outputTokens";
    public static final String ERRORS = "errors";
    public static final String TOKENS_COMMITTED = "tokensCommitted";
    static final String MODEL = "model#";
    static final String TTL = "ttl";
    /** A counter may go up only while it stays at or below the limit. */
    private static final String AT_MOST = "attribute_not_exists(#c) OR #c <= :max";
    private static final DateTimeFormatter MINUTE_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoUsageRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static CreateTableRequest tableDefinition(String table) {
        return TableSchemas.table(table, PK, SK)
                .attributeDefinitions(TableSchemas.stringAttribute(PK), TableSchemas.stringAttribute(SK))
                .build();
    }

    public static String day(LocalDate date) {
        return DAY + date;
    }

    public static String month(YearMonth month) {
        return MONTH + month;
    }

    public static String minute(Instant at) {
        return MINUTE + MINUTE_FORMAT.format(at);
    }

    public static String modelAttribute(String modelId, String counter) {
        return MODEL + modelId + "#" + counter;
    }

    /**
     * Adds {@code amount} to one counter if the result stays at or below {@code limit}.
     *
     * @return the counter's new value
     * @throws software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException when it would not
     */
    public long addWithin(String customerId, String period, String counter, long amount, long limit, Long ttl) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":d", n(amount));
        values.put(":max", n(limit - amount));
        String update = "ADD #c :d";
        Map<String, String> names = new HashMap<>(Map.of("#c", counter));
        if (ttl != null) {
            update += " SET #ttl = :ttl";
            names.put("#ttl", TTL);
            values.put(":ttl", n(ttl));
        }
        String expression = update;
        return Long.parseLong(store(() -> dynamo.updateItem(r -> r.tableName(table).key(key(customerId, period))
                .updateExpression(expression)
                .conditionExpression(AT_MOST)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.UPDATED_NEW))).attributes().get(counter).n());
    }

    /** Adds every delta (negative gives back) in one atomic update; zero deltas are left out. */
    public void add(String customerId, String period, Map<String, Long> deltas) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> clauses = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> delta : deltas.entrySet()) {
            if (delta.getValue() == 0) {
                continue;
            }
            names.put("#a" + i, delta.getKey());
            values.put(":v" + i, n(delta.getValue()));
            clauses.add("#a" + i + " :v" + i);
            i++;
        }
        if (clauses.isEmpty()) {
            return;
        }
        storeRun(() -> dynamo.updateItem(r -> r.tableName(table).key(key(customerId, period))
                .updateExpression("ADD " + String.join(", ", clauses))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)));
    }

    /** Daily usage from {@code from} to {@code to}, both included; days without calls are left out. */
    public List<DailyUsage> days(String customerId, LocalDate from, LocalDate to) {
        List<DailyUsage> days = new ArrayList<>();
        store(() -> dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(CUSTOMER + customerId),
                        ":from", s(day(from)), ":to", s(day(to)))))).items()
                .forEach(item -> days.add(new DailyUsage(LocalDate.parse(string(item, SK).substring(DAY.length())),
                        totals(item, ""), byModel(item))));
        return days;
    }

    /** The counters of one period item (a day, a month or a minute), or nothing if it has none. */
    public Optional<Map<String, Long>> counters(String customerId, String period) {
        Map<String, AttributeValue> item = store(() -> dynamo.getItem(r -> r.tableName(table)
                .key(key(customerId, period)).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (value.n() != null && !TTL.equals(name)) {
                counters.put(name, Long.valueOf(value.n()));
            }
        });
        return Optional.of(counters);
    }

    private static Map<String, AttributeValue> key(String customerId, String period) {
        return Map.of(PK, s(CUSTOMER + customerId), SK, s(period));
    }

    private static UsageTotals totals(Map<String, AttributeValue> item, String prefix) {
        return new UsageTotals(count(item, prefix + REQUESTS), count(item, prefix + INPUT_TOKENS),
                count(item, prefix + OUTPUT_TOKENS), count(item, prefix + ERRORS));
    }

    private static Map<String, UsageTotals> byModel(Map<String, AttributeValue> item) {
        Map<String, UsageTotals> models = new LinkedHashMap<>();
        for (String name : item.keySet()) {
            int counterStart = name.lastIndexOf('#');
            if (name.startsWith(MODEL) && counterStart > MODEL.length()) {
                String modelId = name.substring(MODEL.length(), counterStart);
                models.computeIfAbsent(modelId, m -> totals(item, MODEL + m + "#"));
            }
        }
        return models;
    }
}
