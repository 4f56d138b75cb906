package com.bedrockmeter.cli;

import com.bedrockmeter.model.config.Repositories;
import com.bedrockmeter.model.config.Services;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.cli.CliFixture.Result;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The CLI's billing flow in-process against dynalite, on tables of its own: plan-create, plan-assign, usage seeded
 * in the usage table, invoice (idempotent), invoice-finalize, and refusals before any write. Two pricings given to
 * plan-create at once are a usage error: exit 2, like any other malformed command line.
 */
class BillingCliIT {

    private static final String START = "2026-06-01";
    private static final String END = "2026-06-30";
    private static CliFixture cli;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void tables() {
        cli = new CliFixture("billcli");
        dynamo = cli.dynamo;
        Result first = run("list", "--json");
        assertThat(first.code()).as(first.err()).isZero();
    }

    @AfterAll
    static void close() {
        cli.close();
    }

    @Test
    void invoice_printsTheLinesAndTotal_whenTheCustomerHasAPlan() {
        // given a customer on a pay-per-request plan at 0.002 per call from the period start, with 1,234 calls
        String customerId = customer();
        String planId = "ppr-" + unique();
        ok(run("plan-create", "--id", planId, "--name", "Pay per request", "--price-per-call", "0.002"));
        ok(run("plan-assign", "--customer-id", customerId, "--plan-id", planId, "--from", START));
        DynamoUsageRepository usage = new DynamoUsageRepository(dynamo, cli.usage);
        usage.add(customerId, DynamoUsageRepository.day(LocalDate.of(2026, 6, 3)),
                Map.of(DynamoUsageRepository.REQUESTS, 1000L, DynamoUsageRepository.INPUT_TOKENS, 5000L));
        usage.add(customerId, DynamoUsageRepository.day(LocalDate.of(2026, 6, 30)),
                Map.of(DynamoUsageRepository.REQUESTS, 234L));
        usage.add(customerId, DynamoUsageRepository.day(LocalDate.of(2026, 7, 1)),
                Map.of(DynamoUsageRepository.REQUESTS, 99L));

        // when
        Result human = run("invoice", "--customer-id", customerId, "--start-date", START, "--end-date", END);
        Result json = run("invoice", "--customer-id", customerId, "--start-date", START, "--end-date", END,
                "--json");

        // then 1,234 calls x 0.002 = 2.468, total rounded to 2.47, stored as a draft
        ok(human);
        assertThat(human.out()).contains("1234", "0.002", "2.468").contains("Total:    2.47 USD")
                .contains("Status:   DRAFT");
        ok(json);
        JsonNode invoice = json.json();
        assertThat(invoice.get("total").asText()).isEqualTo("2.47");
        assertThat(invoice.get("subtotal").asText()).isEqualTo("2.468");
        assertThat(invoice.get("status").asText()).isEqualTo("DRAFT");
        assertThat(invoice.get("lines")).hasSize(1);
        JsonNode line = invoice.get("lines").get(0);
        assertThat(line.get("quantity").asText()).isEqualTo("1234");
        assertThat(line.get("unitPrice").asText()).isEqualTo("0.002");
        assertThat(line.get("amount").asText()).isEqualTo("2.468");
        assertThat(services().invoices().invoices(customerId)).hasSize(1);
    }

