package com.bedrockmeter.proxy.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
            "Reactivate a suspended customer.");

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

    boolean accepts(String flag) {
        return required.contains(flag) || optional.contains(flag);
    }

    String synopsis() {
        return synopsis;
    }

    String description() {
        return description;
    }
}
