package com.bedrockmeter.model.billing;

import static com.bedrockmeter.model.base.Attributes.instant;
import static com.bedrockmeter.model.base.Attributes.n;
import static com.bedrockmeter.model.base.Attributes.s;
import static com.bedrockmeter.model.base.Attributes.string;
import static com.bedrockmeter.model.base.Attributes.timestamp;
import static com.bedrockmeter.model.base.DynamoCalls.store;
import static com.bedrockmeter.model.base.DynamoCalls.storeRun;

import com.bedrockmeter.model.base.TableSchemas;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
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
 * The billing table: plans, token prices, plan assignments, invoices and billing runs in one table.
 * <pre>
 * item            PK pk (S)                  SK sk (S)
 * plan            PLAN#&lt;planId&gt;             PLAN                          name, pricing (JSON), chargeTokens (BOOL)
 * token price     PRICEBOOK                  PRICE#&lt;modelId&gt;#&lt;yyyy-MM-dd&gt;  modelId, effectiveFrom, currency,
 *                                                                           inputPerMillion, outputPerMillion
 * assignment      CUSTOMER#&lt;customerId&gt;     ASSIGNMENT#&lt;yyyy-MM-dd&gt;       planId
 * invoice         CUSTOMER#&lt;customerId&gt;     INVOICE#&lt;start&gt;#&lt;end&gt;        id, periodStart, periodEnd, status,
 *                                          currency, lines (JSON), subtotal, total, createdAt, finalizedAt,
 *                                          usage (JSON: the counters by day the lines were computed from),
 *                                          settled (JSON: per adjusted invoice, the counters charged up to)
 * billing run     RUN#&lt;start&gt;#&lt;end&gt;         RUN                           id, status, customers (N), done (N),
 *                                                                           invoiceIds (L), startedAt, finishedAt,
 *                                                                           error
 * </pre>
 * Listing plans, runs, or invoices across customers is a filtered scan: fine for the hundreds of customers and
 * periods this holds; a GSI on the item type is the step when it grows.
 * Money is stored as the exact text of a {@link BigDecimal} (S), never as a number; pricing models and lines are
 * JSON written by {@link BillingJson}. No transactions (dynalite has none): every guarantee is one conditional write.
 */
public final class DynamoBillingRepository {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String PLAN = "PLAN";
    static final String PLAN_PREFIX = "PLAN#";
    static final String PRICEBOOK = "PRICEBOOK";
    static final String PRICE = "PRICE#";
    static final String CUSTOMER = "CUSTOMER#";
    static final String ASSIGNMENT = "ASSIGNMENT#";
    static final String INVOICE = "INVOICE#";
    static final String RUN = "RUN";
    static final String RUN_PREFIX = "RUN#";
    private static final String STATUS = "status";
    private static final String UPDATED_AT = "updatedAt";
    /** The run that holds a period's record: a fresh id per run, so a run taken over stops writing. */
    private static final String CLAIM = "claim";
    /** A period's record may be claimed unless another run holds it: RUNNING and written lately. */
    private static final String RUN_FREE =
            "attribute_not_exists(pk) OR #status <> :running OR attribute_not_exists(#updatedAt) OR #updatedAt < :stale";
    /** A run may (re)write a new or draft invoice, never a finalized one. */
    private static final String NEW_OR_DRAFT = "attribute_not_exists(pk) OR #status = :draft";
    private static final String IS_DRAFT = "#status = :draft";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoBillingRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static CreateTableRequest tableDefinition(String table) {
        return TableSchemas.table(table, PK, SK)
                .attributeDefinitions(TableSchemas.stringAttribute(PK), TableSchemas.stringAttribute(SK))
                .build();
    }

    void savePlan(Plan plan) {
        put(Map.of(PK, s(PLAN_PREFIX + plan.id()), SK, s(PLAN), "id", s(plan.id()), "name", s(plan.name()),
                "pricing", s(BillingJson.pricing(plan.callPricing())),
                "chargeTokens", AttributeValue.fromBool(plan.chargeTokens())));
    }

