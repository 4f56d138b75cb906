package com.bedrockmeter.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The admin commands with the flags each accepts (names without the leading {@code --}). */
enum CliCommand {

    CREATE("create", List.of("name", "email"), List.of("token"),
            "--name NAME --email EMAIL [--token TOKEN]",
            "Create a customer and its first bearer token (printed once)."),
    LIST("list", List.of(), List.of(), "",
            "List customers: id, name, e-mail, status, limits, creation time."),
    USAGE("usage", List.of("customer-id", "start-date", "end-date"), List.of(),
            "--customer-id ID --start-date YYYY-MM-DD --end-date YYYY-MM-DD",
            "Daily usage per model and totals (UTC days, both dates included, at most 366 days)."),
    UPDATE_TOKEN("update-token", List.of("customer-id"), List.of("token", "grace-period"),
            "--customer-id ID [--token TOKEN] [--grace-period DURATION]",
            "Issue a new token (printed once); the old keys keep working for the grace period\n"
                    + "      (default 24h; e.g. 30m, 90s, 2d, PT12H; at most 30d; 0 revokes them now)."),
    UPDATE_LIMITS("update-limits", List.of("customer-id"), List.of("daily-limit", "rpm-limit", "monthly-token-limit"),
            "--customer-id ID [--daily-limit N] [--rpm-limit N] [--monthly-token-limit N]",
            "Change limits (at least one flag): a non-negative integer, or 'unlimited'/'none' to remove\n"
                    + "      it. Limits not given keep their value. Daily = requests per UTC day, rpm = requests\n"
                    + "      per minute, monthly tokens = input + output tokens per UTC month."),
    REVOKE("revoke", List.of("customer-id"), List.of("key-id"),
            "--customer-id ID [--key-id KEY]",
            "Revoke one key now, or every key of the customer without --key-id."),
    KEYS("keys", List.of("customer-id"), List.of(),
            "--customer-id ID",
            "List a customer's keys: id, name, prefix, status, created, expires, last used."),
    SUSPEND("suspend", List.of("customer-id"), List.of(), "--customer-id ID",
            "Suspend a customer: its calls are refused until reactivated."),
    REACTIVATE("reactivate", List.of("customer-id"), List.of(), "--customer-id ID",
            "Reactivate a suspended customer."),
    APPROVE("approve", List.of("customer-id"), List.of(), "--customer-id ID",
            "Approve a customer who signed up while approval is required: their key starts working."),
    PLAN_CREATE("plan-create", List.of("id", "name"), List.of("price-per-call", "tiers", "tier-mode", "monthly-fee",
            "included", "included-unit", "overage-price", "charge-tokens"),
            "--id ID --name NAME (--price-per-call P | --tiers T [--tier-mode graduated|volume] |\n"
                    + "      --monthly-fee F --included N --included-unit calls|tokens --overage-price P)\n"
                    + "      [--charge-tokens]",
            "Create (or replace) a plan with exactly one pricing, in USD: pay-per-request, tiered by calls\n"
                    + "      in the period (T like \"10000:0.01,100000:0.008,*:0.005\": up to 10,000 calls at 0.01,\n"
                    + "      up to 100,000 at 0.008, beyond at 0.005; graduated by default), or a monthly fee with\n"
                    + "      N included calls or tokens and a price per unit beyond. --charge-tokens also charges\n"
                    + "      input/output tokens at the token prices. Prices are decimals, never negative."),
    TOKEN_PRICE("token-price", List.of("model-id", "from"), List.of("input-per-million", "output-per-million",
            "cache-read-per-million", "cache-write-per-million", "bedrock-input-per-million",
            "bedrock-output-per-million", "bedrock-cache-read-per-million", "bedrock-cache-write-per-million",
            "markup-percent"),
            "--model-id M --from YYYY-MM-DD (--input-per-million P --output-per-million P\n"
                    + "      [--cache-read-per-million P] [--cache-write-per-million P] |\n"
                    + "      --bedrock-input-per-million C --bedrock-output-per-million C\n"
                    + "      [--bedrock-cache-read-per-million C] [--bedrock-cache-write-per-million C]\n"
                    + "      --markup-percent X)",
            "Set a model's token prices (USD per million tokens) from a UTC day on; earlier usage keeps the\n"
                    + "      earlier price. Or give Bedrock's cost and a markup: price = cost x (1 + X/100).\n"
                    + "      Prompt-cache tokens have prices of their own; left out, cache reads cost 0.1x and\n"
                    + "      cache writes 1.25x the input price (Claude's ratios on Bedrock)."),
    PLAN_ASSIGN("plan-assign", List.of("customer-id", "plan-id", "from"), List.of(),
            "--customer-id ID --plan-id ID --from YYYY-MM-DD",
            "Put a customer on a plan from a UTC day on (a change in a period is prorated by days)."),
    INVOICE("invoice", List.of("customer-id", "start-date", "end-date"), List.of(),
            "--customer-id ID --start-date YYYY-MM-DD --end-date YYYY-MM-DD",
            "Compute, store and print the customer's invoice for the period (both dates included): lines,\n"
                    + "      subtotal, total rounded half-up to cents, status. Stored as a draft (recomputing it is\n"
                    + "      idempotent; other customers are not touched); a finalized invoice is printed as it is\n"
                    + "      and never changes."),
    BILLING_RUN("billing-run", List.of("start-date", "end-date"), List.of(),
            "--start-date YYYY-MM-DD --end-date YYYY-MM-DD",
            "Bill every active customer with a plan for the period: one invoice each (drafts recomputed,\n"
                    + "      finalized ones left as they are); prints the invoices and their totals."),
    INVOICE_FINALIZE("invoice-finalize", List.of("customer-id", "start-date", "end-date"), List.of(),
            "--customer-id ID --start-date YYYY-MM-DD --end-date YYYY-MM-DD",
            "Finalize the customer's invoice for the period: it never changes afterwards."),
    RECONCILE("reconcile", List.of("start-date", "end-date"), List.of("customer-id", "events", "repair"),
            "--start-date YYYY-MM-DD --end-date YYYY-MM-DD [--customer-id ID] [--events DIR] [--repair]",
            "Compare the usage counters (days, their months, per model) of one customer or all with the\n"
                    + "      usage events in DIR (default data/usage: dt=YYYY-MM-DD/*.jsonl[.gz]; in AWS, first\n"
                    + "      'aws s3 sync s3://<usage bucket>/usage/ DIR'), print each counter that drifts, and with\n"
                    + "      --repair correct it and drop calls left unsettled for over 30 minutes. Repair periods\n"
                    + "      without calls in flight (past days, or a quiet moment).");

    /** Flags that take no value (present = true; {@code --flag=false} is also accepted). */
    static final Set<String> SWITCHES = Set.of("charge-tokens", "repair");

    /** The limit flags of update-limits, of which at least one is required. */
    static final List<String> LIMIT_FLAGS = List.of("daily-limit", "rpm-limit", "monthly-token-limit");

    private final String commandName;
    private final List<String> required;
    private final List<String> optional;
    private final String synopsis;
    private final String description;

    CliCommand(String commandName, List<String> required, List<String> optional, String synopsis,
               String description) {
        this.commandName = commandName;
        this.required = required;
        this.optional = optional;
        this.synopsis = synopsis;
        this.description = description;
    }

    static Optional<CliCommand> named(String name) {
        return Arrays.stream(values()).filter(c -> c.commandName.equals(name)).findFirst();
    }

    String commandName() {
        return commandName;
    }

    List<String> required() {
        return required;
    }

    /** Every flag of the command, the required ones first. */
    List<String> flags() {
        return java.util.stream.Stream.concat(required.stream(), optional.stream()).toList();
    }

    String synopsis() {
        return synopsis;
    }

    String description() {
        return description;
    }
}