    @Test
    void invoice_isIdempotent_andFinalizedInvoicesKeepTheirTotal() {
        // given an invoiced customer
        String customerId = customer();
        String planId = "ppr-" + unique();
        ok(run("plan-create", "--id", planId, "--name", "Pay per request", "--price-per-call", "0.002"));
        ok(run("plan-assign", "--customer-id", customerId, "--plan-id", planId, "--from", START));
        DynamoUsageRepository usage = new DynamoUsageRepository(dynamo, cli.usage);
        usage.add(customerId, DynamoUsageRepository.day(LocalDate.of(2026, 6, 15)),
                Map.of(DynamoUsageRepository.REQUESTS, 1234L));
        Result first = run("invoice", "--customer-id", customerId, "--start-date", START, "--end-date", END,
                "--json");
        ok(first);

        // when run again
        Result second = run("invoice", "--customer-id", customerId, "--start-date", START, "--end-date", END,
                "--json");

        // then identical output and still one invoice
        ok(second);
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(services().invoices().invoices(customerId)).hasSize(1);

        // when finalized, then more usage arrives and invoice runs again
        Result finalized = run("invoice-finalize", "--customer-id", customerId, "--start-date", START,
                "--end-date", END, "--json");
        ok(finalized);
        assertThat(finalized.json().get("status").asText()).isEqualTo("FINALIZED");
        usage.add(customerId, DynamoUsageRepository.day(LocalDate.of(2026, 6, 20)),
                Map.of(DynamoUsageRepository.REQUESTS, 500L));
        Result after = run("invoice", "--customer-id", customerId, "--start-date", START, "--end-date", END);

        // then the same total, FINALIZED, and still one invoice
        ok(after);
        assertThat(after.out()).contains("Total:    2.47 USD").contains("Status:   FINALIZED");
        List<Invoice> invoices = services().invoices().invoices(customerId);
        assertThat(invoices).hasSize(1);
        assertThat(invoices.get(0).total().amount()).isEqualByComparingTo(new BigDecimal("2.47"));
        assertThat(invoices.get(0).finalized()).isTrue();
    }