    List<Plan> plans() {
        return scan(PLAN_PREFIX, PLAN, false).stream().map(item -> new Plan(string(item, "id"), string(item, "name"),
                BillingJson.pricing(string(item, "pricing")), item.get("chargeTokens").bool())).toList();
    }

    void assign(String customerId, PlanAssignment assignment) {
        put(Map.of(PK, s(CUSTOMER + customerId), SK, s(ASSIGNMENT + assignment.from()),
                "planId", s(assignment.planId())));
    }

    List<PlanAssignment> assignments(String customerId) {
        return query(CUSTOMER + customerId, ASSIGNMENT).stream()
                .map(item -> new PlanAssignment(string(item, "planId"),
                        LocalDate.parse(string(item, SK).substring(ASSIGNMENT.length()))))
                .toList();
    }

    void setTokenPrice(TokenPrice price) {
        put(Map.of(PK, s(PRICEBOOK), SK, s(PRICE + price.modelId() + "#" + price.effectiveFrom()),
                "modelId", s(price.modelId()), "effectiveFrom", s(price.effectiveFrom().toString()),
                "currency", s(price.inputPerMillion().currency().getCurrencyCode()),
                "inputPerMillion", s(BillingJson.decimal(price.inputPerMillion().amount())),
                "outputPerMillion", s(BillingJson.decimal(price.outputPerMillion().amount())),
                "cacheReadPerMillion", s(BillingJson.decimal(price.cacheReadPerMillion().amount())),
                "cacheWritePerMillion", s(BillingJson.decimal(price.cacheWritePerMillion().amount()))));
    }

    PriceBook priceBook() {
        return new PriceBook(query(PRICEBOOK, PRICE).stream().map(item -> {
            Currency currency = Currency.getInstance(string(item, "currency"));
            TokenPrice price = new TokenPrice(string(item, "modelId"), LocalDate.parse(string(item, "effectiveFrom")),
                    money(item, "inputPerMillion", currency), money(item, "outputPerMillion", currency));
            if (!item.containsKey("cacheReadPerMillion")) {
                return price; // stored before cache prices: Claude's ratios of its input price
            }
            return new TokenPrice(price.modelId(), price.effectiveFrom(), price.inputPerMillion(),
                    price.outputPerMillion(), money(item, "cacheReadPerMillion", currency),
                    money(item, "cacheWritePerMillion", currency));
        }).toList());
    }

