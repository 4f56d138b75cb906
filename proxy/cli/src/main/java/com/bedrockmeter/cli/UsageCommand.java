package com.bedrockmeter.cli;

import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** usage: a customer's daily counters per model between two UTC dates (both included), and their totals. */
final class UsageCommand {

    private UsageCommand() {
    }

    static CliAction usage(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        LocalDate start = CliValues.date("start-date", arguments.flag("start-date"));
        LocalDate end = CliValues.date("end-date", arguments.flag("end-date"));
        CliValues.dateRange(start, end);
        return (store, output) -> {
            Customer customer = store.customers().require(customerId);
            List<DailyUsage> days = store.usage().days(customerId, start, end);
            UsageTotals totals = days.stream().map(DailyUsage::totals).reduce(UsageTotals.ZERO, UsageTotals::plus);
            if (output.json()) {
                output.print(json(output, customerId, start, end, days, totals));
            } else {
                human(output, customer, start, end, days, totals);
            }
        };
    }

    private static ObjectNode json(CliOutput output, String customerId, LocalDate start, LocalDate end,
                                   List<DailyUsage> days, UsageTotals totals) {
        ObjectNode result = output.object()
                .put("customerId", customerId)
                .put("startDate", start.toString())
                .put("endDate", end.toString());
        ArrayNode dayNodes = result.putArray("days");
        for (DailyUsage day : days) {
            ObjectNode dayNode = dayNodes.addObject().put("date", day.date().toString());
            counters(dayNode, day.totals());
            ObjectNode models = dayNode.putObject("models");
            new TreeMap<>(day.byModel()).forEach((model, counts) -> counters(models.putObject(model), counts));
        }
        counters(result.putObject("totals"), totals);
        return result;
    }

    private static void counters(ObjectNode node, UsageTotals totals) {
        node.put("requests", totals.requests())
                .put("inputTokens", totals.inputTokens())
                .put("outputTokens", totals.outputTokens())
                .put("cacheReadTokens", totals.cacheReadTokens())
                .put("cacheWriteTokens", totals.cacheWriteTokens())
                .put("errors", totals.errors());
    }

    private static void human(CliOutput output, Customer customer, LocalDate start, LocalDate end,
                              List<DailyUsage> days, UsageTotals totals) {
        output.line("Usage of " + customer.name() + " (" + customer.id() + ") from " + start + " to " + end
                + " (UTC days)");
        if (days.isEmpty()) {
            output.line("No usage in this period.");
        }
        List<List<String>> rows = new ArrayList<>();
        for (DailyUsage day : days) {
            rows.add(row(day.date().toString(), day.totals()));
            for (Map.Entry<String, UsageTotals> model : new TreeMap<>(day.byModel()).entrySet()) {
                rows.add(row("  " + model.getKey(), model.getValue()));
            }
        }
        rows.add(row("TOTAL", totals));
        output.table(List.of("DATE / MODEL", "REQUESTS", "INPUT TOKENS", "OUTPUT TOKENS", "CACHE READ",
                "CACHE WRITE", "ERRORS"), rows, Set.of(1, 2, 3, 4, 5, 6));
        output.line("REQUESTS: calls Bedrock answered; ERRORS: calls Bedrock failed. Calls refused before Bedrock"
                + " (limits, bad requests) are in neither: the usage events and the analytics count them.");
        output.line("INPUT TOKENS exclude prompt-cache tokens (CACHE READ, CACHE WRITE), as Bedrock counts them.");
    }

    private static List<String> row(String label, UsageTotals totals) {
        return List.of(label, Long.toString(totals.requests()), Long.toString(totals.inputTokens()),
                Long.toString(totals.outputTokens()), Long.toString(totals.cacheReadTokens()),
                Long.toString(totals.cacheWriteTokens()), Long.toString(totals.errors()));
    }
}
