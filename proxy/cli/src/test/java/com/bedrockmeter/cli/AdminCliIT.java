package com.bedrockmeter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.Tokens;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.cli.CliFixture.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The admin CLI in-process against dynalite, on tables of its own that the CLI itself creates. */
class AdminCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CliFixture cli;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void tables() {
        cli = new CliFixture("cli");
        dynamo = cli.dynamo;
        // given tables that do not exist yet, when the first command runs, then local mode creates them
        Result first = run("list", "--json");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.json().isArray()).isTrue();
        assertThat(dynamo.listTablesPaginator(r -> r.limit(100)).tableNames())
                .contains(cli.customers, cli.apiKeys, cli.usage);
    }

    @Test
    void adminCommands_areRecordedInTheAuditLog_withTheOperatingSystemUserAsActor() {
        // given
        Result created = run("create", "--name", "Audited Co", "--email", "audit@example.com", "--json");
        String id = created.json().path("customerId").asText();

        // when
        run("update-limits", "--customer-id", id, "--daily-limit", "5");
        run("suspend", "--customer-id", id);

        // then
        var audit = new com.bedrockmeter.model.audit.AuditLog(
                new com.bedrockmeter.model.audit.DynamoAuditLogRepository(dynamo, cli.audit), java.time.Clock.systemUTC());
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        var events = audit.search(new com.bedrockmeter.model.audit.AuditQuery(today, today, id, null));
        assertThat(events).extracting(com.bedrockmeter.model.audit.AuditEvent::action)
                .containsExactly("customer.suspend", "customer.limits", "customer.create");
        assertThat(events).allSatisfy(e -> assertThat(e.actor()).startsWith("cli:"));
        // the service's one text format, the same the portal's admin views record
        assertThat(events.get(1).after()).isEqualTo("daily=5, rpm=null, monthlyTokens=null, models=[]");
        assertThat(events.get(0).before()).isEqualTo("ACTIVE");
        assertThat(events.get(0).after()).isEqualTo("SUSPENDED");
        assertThat(events.get(2).after()).isEqualTo("Audited Co <audit@example.com>, key "
                + created.json().path("keyId").asText());
        assertThat(events.toString()).doesNotContain(created.json().path("token").asText());
    }

    @AfterAll
    static void close() {
        cli.close();
    }

    static Result run(String... args) {
        return cli.run(args);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode createCustomer() {
        String unique = unique();
        Result created = run("create", "--name", "Acme " + unique, "--email", "ops+" + unique + "@acme.example",
                "--json");
        assertThat(created.code()).as(created.err()).isZero();
        return created.json();
    }

    private static List<JsonNode> customers() {
        Result list = run("list", "--json");
        assertThat(list.code()).as(list.err()).isZero();
        return StreamSupport.stream(list.json().spliterator(), false).toList();
    }

    private static JsonNode customer(String id) {
        return customers().stream().filter(c -> c.get("customerId").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("customer " + id + " not listed"));
    }

    private static boolean listedByName(String name) {
        return customers().stream().anyMatch(c -> c.get("name").asText().equals(name));
    }

    private static Map<String, String> keyStatuses(String customerId) {
        Result keys = run("keys", "--customer-id", customerId, "--json");
        assertThat(keys.code()).as(keys.err()).isZero();
        Map<String, String> statuses = new java.util.HashMap<>();
        keys.json().forEach(k -> statuses.put(k.get("keyId").asText(), k.get("status").asText()));
        return statuses;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    // ---- create / list ----

    @Test
    void create_printsIdAndTokenOnce_whenNameAndEmailGiven() {
        // given
        String name = "Customer " + unique();

        // when
        Result created = run("create", "--name", name, "--email", "customer@example.com");

        // then
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("Customer created", "Customer ID:", "Key ID:      key_",
                "Name:        " + name, "Email:       customer@example.com", "shown once");
        String token = created.out().lines().filter(l -> l.contains("Bearer token")).findFirst().orElseThrow()
                .replaceAll(".*: ", "");
        assertThat(token).startsWith(Tokens.PREFIX);
        assertThat(occurrences(created.out(), token)).isEqualTo(1);
        assertThat(created.err()).doesNotContain(token);
        String id = created.out().lines().filter(l -> l.contains("Customer ID:")).findFirst().orElseThrow()
                .replaceAll(".*: +", "");
        assertThat(customer(id).get("name").asText()).isEqualTo(name);
    }

    @Test
    void create_json_storesOnlyTheTokenHash() {
        // given / when
        JsonNode created = createCustomer();

        // then the JSON has every field and list shows the customer
        String token = created.get("token").asText();
        assertThat(created.get("customerId").asText()).isNotBlank();
        assertThat(created.get("keyId").asText()).startsWith("key_");
        assertThat(created.get("email").asText()).endsWith("@acme.example");
        JsonNode listed = customer(created.get("customerId").asText());
        assertThat(listed.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(listed.get("limits").get("dailyLimit").isNull()).isTrue();

        // and the api-keys table holds the hash but never the plaintext
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(cli.apiKeys)).items().forEach(items::add);
        assertThat(items).anySatisfy(item ->
                assertThat(item.get("tokenHash").s()).isEqualTo(Tokens.hash(token)));
        assertThat(items).allSatisfy(item -> item.values().forEach(value ->
                assertThat(String.valueOf(value.s())).doesNotContain(token)));
        assertThat(items).allSatisfy(item -> assertThat(item.toString()).doesNotContain(token));
    }

    @Test
    void create_acceptsSuppliedToken_whenStrong() {
        // given a token like "$(openssl rand -base64 32)"
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getEncoder().encodeToString(random);

        // when
        Result created = run("create", "--name", "Strong " + unique(), "--email=strong@example.com",
                "--token=" + token, "--json");

        // then
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.json().get("token").asText()).isEqualTo(token);
    }

    @Test
    void create_withASuppliedTokenOrAnEmailInUse_saysSoInsteadOfShowingTheTokenOnce() {
        // given: the guide's two create examples, one e-mail for two customers
        String email = "twice-" + unique() + "@example.com";
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getEncoder().encodeToString(random);
        Result first = run("create", "--name", "Customer Name", "--email", email);

        // when
        Result second = run("create", "--name", "Customer Name", "--email", email, "--token", token);
        Result rotated = run("update-token", "--customer-id", customerIdIn(second.out()), "--token",
                Base64.getEncoder().encodeToString(random).replace('A', 'B') + "x");

        // then
        assertThat(first.out()).contains("shown once").doesNotContain("other customer");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("the one given with --token").doesNotContain("shown once")
                .doesNotContain(token).contains("Note: 1 other customer uses this e-mail", customerIdIn(first.out()));
        assertThat(rotated.out()).contains("the one given with --token").doesNotContain("shown once");
    }

    private static String customerIdIn(String out) {
        return out.lines().filter(l -> l.contains("Customer ID:")).findFirst().orElseThrow().replaceAll(".*: ", "");
    }

    @Test
    void create_refusesWeakToken_andWritesNothing() {
        // given
        String name = "Weak " + unique();

        // when
        Result created = run("create", "--name", name, "--email", "weak@example.com", "--token", "password123");

        // then
        assertThat(created.code()).isEqualTo(1);
        assertThat(created.err()).startsWith("error: --token").doesNotContain("password123");
        assertThat(created.out()).isEmpty();
        assertThat(listedByName(name)).isFalse();
    }

    @Test
    void create_refusesBadEmail_andWritesNothing() {
        // given
        String name = "Bad mail " + unique();

        // when
        Result created = run("create", "--name", name, "--email", "not-an-email", "--json");

        // then
        assertThat(created.code()).isEqualTo(1);
        assertThat(created.errorJson().get("error").get("code").asText()).isEqualTo("invalid_email");
        assertThat(listedByName(name)).isFalse();
    }

    // ---- usage errors ----

    @Test
    void run_returns2_onUnknownFlagCommandOrMissingFlag() {
        // given / when / then
        assertThat(run("create", "--name", "X", "--email", "x@example.com", "--colour", "red").code()).isEqualTo(2);
        assertThat(run("delete-everything").code()).isEqualTo(2);
        assertThat(run("create", "--email", "x@example.com").code()).isEqualTo(2);
        assertThat(run("create", "--name", "--email", "x@example.com").code()).isEqualTo(2);
        assertThat(run("update-limits", "--customer-id", UUID.randomUUID().toString()).code()).isEqualTo(2);
        assertThat(run().code()).isEqualTo(2);
        Result unknown = run("frobnicate", "--json");
        assertThat(unknown.errorJson().get("error").get("code").asText()).isEqualTo("usage_error");
    }

    @Test
    void help_printsCommandsAndEnvironment_andReturns0() {
        // when
        Result help = run("--help");

        // then
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("create --name NAME --email EMAIL [--token TOKEN]", "update-token",
                "update-limits", "BEDROCK_METER_MODE", "BEDROCK_METER_DYNAMODB_ENDPOINT",
                "BEDROCK_METER_DYNAMODB_REGION", "BEDROCK_METER_TABLES_CUSTOMERS", "BEDROCK_METER_TABLES_API_KEYS",
                "BEDROCK_METER_TABLES_USAGE");
        assertThat(run("help").code()).isZero();
    }

    // ---- usage ----

    @Test
    void usage_printsDaysModelsAndTotals_whenUsageRecorded() {
        // given two days of recorded usage
        String id = createCustomer().get("customerId").asText();
        DynamoUsageRepository usage = new DynamoUsageRepository(dynamo, cli.usage);
        String model = "anthropic.claude-3-haiku-20240307-v1:0";
        usage.add(id, DynamoUsageRepository.day(LocalDate.of(2023, 4, 2)), Map.of(
                DynamoUsageRepository.REQUESTS, 3L, DynamoUsageRepository.INPUT_TOKENS, 100L,
                DynamoUsageRepository.OUTPUT_TOKENS, 40L, DynamoUsageRepository.ERRORS, 1L,
                DynamoUsageRepository.modelAttribute(model, DynamoUsageRepository.REQUESTS), 3L,
                DynamoUsageRepository.modelAttribute(model, DynamoUsageRepository.INPUT_TOKENS), 100L));
        usage.add(id, DynamoUsageRepository.day(LocalDate.of(2023, 4, 30)),
                Map.of(DynamoUsageRepository.REQUESTS, 2L, DynamoUsageRepository.INPUT_TOKENS, 10L));
        usage.add(id, DynamoUsageRepository.day(LocalDate.of(2023, 5, 1)),
                Map.of(DynamoUsageRepository.REQUESTS, 50L));

        // when
        Result json = run("usage", "--customer-id", id, "--start-date", "2023-04-01", "--end-date", "2023-04-30",
                "--json");
        Result human = run("usage", "--customer-id", id, "--start-date", "2023-04-01", "--end-date", "2023-04-30");

        // then
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode report = json.json();
        assertThat(report.get("days")).hasSize(2);
        assertThat(report.get("days").get(0).get("date").asText()).isEqualTo("2023-04-02");
        assertThat(report.get("days").get(0).get("models").get(model).get("requests").asLong()).isEqualTo(3);
        assertThat(report.get("totals").get("requests").asLong()).isEqualTo(5);
        assertThat(report.get("totals").get("inputTokens").asLong()).isEqualTo(110);
        assertThat(report.get("totals").get("outputTokens").asLong()).isEqualTo(40);
        assertThat(report.get("totals").get("errors").asLong()).isEqualTo(1);
        assertThat(human.code()).isZero();
        assertThat(human.out()).contains("2023-04-02", "2023-04-30", model, "TOTAL");
    }

    @Test
    void usage_refuses_whenDatesReversedInvalidOrCustomerUnknown() {
        // given
        String id = createCustomer().get("customerId").asText();

        // when
        Result reversed = run("usage", "--customer-id", id, "--start-date", "2023-04-30", "--end-date", "2023-04-01");
        Result badDate = run("usage", "--customer-id", id, "--start-date", "2023-02-30", "--end-date", "2023-04-01");
        Result tooLong = run("usage", "--customer-id", id, "--start-date", "2022-01-01", "--end-date", "2023-04-01");
        String unknownId = UUID.randomUUID().toString();
        Result unknown = run("usage", "--customer-id", unknownId, "--start-date", "2023-04-01",
                "--end-date", "2023-04-30");

        // then
        assertThat(reversed.code()).isEqualTo(1);
        assertThat(reversed.err()).contains("--end-date 2023-04-01 is before --start-date 2023-04-30");
        assertThat(badDate.code()).isEqualTo(1);
        assertThat(badDate.err()).contains("--start-date");
        assertThat(tooLong.code()).isEqualTo(1);
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("No customer with id " + unknownId);
    }

    // ---- update-limits ----

    @Test
    void updateLimits_setsMergesAndRemovesLimits() {
        // given
        String id = createCustomer().get("customerId").asText();

        // when a daily limit is set, then list shows it
        Result daily = run("update-limits", "--customer-id", id, "--daily-limit", "1000");
        assertThat(daily.code()).as(daily.err()).isZero();
        assertThat(daily.out()).contains("Daily requests:      1000");
        assertThat(customer(id).get("limits").get("dailyLimit").asLong()).isEqualTo(1000);

        // when another limit is set, then the daily one is kept
        assertThat(run("update-limits", "--customer-id", id, "--rpm-limit=60").code()).isZero();
        JsonNode limits = customer(id).get("limits");
        assertThat(limits.get("dailyLimit").asLong()).isEqualTo(1000);
        assertThat(limits.get("rpmLimit").asLong()).isEqualTo(60);

        // when the daily limit is set to unlimited, then it is removed
        Result removed = run("update-limits", "--customer-id", id, "--daily-limit", "unlimited", "--json");
        assertThat(removed.code()).isZero();
        assertThat(removed.json().get("limits").get("dailyLimit").isNull()).isTrue();
        assertThat(customer(id).get("limits").get("dailyLimit").isNull()).isTrue();
        assertThat(customer(id).get("limits").get("rpmLimit").asLong()).isEqualTo(60);
    }

    @Test
    void updateLimits_refusesNegativeOrNonNumeric_andKeepsLimits() {
        // given
        String id = createCustomer().get("customerId").asText();
        assertThat(run("update-limits", "--customer-id", id, "--daily-limit", "500").code()).isZero();

        // when
        Result negative = run("update-limits", "--customer-id", id, "--rpm-limit", "10", "--daily-limit", "-5");
        Result text = run("update-limits", "--customer-id", id, "--monthly-token-limit", "lots");

        // then
        assertThat(negative.code()).isEqualTo(1);
        assertThat(negative.err()).contains("--daily-limit");
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.err()).contains("--monthly-token-limit");
        JsonNode limits = customer(id).get("limits");
        assertThat(limits.get("dailyLimit").asLong()).isEqualTo(500);
        assertThat(limits.get("rpmLimit").isNull()).isTrue();
        assertThat(limits.get("monthlyTokenLimit").isNull()).isTrue();
    }

    // ---- update-token / keys / revoke ----

    @Test
    void updateToken_printsNewToken_andKeepsOldKeyInGrace() {
        // given
        JsonNode created = createCustomer();
        String id = created.get("customerId").asText();
        String oldKey = created.get("keyId").asText();

        // when
        Result rotated = run("update-token", "--customer-id", id);

        // then
        assertThat(rotated.code()).as(rotated.err()).isZero();
        String token = rotated.out().lines().filter(l -> l.contains("Bearer token")).findFirst().orElseThrow()
                .replaceAll(".*: ", "");
        assertThat(token).startsWith(Tokens.PREFIX).isNotEqualTo(created.get("token").asText());
        assertThat(rotated.out()).contains("Old key " + oldKey + " keeps working until", "grace period 24h");
        Map<String, String> statuses = keyStatuses(id);
        assertThat(statuses).hasSize(2).containsEntry(oldKey, "GRACE").containsValue("ACTIVE");
        Result keys = run("keys", "--customer-id", id);
        assertThat(keys.out()).contains(oldKey, "GRACE", "ACTIVE")
                .doesNotContain(token, created.get("token").asText(), Tokens.hash(token));
    }

    @Test
    void updateToken_revokesOldKeysNow_whenGracePeriodZero() {
        // given
        JsonNode created = createCustomer();
        String id = created.get("customerId").asText();
        String oldKey = created.get("keyId").asText();

        // when
        Result rotated = run("update-token", "--customer-id", id, "--grace-period", "0", "--json");

        // then
        assertThat(rotated.code()).as(rotated.err()).isZero();
        JsonNode result = rotated.json();
        assertThat(result.get("retiredKeyIds").get(0).asText()).isEqualTo(oldKey);
        assertThat(keyStatuses(id)).containsEntry(oldKey, "REVOKED")
                .containsEntry(result.get("keyId").asText(), "ACTIVE");
    }

    @Test
    void updateToken_refusesInvalidGracePeriod_andWritesNothing() {
        // given
        JsonNode created = createCustomer();
        String id = created.get("customerId").asText();

        // when
        Result negative = run("update-token", "--customer-id", id, "--grace-period", "-PT1H");
        Result garbage = run("update-token", "--customer-id", id, "--grace-period", "soon");
        Result weak = run("update-token", "--customer-id", id, "--token", "password123");

        // then
        assertThat(negative.code()).isEqualTo(1);
        assertThat(negative.err()).contains("--grace-period");
        assertThat(garbage.code()).isEqualTo(1);
        assertThat(garbage.err()).contains("--grace-period");
        assertThat(weak.code()).isEqualTo(1);
        assertThat(keyStatuses(id)).containsOnly(Map.entry(created.get("keyId").asText(), "ACTIVE"));
    }

    @Test
    void revoke_revokesOneKeyOrAll() {
        // given a customer with two working keys
        JsonNode created = createCustomer();
        String id = created.get("customerId").asText();
        String first = created.get("keyId").asText();
        String second = run("update-token", "--customer-id", id, "--json").json().get("keyId").asText();

        // when one key is revoked
        Result one = run("revoke", "--customer-id", id, "--key-id", first);

        // then only that key stops
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).contains("Revoked " + first);
        assertThat(keyStatuses(id)).containsEntry(first, "REVOKED").containsEntry(second, "ACTIVE");

        // when every key is revoked
        Result all = run("revoke", "--customer-id", id, "--json");

        // then
        assertThat(all.code()).isZero();
        assertThat(all.json().get("revokedKeyIds")).hasSize(1);
        assertThat(keyStatuses(id)).containsOnly(Map.entry(first, "REVOKED"), Map.entry(second, "REVOKED"));
        assertThat(run("revoke", "--customer-id", id, "--key-id", "key_nope").code()).isEqualTo(1);
    }

    @Test
    void updateToken_isRefusedForASuspendedCustomer_asInThePortal_butRevokeIsNot() {
        // given
        String id = createCustomer().get("customerId").asText();
        assertThat(run("suspend", "--customer-id", id).code()).isZero();

        // when
        Result rotated = run("update-token", "--customer-id", id, "--json");
        Result revoked = run("revoke", "--customer-id", id, "--json");

        // then: the rule is the key service's, the same whoever asks
        assertThat(rotated.code()).isEqualTo(1);
        assertThat(rotated.errorJson().get("error").get("code").asText()).isEqualTo("customer_suspended");
        assertThat(revoked.code()).as(revoked.err()).isZero();
    }

    @Test
    void suspendAndReactivate_changeStatus() {
        // given
        String id = createCustomer().get("customerId").asText();

        // when / then
        assertThat(run("suspend", "--customer-id", id).code()).isZero();
        assertThat(customer(id).get("status").asText()).isEqualTo("SUSPENDED");
        assertThat(run("reactivate", "--customer-id", id, "--json").json().get("status").asText())
                .isEqualTo("ACTIVE");
        assertThat(run("suspend", "--customer-id", "nobody").code()).isEqualTo(1);
    }

    @Test
    void approve_activatesAPendingCustomer_andRefusesOneThatIsNotPending() {
        // given: a customer who signed up while approval is required
        String id = createCustomer().get("customerId").asText();
        dynamo.updateItem(r -> r.tableName(cli.customers)
                .key(Map.of("customerId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(id)))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PENDING_APPROVAL"))));

        // when
        Result approved = run("approve", "--customer-id", id, "--json");
        Result again = run("approve", "--customer-id", id, "--json");

        // then
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.errorJson().get("error").get("code").asText()).isEqualTo("not_pending_approval");
    }
}