    /**
     * Stores {@code invoice} as the draft of its period, keeping the {@code createdAt} of an earlier draft.
     *
     * @return the invoice as stored: the new draft, or the finalized invoice left unchanged
     */
    Invoice saveDraft(Invoice invoice) {
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put("id", s(invoice.id()));
        fields.put("customerId", s(invoice.customerId()));
        fields.put("periodStart", s(invoice.periodStart().toString()));
        fields.put("periodEnd", s(invoice.periodEnd().toString()));
        fields.put(STATUS, s(InvoiceStatus.DRAFT.name()));
        fields.put("currency", s(invoice.currency().getCurrencyCode()));
        fields.put("lines", s(BillingJson.lines(invoice.lines())));
        fields.put("subtotal", s(BillingJson.decimal(invoice.subtotal().amount())));
        fields.put("total", s(BillingJson.decimal(invoice.total().amount())));
        if (invoice.usage() != null) {
            fields.put("usage", s(BillingJson.usage(invoice.usage())));
        }
        fields.put("settled", s(BillingJson.settled(invoice.settled())));
        // every attribute through a placeholder: several of these names are DynamoDB reserved words
        Map<String, String> names = new HashMap<>(Map.of("#createdAt", "createdAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":draft", s(InvoiceStatus.DRAFT.name()),
                ":createdAt", s(timestamp(invoice.createdAt()))));
        var set = new ArrayList<String>();
        fields.forEach((name, value) -> {
            names.put("#" + name, name);
            values.put(":" + name, value);
            set.add("#" + name + " = :" + name);
        });
        set.add("#createdAt = if_not_exists(#createdAt, :createdAt)");
        try {
            return invoice(store(() -> dynamo.updateItem(r -> r.tableName(table).key(invoiceKey(invoice))
                    .updateExpression("SET " + String.join(", ", set))
                    .conditionExpression(NEW_OR_DRAFT)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW))).attributes());
        } catch (ConditionalCheckFailedException finalized) {
            return invoice(invoice.customerId(), invoice.periodStart(), invoice.periodEnd()).orElseThrow();
        }
    }

    /** @return the finalized invoice, or empty if there is no draft to finalize */
    Optional<Invoice> finalizeDraft(String customerId, LocalDate start, LocalDate end, Instant at) {
        try {
            return Optional.of(invoice(store(() -> dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of(PK, s(CUSTOMER + customerId), SK, s(INVOICE + start + "#" + end)))
                    .updateExpression("SET #status = :finalized, #finalizedAt = :at")
                    .conditionExpression(IS_DRAFT)
                    .expressionAttributeNames(Map.of("#status", STATUS, "#finalizedAt", "finalizedAt"))
                    .expressionAttributeValues(Map.of(":draft", s(InvoiceStatus.DRAFT.name()),
                            ":finalized", s(InvoiceStatus.FINALIZED.name()), ":at", s(timestamp(at))))
                    .returnValues(ReturnValue.ALL_NEW))).attributes()));
        } catch (ConditionalCheckFailedException notDraft) {
            return Optional.empty();
        }
    }

    Optional<Invoice> invoice(String customerId, LocalDate start, LocalDate end) {
        return get(CUSTOMER + customerId, INVOICE + start + "#" + end).map(DynamoBillingRepository::invoice);
    }

    List<Invoice> invoices(String customerId) {
        return query(CUSTOMER + customerId, INVOICE).stream().map(DynamoBillingRepository::invoice).toList();
    }

    void saveRun(BillingRun run, Instant at) {
        put(runItem(run, at, null));
    }

    /**
     * Stores a run's progress or end, if the period's record still belongs to this run ({@code claim}).
     *
     * @return false when another run has taken the period over
     */
    boolean saveClaimedRun(BillingRun run, Instant at, String claim) {
        try {
            storeRun(() -> dynamo.putItem(r -> r.tableName(table).item(runItem(run, at, claim))
                    .conditionExpression("#claim = :claim")
                    .expressionAttributeNames(Map.of("#claim", CLAIM))
                    .expressionAttributeValues(Map.of(":claim", s(claim)))));
            return true;
        } catch (ConditionalCheckFailedException takenOver) {
            return false;
        }
    }

    /**
     * Stores a starting run unless another run of the period is still going: one whose record is RUNNING and was
     * written after {@code staleBefore} (a run writes its record as each customer is done; one silent since then
     * has broken off and may be taken over; "since" is judged by this host's clock against the writer's, so
     * clocks more than a few seconds apart shift it).
     *
     * @return false when another run holds the period
     */
    boolean claimRun(BillingRun run, Instant at, Instant staleBefore, String claim) {
        try {
            storeRun(() -> dynamo.putItem(r -> r.tableName(table).item(runItem(run, at, claim))
                    .conditionExpression(RUN_FREE)
                    .expressionAttributeNames(Map.of("#status", STATUS, "#updatedAt", UPDATED_AT))
                    .expressionAttributeValues(Map.of(":running", s(BillingRun.Status.RUNNING.name()),
                            ":stale", s(timestamp(staleBefore))))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    private static Map<String, AttributeValue> runItem(BillingRun run, Instant at, String claim) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(UPDATED_AT, s(timestamp(at)));
        if (claim != null) {
            item.put(CLAIM, s(claim));
        }
        item.put(PK, s(RUN_PREFIX + run.periodStart() + "#" + run.periodEnd()));
        item.put(SK, s(RUN));
        item.put("id", s(run.id()));
        item.put("periodStart", s(run.periodStart().toString()));
        item.put("periodEnd", s(run.periodEnd().toString()));
        item.put(STATUS, s(run.status().name()));
        item.put("customers", n(run.customers()));
        item.put("done", n(run.done()));
        item.put("invoiceIds", AttributeValue.fromL(run.invoiceIds().stream().map(id -> s(id)).toList()));
        item.put("startedAt", s(timestamp(run.startedAt())));
        if (run.finishedAt() != null) {
            item.put("finishedAt", s(timestamp(run.finishedAt())));
        }
        if (run.error() != null) {
            item.put("error", s(run.error()));
        }
        return item;
    }

    Optional<BillingRun> run(LocalDate start, LocalDate end) {
        return get(RUN_PREFIX + start + "#" + end, RUN).map(DynamoBillingRepository::run);
    }

    List<BillingRun> runs() {
        return scan(RUN_PREFIX, RUN, false).stream().map(DynamoBillingRepository::run).toList();
    }

    /** Every customer's invoices. */
    List<Invoice> allInvoices() {
        return scan(CUSTOMER, INVOICE, true).stream().map(DynamoBillingRepository::invoice).toList();
    }

    private static BillingRun run(Map<String, AttributeValue> item) {
        return new BillingRun(string(item, "id"),
                LocalDate.parse(string(item, "periodStart")), LocalDate.parse(string(item, "periodEnd")),
                BillingRun.Status.valueOf(string(item, STATUS)), Integer.parseInt(item.get("customers").n()),
                Integer.parseInt(item.get("done").n()), item.get("invoiceIds").l().stream().map(AttributeValue::s)
                .toList(), instant(item, "startedAt"), instant(item, "finishedAt"), string(item, "error"));
    }

    private static Invoice invoice(Map<String, AttributeValue> item) {
        Currency currency = Currency.getInstance(string(item, "currency"));
        return new Invoice(string(item, "id"), string(item, "customerId"),
                LocalDate.parse(string(item, "periodStart")), LocalDate.parse(string(item, "periodEnd")),
                InvoiceStatus.valueOf(string(item, STATUS)), currency, BillingJson.lines(string(item, "lines")),
                money(item, "subtotal", currency), money(item, "total", currency), instant(item, "createdAt"),
                instant(item, "finalizedAt"), item.containsKey("usage") ? BillingJson.usage(string(item, "usage"))
                : null, item.containsKey("settled") ? BillingJson.settled(string(item, "settled")) : Map.of());
    }

    private static Map<String, AttributeValue> invoiceKey(Invoice invoice) {
        return Map.of(PK, s(CUSTOMER + invoice.customerId()),
                SK, s(INVOICE + invoice.periodStart() + "#" + invoice.periodEnd()));
    }

    private static Money money(Map<String, AttributeValue> item, String name, Currency currency) {
        return new Money(new BigDecimal(string(item, name)), currency);
    }

    private void put(Map<String, AttributeValue> item) {
        storeRun(() -> dynamo.putItem(r -> r.tableName(table).item(item)));
    }

    private Optional<Map<String, AttributeValue>> get(String pk, String sk) {
        Map<String, AttributeValue> item = store(() -> dynamo.getItem(r -> r.tableName(table)
                .key(Map.of(PK, s(pk), SK, s(sk))).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Items whose pk begins with {@code pkPrefix} and whose sk is (or, with {@code skIsPrefix}, begins with) sk. */
    private List<Map<String, AttributeValue>> scan(String pkPrefix, String sk, boolean skIsPrefix) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        store(() -> dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)
                .filterExpression("begins_with(#pk, :pk) AND " + (skIsPrefix ? "begins_with(#sk, :sk)" : "#sk = :sk"))
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(pkPrefix), ":sk", s(sk))))).items()
                .forEach(items::add);
        return items;
    }

    private List<Map<String, AttributeValue>> query(String pk, String skPrefix) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        store(() -> dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(skPrefix))))).items()
                .forEach(items::add);
        return items;
    }
}
