package com.bedrockmeter.cli;

import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** create, list, update-limits, suspend, reactivate. Each method checks its flags and returns the action. */
final class CustomerCommands {

    static final String SHOWN_ONCE = "Bearer token (shown once, store it now): ";
    static final String SHOWN_ONCE_WARNING = "the bearer token is shown only this once and cannot be retrieved later;"
            + " store it now";
    static final String SUPPLIED = "Bearer token: the one given with --token (only its SHA-256 is stored)";

    /** The token lines of create and update-token: a generated token is shown once; a supplied one is not echoed. */
    static void tokenLines(CliOutput output, String token, boolean supplied) {
        if (supplied) {
            output.line("  " + SUPPLIED);
        } else {
            output.line("  " + SHOWN_ONCE + token);
            output.line("Warning: " + SHOWN_ONCE_WARNING + ".");
        }
    }

    private CustomerCommands() {
    }

    static CliAction create(CliArguments arguments) {
        String name = arguments.flag("name");
        String email = arguments.flag("email");
        Optional<String> token = CliValues.token("token", arguments.flag("token"));
        return (store, output) -> {
            // The guide creates two customers with one e-mail: allowed (a company may buy twice), and said.
            List<String> sameEmail = store.customers().list().stream()
                    .filter(c -> c.email().equalsIgnoreCase(email == null ? "" : email.strip()))
                    .map(Customer::id).toList();
            CreatedCustomer created = store.customers().create(store.actor(), name, email, token);
            Customer customer = created.customer();
            if (output.json()) {
                ObjectNode result = output.object()
                        .put("customerId", customer.id())
                        .put("name", customer.name())
                        .put("email", customer.email())
                        .put("keyId", created.token().keyId())
                        .put("token", created.token().token());
                ArrayNode others = result.putArray("sameEmailCustomerIds");
                sameEmail.forEach(others::add);
                output.print(result);
                if (token.isEmpty()) {
                    output.warn(SHOWN_ONCE_WARNING);
                }
                return;
            }
            output.line("Customer created");
            output.line("  Customer ID: " + customer.id());
            output.line("  Name:        " + customer.name());
            output.line("  Email:       " + customer.email());
            output.line("  Key ID:      " + created.token().keyId());
            tokenLines(output, created.token().token(), token.isPresent());
            if (!sameEmail.isEmpty()) {
                output.line("Note: " + sameEmail.size() + (sameEmail.size() == 1 ? " other customer uses" : " other"
                        + " customers use") + " this e-mail (" + String.join(", ", sameEmail) + "); this is a new,"
                        + " separate customer.");
            }
        };
    }

    static CliAction list(CliArguments arguments) {
        return (store, output) -> {
            List<Customer> customers = store.customers().list();
            if (output.json()) {
                ArrayNode result = output.array();
                customers.forEach(c -> result.add(json(output, c)));
                output.print(result);
                return;
            }
            if (customers.isEmpty()) {
                output.line("No customers.");
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Customer c : customers) {
                rows.add(List.of(c.id(), c.name(), c.email(), c.status().name(),
                        CliOutput.limit(c.limits().dailyRequests()), CliOutput.limit(c.limits().requestsPerMinute()),
                        CliOutput.limit(c.limits().monthlyTokens()), CliOutput.time(c.createdAt())));
            }
            output.table(List.of("CUSTOMER ID", "NAME", "EMAIL", "STATUS", "DAILY", "RPM", "MONTHLY TOKENS",
                    "CREATED"), rows, Set.of(4, 5, 6));
            output.line(customers.size() + (customers.size() == 1 ? " customer" : " customers")
                    + " (limits: - = unlimited)");
        };
    }

    static CliAction updateLimits(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        Function<Limits, Limits> change = Function.identity();
        if (arguments.has("daily-limit")) {
            Long value = CliValues.limit("daily-limit", arguments.flag("daily-limit"));
            change = change.andThen(l -> l.withDailyRequests(value));
        }
        if (arguments.has("rpm-limit")) {
            Long value = CliValues.limit("rpm-limit", arguments.flag("rpm-limit"));
            change = change.andThen(l -> l.withRequestsPerMinute(value));
        }
        if (arguments.has("monthly-token-limit")) {
            Long value = CliValues.limit("monthly-token-limit", arguments.flag("monthly-token-limit"));
            change = change.andThen(l -> l.withMonthlyTokens(value));
        }
        Function<Limits, Limits> merge = change;
        return (store, output) -> {
            Customer current = store.customers().require(customerId);
            Customer updated = store.customers().updateLimits(store.actor(), customerId,
                    merge.apply(current.limits()));
            if (output.json()) {
                output.print(json(output, updated));
                return;
            }
            output.line("Limits updated for " + updated.id() + " (" + updated.name() + ")");
            printLimits(output, updated.limits());
        };
    }

    static CliAction suspend(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        return (store, output) -> {
            Customer suspended = store.customers().suspend(store.actor(), customerId);
            status(output, suspended);
        };
    }

    static CliAction reactivate(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        return (store, output) -> {
            Customer active = store.customers().reactivate(store.actor(), customerId);
            status(output, active);
        };
    }

    static CliAction approve(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        return (store, output) -> {
            Customer approved = store.customers().approve(store.actor(), customerId);
            status(output, approved);
        };
    }

    private static void status(CliOutput output, Customer customer) {
        if (output.json()) {
            output.print(json(output, customer));
        } else {
            output.line("Customer " + customer.id() + " (" + customer.name() + ") is now " + customer.status());
        }
    }

    private static void printLimits(CliOutput output, Limits limits) {
        output.line("  Daily requests:      " + words(limits.dailyRequests()));
        output.line("  Requests per minute: " + words(limits.requestsPerMinute()));
        output.line("  Monthly tokens:      " + words(limits.monthlyTokens()));
    }

    private static String words(Long value) {
        return value == null ? "unlimited" : Long.toString(value);
    }

    static ObjectNode json(CliOutput output, Customer customer) {
        ObjectNode node = output.object()
                .put("customerId", customer.id())
                .put("name", customer.name())
                .put("email", customer.email())
                .put("status", customer.status().name());
        CliOutput.limits(node, customer.limits());
        CliOutput.putTime(node, "createdAt", customer.createdAt());
        return node;
    }
}
