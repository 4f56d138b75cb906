package com.bedrockmeter.cli;

import com.bedrockmeter.model.audit.AuditAction;
import com.bedrockmeter.model.audit.AuditLog;
import com.bedrockmeter.model.audit.AuditQuery;
import com.bedrockmeter.model.config.Repositories;
import com.bedrockmeter.model.config.Services;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.INPUT_TOKENS;
import static com.bedrockmeter.model.usage.DynamoUsageRepository.REQUESTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.cli.CliFixture.Result;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reconcile: counters against the usage event files, reported per counter and repaired with --repair. */
class ReconcileCliIT {

    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static CliFixture cli;

    @TempDir
    Path events;

    @BeforeAll
    static void tables() {
        cli = new CliFixture("reconcile");
        assertThat(cli.run("list", "--json").code()).isZero();
    }

    @AfterAll
    static void close() {
        cli.close();
    }

    @Test
    void reconcile_reportsEachDriftingCounter_andRepairBringsItToZero() throws IOException {
        // given: two answered calls and one failed call in the events, but the day counted three requests
        String id = cli.run("create", "--name", "Drift Co", "--email", "drift@example.com", "--json").json()
                .get("customerId").asText();
        // one event delivered twice, as delivery to S3 may: counted once
        String delivered = event(id, "2023-04-02T09:00:00Z", 200, 0, 0, "answered");
        writeEvents(LocalDate.of(2023, 4, 2), id, delivered, delivered,
                event(id, "2023-04-02T10:00:00Z", 200, 10, 5, "answered"),
                event(id, "2023-04-02T11:00:00Z", 200, 20, 5, "answered"),
                event(id, "2023-04-02T12:00:00Z", 502, 0, 0, "failed"),
                event(id, "2023-04-02T13:00:00Z", 429, 0, 0, "refused"),
                "not an event");
        DynamoUsageRepository usage = new DynamoUsageRepository(cli.dynamo, cli.usage);
        usage.add(id, DynamoUsageRepository.day(LocalDate.of(2023, 4, 2)), Map.of(REQUESTS, 3L, INPUT_TOKENS, 30L));

        // when
        Result report = cli.run("reconcile", "--customer-id", id, "--start-date", "2023-04-02", "--end-date",
                "2023-04-02", "--events", events.toString(), "--json");
        Result repaired = cli.run("reconcile", "--customer-id", id, "--start-date", "2023-04-02", "--end-date",
                "2023-04-02", "--events", events.toString(), "--repair");
        Result after = cli.run("reconcile", "--start-date", "2023-04-01", "--end-date", "2023-04-30",
                "--events", events.toString(), "--json");

        // then
        assertThat(report.code()).as(report.err()).isZero();
        JsonNode json = report.json();
        assertThat(json.get("eventsRead").asLong()).isEqualTo(5);
        assertThat(json.get("skippedLines").asLong()).isEqualTo(1);
        assertThat(drift(json, "DAY#2023-04-02", "requests")).isZero();
        assertThat(drift(json, "DAY#2023-04-02", "outputTokens")).isEqualTo(-10);
        assertThat(drift(json, "DAY#2023-04-02", "errors")).isEqualTo(-1);
        assertThat(drift(json, "DAY#2023-04-02", "model#" + MODEL + "#requests")).isEqualTo(-3);
        assertThat(drift(json, "MONTH#2023-04", "tokensCommitted")).isEqualTo(-40);
        assertThat(repaired.code()).as(repaired.err()).isZero();
        assertThat(repaired.out()).contains("COUNTER", "Repaired");
        assertThat(after.json().get("drifts")).isEmpty();
        assertThat(after.json().get("totalDrift").asLong()).isZero();
        assertThat(usage.counters(id, DynamoUsageRepository.day(LocalDate.of(2023, 4, 2))).orElseThrow())
                .containsEntry(REQUESTS, 3L).containsEntry("errors", 1L);
        // the repair (not the checks) is in the audit log, recorded by the use case with the CLI's actor
        AuditLog audit = Services.wire(Repositories.on(cli.dynamo, cli.tables(), false), Clock.systemUTC(),
                NewCustomerPolicy.SAFE_DEFAULT).audit();
        assertThat(audit.search(new AuditQuery(audit.today(), audit.today(), id, null)))
                .filteredOn(e -> e.action().equals(AuditAction.USAGE_RECONCILED.code()))
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).startsWith("cli:");
                    assertThat(e.after()).contains("counters corrected, 2023-04-02..2023-04-02");
                });
    }

    @Test
    void reconcile_repairsNeitherARecentPeriodNorOneWithEventsWithoutOutcome() throws IOException {
        // given: drift today (calls may still be in flight) and on a day of events written before 'outcome'
        String id = cli.run("create", "--name", "Recent Co", "--email", "recent@example.com", "--json").json()
                .get("customerId").asText();
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        writeEvents(today, id, event(id, today + "T00:00:01Z", 200, 10, 5, "answered"));
        writeEvents(LocalDate.of(2023, 5, 2), id, event(id, "2023-05-02T10:00:00Z", 502, 0, 0, "answered")
                .replace(",\"outcome\":\"answered\"", ""));
        DynamoUsageRepository usage = new DynamoUsageRepository(cli.dynamo, cli.usage);
        usage.add(id, DynamoUsageRepository.day(today), Map.of(REQUESTS, 7L));
        usage.add(id, DynamoUsageRepository.day(LocalDate.of(2023, 5, 2)), Map.of("errors", 1L));

        // when
        Result recent = cli.run("reconcile", "--customer-id", id, "--start-date", today.toString(), "--end-date",
                today.toString(), "--events", events.toString(), "--repair", "--json");
        Result old = cli.run("reconcile", "--customer-id", id, "--start-date", "2023-05-02", "--end-date",
                "2023-05-02", "--events", events.toString(), "--repair", "--json");

        // then
        assertThat(recent.code()).as(recent.err()).isZero();
        assertThat(recent.json().get("drifts")).isNotEmpty()
                .allSatisfy(d -> assertThat(d.get("repair").asText()).isEqualTo("skipped_recent"));
        assertThat(usage.counters(id, DynamoUsageRepository.day(today)).orElseThrow()).containsEntry(REQUESTS, 7L);
        assertThat(old.json().get("drifts")).isNotEmpty()
                .allSatisfy(d -> assertThat(d.get("repair").asText()).isEqualTo("skipped_old_events"));
        assertThat(usage.counters(id, DynamoUsageRepository.day(LocalDate.of(2023, 5, 2))).orElseThrow())
                .containsEntry("errors", 1L);
    }

    @Test
    void reconcile_refusesAMissingEventsDirectory_andWritesNothing() {
        // when
        Result result = cli.run("reconcile", "--start-date", "2023-04-01", "--end-date", "2023-04-30",
                "--events", events.resolve("absent").toString(), "--repair", "--json");

        // then
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.errorJson().get("error").get("code").asText()).isEqualTo("events_not_found");
    }

    private static long drift(JsonNode report, String period, String counter) {
        for (JsonNode drift : report.get("drifts")) {
            if (drift.get("period").asText().equals(period) && drift.get("counter").asText().equals(counter)) {
                return drift.get("drift").asLong();
            }
        }
        return 0;
    }

    private void writeEvents(LocalDate day, String id, String... lines) throws IOException {
        Path partition = Files.createDirectories(events.resolve("dt=" + day));
        Files.writeString(partition.resolve("events-" + id + "-" + java.util.UUID.randomUUID() + ".jsonl"),
                String.join("\n", lines) + "\n");
    }

    private static String event(String customerId, String at, int status, long in, long out, String outcome) {
        return """
                {"requestId":"%s","timestamp":"%s","customerId":"%s","keyId":"key_1","modelId":"%s","route":"/bedrock",\
                "status":%d,"inputTokens":%d,"outputTokens":%d,"latencyMs":5,"outcome":"%s"}"""
                .formatted(java.util.UUID.randomUUID(), at, customerId, MODEL, status, in, out, outcome);
    }
}
