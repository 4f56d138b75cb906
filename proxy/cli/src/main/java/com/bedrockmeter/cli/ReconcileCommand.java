package com.bedrockmeter.cli;

import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.usage.Reconciliation;
import com.bedrockmeter.model.usage.Reconciliation.Drift;
import com.bedrockmeter.model.usage.Reconciliation.Report;
import com.bedrockmeter.model.usage.UsageEventFiles;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** reconcile: the usage counters against the usage events (see {@link Reconciliation}), and their repair. */
final class ReconcileCommand {

    static final String DEFAULT_EVENTS = "data/usage";

    private ReconcileCommand() {
    }

    static CliAction reconcile(CliArguments arguments) {
        LocalDate start = CliValues.date("start-date", arguments.flag("start-date"));
        LocalDate end = CliValues.date("end-date", arguments.flag("end-date"));
        CliValues.dateRange(start, end);
        String customerId = arguments.has("customer-id") ? CliValues.customerId(arguments.flag("customer-id")) : null;
        boolean repair = arguments.has("repair") && CliValues.bool("repair", arguments.flag("repair"));
        Path events = Path.of(arguments.has("events") ? arguments.flag("events") : DEFAULT_EVENTS);
        if (!Files.isDirectory(events)) {
            throw new InvalidInputException("events_not_found", "No usage events directory at " + events.toAbsolutePath()
                    + " (--events DIR: the dt=YYYY-MM-DD partitions the proxy or the S3 bucket holds)");
        }
        return (store, output) -> {
            List<String> customers = customerId != null ? List.of(store.customers().require(customerId).id())
                    : store.customers().list().stream().map(Customer::id).toList();
            UsageEventFiles files = new UsageEventFiles(events);
            Report report = repair ? store.reconciliation().repair(store.actor(), customers, start, end, files)
                    : store.reconciliation().check(customers, start, end, files);
            if (output.json()) {
                output.print(json(output, start, end, report));
            } else {
                human(output, start, end, report);
            }
        };
    }

    private static ObjectNode json(CliOutput output, LocalDate start, LocalDate end, Report report) {
        ObjectNode result = output.object().put("startDate", start.toString()).put("endDate", end.toString())
                .put("eventsRead", report.eventsRead()).put("skippedLines", report.skippedLines())
                .put("staleCalls", report.staleCalls()).put("repaired", report.repaired())
                .put("totalDrift", report.drifts().stream().mapToLong(d -> Math.abs(d.drift())).sum());
        ArrayNode drifts = result.putArray("drifts");
        for (Drift drift : report.drifts()) {
            drifts.addObject().put("customerId", drift.customerId()).put("period", drift.period())
                    .put("counter", drift.counter()).put("counted", drift.counted())
                    .put("expected", drift.expected()).put("drift", drift.drift())
                    .put("repair", drift.repair().name().toLowerCase());
        }
        return result;
    }

    private static void human(CliOutput output, LocalDate start, LocalDate end, Report report) {
        output.line("Counters against " + report.eventsRead() + " usage events, " + start + " to " + end
                + (report.skippedLines() > 0 ? " (" + report.skippedLines() + " lines that are not events skipped)"
                : "") + ":");
        if (report.drifts().isEmpty() && report.staleCalls() == 0) {
            output.line("No drift: every counter matches its events.");
            return;
        }
        List<List<String>> rows = report.drifts().stream().map(d -> List.of(d.customerId(), d.period(), d.counter(),
                Long.toString(d.counted()), Long.toString(d.expected()), String.format("%+d", d.drift()),
                d.repair().name().toLowerCase().replace('_', ' '))).toList();
        output.table(List.of("CUSTOMER", "PERIOD", "COUNTER", "COUNTED", "EVENTS", "DRIFT", "REPAIR"), rows,
                Set.of(3, 4, 5));
        if (report.staleCalls() > 0) {
            output.line(report.staleCalls() + " calls admitted over 30 minutes ago were never settled.");
        }
        output.line(!report.repaired() ? "Nothing changed; run again with --repair to correct these counters."
                : report.drifts().stream().allMatch(d -> d.repair() == Reconciliation.Repair.REPAIRED)
                ? "Repaired: the counters now match the events."
                : "Some counters were not repaired (see REPAIR): periods that ended under 30 minutes ago, events"
                        + " written before they said their outcome, or counters that changed meanwhile.");
    }
}
