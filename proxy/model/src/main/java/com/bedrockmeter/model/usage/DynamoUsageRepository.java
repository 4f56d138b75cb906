package com.bedrockmeter.model.usage;

import static com.bedrockmeter.model.base.Attributes.count;
import static com.bedrockmeter.model.base.Attributes.n;
import static com.bedrockmeter.model.base.Attributes.s;
import static com.bedrockmeter.model.base.Attributes.string;
import static com.bedrockmeter.model.base.DynamoCalls.store;
import static com.bedrockmeter.model.base.DynamoCalls.storeRun;

import com.bedrockmeter.model.base.TableSchemas;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
 *   write bookkeeping (never counters): w#&lt;writerId&gt; (N) = the last flush sequence a counter buffer applied;
 *   c#&lt;callId&gt; (S) = a call admitted against this item and not yet settled
 * </pre>
 * Every change of a DAY or MONTH item applies at most once, however often it is retried (by the SDK, by us, after
 * a timeout that hid a success): buffered additions carry their writer's sequence ({@link #addOnce}), and a call's
 * admission and settlement carry its call marker ({@link #admitCall}, {@link #settleCall}).
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
    public static final String CACHE_READ_TOKENS = "cacheReadTokens";
    public static final String CACHE_WRITE_TOKENS = "cacheWriteTokens";
    public static final String TOKENS_COMMITTED = "tokensCommitted";
    static final String MODEL = "model#";
    static final String TTL = "ttl";
    static final String WRITER = "w#";
    static final String CALL = "c#";
    /** A counter may go up only while it stays at or below the limit. */
    private static final String AT_MOST = "attribute_not_exists(#c) OR #c <= :max";
    /** A call is admitted against an item once: its marker is not there yet. */
    private static final String CALL_NOT_ADMITTED = "attribute_not_exists(#m)";
    /** A limit and the call's marker, together. */
    private static final String AT_MOST_ONCE = "(" + AT_MOST + ") AND " + CALL_NOT_ADMITTED;
    /** A call is settled (or given back) once: its marker is still there, and the settlement removes it. */
    private static final String CALL_ADMITTED = "attribute_exists(#m)";
    /** A buffered write applies once: this writer has applied no later sequence to the item. */
    private static final String NEWER_THAN_APPLIED = "attribute_not_exists(#w) OR #w < :seq";
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

    /**
     * Adds every delta (negative gives back) in one atomic update; zero deltas are left out. Not idempotent: for
     * the minute items (rate limits, gone after the minute) and repairs only.
     */
    public void add(String customerId, String period, Map<String, Long> deltas) {
        Update update = additions(deltas);
        if (update.clauses.isEmpty()) {
            return;
        }
        storeRun(() -> dynamo.updateItem(r -> r.tableName(table).key(key(customerId, period))
                .updateExpression(update.add())
                .expressionAttributeNames(update.names)
                .expressionAttributeValues(update.values)));
    }

    /**
     * Adds the deltas once per {@code (writerId, sequence)}: the write also records the sequence, and applies only
     * if this writer has applied no later one to the item. A writer sends its writes to one item in sequence
     * order and retries a write with the same sequence, so a retry of a write that was applied (but whose answer
     * was lost) is refused instead of counted twice.
     *
     * @return true if applied now, false if it had been applied already
     * @throws com.bedrockmeter.model.base.StoreUnavailableException when the store fails (applied or not)
     */
    public boolean addOnce(String customerId, String period, Map<String, Long> deltas, String writerId,
                           long sequence) {
        Update update = additions(deltas);
        if (update.clauses.isEmpty()) {
            return true;
        }
        update.names.put("#w", WRITER + writerId);
        update.values.put(":seq", n(sequence));
        return conditional(() -> dynamo.updateItem(r -> r.tableName(table).key(key(customerId, period))
                .updateExpression(update.add() + " SET #w = :seq")
                .conditionExpression(NEWER_THAN_APPLIED)
                .expressionAttributeNames(update.names)
                .expressionAttributeValues(update.values)));
    }

    /**
     * Counts one admitted call on an item: adds {@code amount} to {@code counter} and leaves the call's marker, if
     * the result stays at or below {@code limit} (null: no limit) and the marker is not there yet. A retry of an
     * applied admission finds its marker and reports the count instead of adding again.
     *
     * @return the counter's value with this call counted
     * @throws software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException when the limit
     *         does not allow it
     */
    public long admitCall(String customerId, String period, String counter, long amount, Long limit, String callId,
                          Instant admittedAt) {
        Map<String, String> names = new HashMap<>(Map.of("#c", counter, "#m", CALL + callId));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":d", n(amount), ":at", s(admittedAt.toString())));
        if (limit != null) {
            values.put(":max", n(limit - amount));
        }
        try {
            return Long.parseLong(store(() -> dynamo.updateItem(r -> r.tableName(table).key(key(customerId, period))
                    .updateExpression("ADD #c :d SET #m = :at")
                    .conditionExpression(limit == null ? CALL_NOT_ADMITTED : AT_MOST_ONCE)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.UPDATED_NEW))).attributes().get(counter).n());
        } catch (ConditionalCheckFailedException refused) {
            Map<String, AttributeValue> item = item(customerId, period);
            if (item != null && item.containsKey(CALL + callId)) {
                return count(item, counter); // an earlier attempt of this admission was applied
            }
            throw refused;
        }
    }

    /**
     * Settles (or gives back) an admitted call: adds the deltas and removes the call's marker, once; a retry of an
     * applied settlement finds no marker and changes nothing.
     *
     * @return true if applied now, false if the call had been settled already (or never admitted here)
     */
    public boolean settleCall(String customerId, String period, Map<String, Long> deltas, String callId) {
        Update update = additions(deltas);
        update.names.put("#m", CALL + callId);
        String expression = (update.clauses.isEmpty() ? "" : update.add() + " ") + "REMOVE #m";
        return conditional(() -> dynamo.updateItem(r -> r.tableName(table).key(key(customerId, period))
                .updateExpression(expression)
                .conditionExpression(CALL_ADMITTED)
                .expressionAttributeNames(update.names)
                .expressionAttributeValues(update.values.isEmpty() ? null : update.values)));
    }

    /** Calls admitted against the item and not settled yet (in flight, or their process stopped), by id. */
    public Map<String, Instant> unsettledCalls(String customerId, String period) {
        Map<String, AttributeValue> item = item(customerId, period);
        Map<String, Instant> calls = new LinkedHashMap<>();
        if (item != null) {
            item.forEach((name, value) -> {
                if (name.startsWith(CALL)) {
                    calls.put(name.substring(CALL.length()), Instant.parse(value.s()));
                }
            });
        }
        return calls;
    }

    /**
     * A repair: sets each counter from the value read to the value it should have, and removes the markers of
     * calls that will never settle, in one update that applies only if every counter still holds the value read
     * (so a retry, or a write that landed since the read, is never overridden).
     *
     * @param corrections counter name to {value read, value it should have}
     * @return false when a counter changed since it was read (nothing was written)
     */
    public boolean correct(String customerId, String period, Map<String, long[]> corrections,
                           List<String> staleCallIds) {
        Map<String, Long> deltas = new HashMap<>();
        corrections.forEach((name, values) -> deltas.put(name, values[1] - values[0]));
        Update update = additions(deltas);
        List<String> conditions = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, long[]> correction : corrections.entrySet()) {
            update.names.put("#r" + i, correction.getKey());
            update.values.put(":r" + i, n(correction.getValue()[0]));
            conditions.add(correction.getValue()[0] == 0 ? "(attribute_not_exists(#r" + i + ") OR #r" + i + " = :r" + i
                    + ")" : "#r" + i + " = :r" + i);
            i++;
        }
        List<String> removals = new ArrayList<>();
        for (int m = 0; m < staleCallIds.size(); m++) {
            update.names.put("#m" + m, CALL + staleCallIds.get(m));
            removals.add("#m" + m);
        }
        String expression = (update.clauses.isEmpty() ? "" : update.add() + " ")
                + (removals.isEmpty() ? "" : "REMOVE " + String.join(", ", removals));
        if (expression.isBlank()) {
            return true;
        }
        return conditional(() -> dynamo.updateItem(r -> r.tableName(table).key(key(customerId, period))
                .updateExpression(expression.strip())
                .conditionExpression(conditions.isEmpty() ? null : String.join(" AND ", conditions))
                .expressionAttributeNames(update.names)
                .expressionAttributeValues(update.values.isEmpty() ? null : update.values)));
    }

    private static boolean conditional(Runnable write) {
        try {
            storeRun(write);
            return true;
        } catch (ConditionalCheckFailedException alreadyApplied) {
            return false;
        }
    }

    private record Update(List<String> clauses, Map<String, String> names, Map<String, AttributeValue> values) {
        String add() {
            return "ADD " + String.join(", ", clauses);
        }
    }

    private static Update additions(Map<String, Long> deltas) {
        Update update = new Update(new ArrayList<>(), new HashMap<>(), new HashMap<>());
        int i = 0;
        for (Map.Entry<String, Long> delta : deltas.entrySet()) {
            if (delta.getValue() == 0) {
                continue;
            }
            update.names.put("#a" + i, delta.getKey());
            update.values.put(":v" + i, n(delta.getValue()));
            update.clauses.add("#a" + i + " :v" + i);
            i++;
        }
        return update;
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
        Map<String, AttributeValue> item = item(customerId, period);
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (value.n() != null && !TTL.equals(name) && !name.startsWith(WRITER)) {
                counters.put(name, Long.valueOf(value.n()));
            }
        });
        return Optional.of(counters);
    }

    /** The period's item as it is now (a consistent read), or null when it has none. */
    private Map<String, AttributeValue> item(String customerId, String period) {
        return store(() -> dynamo.getItem(r -> r.tableName(table).key(key(customerId, period)).consistentRead(true)))
                .item();
    }

    private static Map<String, AttributeValue> key(String customerId, String period) {
        return Map.of(PK, s(CUSTOMER + customerId), SK, s(period));
    }

    private static UsageTotals totals(Map<String, AttributeValue> item, String prefix) {
        return new UsageTotals(count(item, prefix + REQUESTS), count(item, prefix + INPUT_TOKENS),
                count(item, prefix + OUTPUT_TOKENS), count(item, prefix + ERRORS),
                count(item, prefix + CACHE_READ_TOKENS), count(item, prefix + CACHE_WRITE_TOKENS));
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