    @Test
    void billingRun_printsTheInvoicesAndTheirTotals() {
        // given a customer on a plan with usage
        String customerId = customer();
        String planId = "ppr-" + unique();
        ok(run("plan-create", "--id", planId, "--name", "Pay per request", "--price-per-call", "0.002"));
        ok(run("plan-assign", "--customer-id", customerId, "--plan-id", planId, "--from", START));
        new DynamoUsageRepository(dynamo, cli.usage).add(customerId,
                DynamoUsageRepository.day(LocalDate.of(2026, 6, 2)), Map.of(DynamoUsageRepository.REQUESTS, 1234L));

        // when
        Result result = run("billing-run", "--start-date", START, "--end-date", END, "--json");

        // then
        ok(result);
        JsonNode invoices = result.json().get("invoices");
        assertThat(result.json().get("invoiceCount").asInt()).isEqualTo(invoices.size());
        JsonNode mine = null;
        for (JsonNode invoice : invoices) {
            if (invoice.get("customerId").asText().equals(customerId)) {
                mine = invoice;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("total").asText()).isEqualTo("2.47");
    }

    @Test
    void planCreate_refusesANegativePrice_andStoresNoPlan() {
        // given
        String planId = "neg-" + unique();

        // when
        Result result = run("plan-create", "--id", planId, "--name", "Negative", "--price-per-call", "-0.002");
        Result notANumber = run("plan-create", "--id", planId, "--name", "Bad", "--price-per-call", "abc");

        // then
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("--price-per-call");
        assertThat(notANumber.code()).isEqualTo(1);
        assertThat(notANumber.err()).contains("--price-per-call");
        assertThat(services().catalogue().plans()).noneMatch(p -> p.id().equals(planId));
    }

    @Test
    void planCreate_isAUsageError_whenTwoPricingsAreGiven() {
        // given
        String planId = "two-" + unique();

        // when
        Result result = run("plan-create", "--id", planId, "--name", "Two", "--price-per-call", "0.002",
                "--tiers", "10000:0.01,*:0.005");

        // then exit 2 (the command line is malformed) and no plan
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("exactly one pricing");
        assertThat(services().catalogue().plans()).noneMatch(p -> p.id().equals(planId));
    }

    @Test
    void planCreate_storesTieredAndSubscriptionPlans() {
        // given
        String tiered = "tier-" + unique();
        String subscription = "sub-" + unique();

        // when
        Result tieredResult = run("plan-create", "--id", tiered, "--name", "Tiered",
                "--tiers", "10000:0.01,100000:0.008,*:0.005", "--tier-mode", "volume", "--json");
        Result subscriptionResult = run("plan-create", "--id", subscription, "--name", "Sub", "--monthly-fee", "49",
                "--included", "100000", "--included-unit", "calls", "--overage-price", "0.001", "--charge-tokens",
                "--json");

        // then
        ok(tieredResult);
        assertThat(tieredResult.json().at("/pricing/mode").asText()).isEqualTo("VOLUME");
        assertThat(tieredResult.json().at("/pricing/tiers")).hasSize(3);
        ok(subscriptionResult);
        assertThat(subscriptionResult.json().get("chargeTokens").asBoolean()).isTrue();
        assertThat(subscriptionResult.json().at("/pricing/monthlyFee").asText()).isEqualTo("49");
    }

    @Test
    void planAssign_refusesAnUnknownPlan() {
        // given
        String customerId = customer();

        // when
        Result result = run("plan-assign", "--customer-id", customerId, "--plan-id", "no-such-plan-" + unique(),
                "--from", START);

        // then
        assertThat(result.code()).isEqualTo(1);
        assertThat(services().catalogue().assignments(customerId)).isEmpty();
    }

    @Test
    void invoice_refusesReversedDates() {
        // given
        String customerId = customer();

        // when
        Result result = run("invoice", "--customer-id", customerId, "--start-date", END, "--end-date", START);

        // then
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("--end-date");
        assertThat(services().invoices().invoices(customerId)).isEmpty();
    }

    @Test
    void tokenPrice_setsAMarkedUpPrice_fromBedrocksCost() {
        // given
        String model = "model-" + unique();

        // when
        Result result = run("token-price", "--model-id", model, "--from", START, "--bedrock-input-per-million", "3",
                "--bedrock-output-per-million", "15", "--markup-percent", "20", "--json");

        // then 3 x 1.2 = 3.6 and 15 x 1.2 = 18
        ok(result);
        assertThat(new BigDecimal(result.json().get("inputPerMillion").asText()))
                .isEqualByComparingTo(new BigDecimal("3.6"));
        assertThat(new BigDecimal(result.json().get("outputPerMillion").asText()))
                .isEqualByComparingTo(new BigDecimal("18"));
    }

    @Test
    void tokenPrice_setsCachePricesOfTheirOwn_andRefusesOneWithoutTheOther() {
        // given
        String model = "model-" + unique();

        // when
        Result half = run("token-price", "--model-id", model, "--from", START, "--input-per-million", "3",
                "--output-per-million", "15", "--cache-read-per-million", "0.3");
        Result result = run("token-price", "--model-id", model, "--from", START, "--bedrock-input-per-million", "3",
                "--bedrock-output-per-million", "15", "--bedrock-cache-read-per-million", "0.30",
                "--bedrock-cache-write-per-million", "3.75", "--markup-percent", "20", "--json");
        Result defaults = run("token-price", "--model-id", model + "-d", "--from", START, "--input-per-million", "2",
                "--output-per-million", "10", "--json");

        // then: both or neither; the markup applies to the cache prices; left out, Claude's ratios
        assertThat(half.code()).isNotZero();
        assertThat(half.err()).contains("--cache-write-per-million");
        ok(result);
        assertThat(new BigDecimal(result.json().get("cacheReadPerMillion").asText()))
                .isEqualByComparingTo(new BigDecimal("0.36"));
        assertThat(new BigDecimal(result.json().get("cacheWritePerMillion").asText()))
                .isEqualByComparingTo(new BigDecimal("4.5"));
        ok(defaults);
        assertThat(new BigDecimal(defaults.json().get("cacheReadPerMillion").asText()))
                .isEqualByComparingTo(new BigDecimal("0.2"));
        assertThat(new BigDecimal(defaults.json().get("cacheWritePerMillion").asText()))
                .isEqualByComparingTo(new BigDecimal("2.5"));
    }

    @Test
    void help_listsTheBillingCommands() {
        // when
        Result help = run("help");

        // then
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("plan-create", "token-price", "plan-assign", "invoice --customer-id",
                "billing-run", "invoice-finalize");
    }

    private static void ok(Result result) {
        assertThat(result.code()).as("exit code; stderr: %s; stdout: %s", result.err(), result.out()).isZero();
    }

    private static String customer() {
        String unique = unique();
        Result created = run("create", "--name", "Billed " + unique, "--email", "bill+" + unique + "@acme.example",
                "--json");
        ok(created);
        return created.json().get("customerId").asText();
    }

    /** The model's services on the CLI's tables, wired as the CLI wires them, to look at what a command did. */
    private static Services services() {
        return Services.wire(Repositories.on(dynamo, cli.tables(), false), Clock.systemUTC(),
                NewCustomerPolicy.SAFE_DEFAULT);
    }

    static Result run(String... args) {
        return cli.run(args);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
