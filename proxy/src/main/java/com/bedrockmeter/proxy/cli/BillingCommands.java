package com.bedrockmeter.proxy.cli;

import com.bedrockmeter.proxy.billing.BillingRun;
import com.bedrockmeter.proxy.billing.BillingService;
import com.bedrockmeter.proxy.billing.Invoice;
import com.bedrockmeter.proxy.billing.InvoiceLine;
import com.bedrockmeter.proxy.billing.MissingPriceException;
import com.bedrockmeter.proxy.billing.Money;
import com.bedrockmeter.proxy.billing.PayPerRequest;
import com.bedrockmeter.proxy.billing.PlanText;
import com.bedrockmeter.proxy.billing.Plan;
import com.bedrockmeter.proxy.billing.PlanAssignment;
import com.bedrockmeter.proxy.billing.PricingModel;
import com.bedrockmeter.proxy.billing.SubscriptionOverage;
import com.bedrockmeter.proxy.billing.Tier;
import com.bedrockmeter.proxy.billing.TierMode;
import com.bedrockmeter.proxy.billing.Tiered;
import com.bedrockmeter.proxy.billing.TokenPrice;
import com.bedrockmeter.proxy.customer.Customer;
import com.bedrockmeter.proxy.customer.InvalidInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * plan-create, token-price, plan-assign, invoice, billing-run, invoice-finalize: the guide's billing flow over
 * {@link BillingService}, so the CLI's figures are the portal's to the cent. Money is USD, exact; the invoice total
 * is the one rounding (half-up, to cents). Giving plan-create two pricings or none, or mixing token-price's two
 * forms, is a usage error (exit 2); a bad value is refused with exit 1; both before anything is written.
 */
final class BillingCommands {

    private static final List<String> PAY_PER_REQUEST = List.of("price-per-call");
    private static final List<String> TIERED = List.of("tiers", "tier-mode");
    private static final List<String> SUBSCRIPTION = List.of("monthly-fee", "included", "included-unit",
            "overage-price");
    private static final List<String> DIRECT_PRICES = List.of("input-per-million", "output-per-million");
    private static final List<String> BEDROCK_COST = List.of("bedrock-input-per-million",
            "bedrock-output-per-million", "markup-percent");

    private BillingCommands() {
    }

    // ---- plan-create ----

    static CliAction planCreate(CliArguments arguments) {
        String id = CliValues.planId("id", arguments.flag("id"));
        String name = CliValues.text("name", arguments.flag("name"), "invalid_plan_name");
        List<List<String>> given = new ArrayList<>();
        for (List<String> pricing : List.of(PAY_PER_REQUEST, TIERED, SUBSCRIPTION)) {
            if (pricing.stream().anyMatch(arguments::has)) {
                given.add(pricing);
            }
        }
        if (given.size() != 1) {
            throw new CliUsageException("'plan-create' needs exactly one pricing: --price-per-call, --tiers, or "
                    + "--monthly-fee with --included, --included-unit and --overage-price"
                    + (given.isEmpty() ? "" : "; got flags of " + given.size()));
        }
        List<String> pricing = given.get(0);
        if (pricing == TIERED && !arguments.has("tiers")) {
            throw new CliUsageException("--tier-mode needs --tiers");
        }
        if (pricing == SUBSCRIPTION) {
            for (String flag : SUBSCRIPTION) {
                if (!arguments.has(flag)) {
                    throw new CliUsageException("a subscription plan needs --" + String.join(", --", SUBSCRIPTION)
                            + "; --" + flag + " is missing");
                }
            }
        }
        boolean chargeTokens = arguments.has("charge-tokens")
                && CliValues.bool("charge-tokens", arguments.flag("charge-tokens"));
        PricingModel model;
        if (pricing == PAY_PER_REQUEST) {
            model = new PayPerRequest(Money.usd(CliValues.price("price-per-call", arguments.flag("price-per-call"))));
        } else if (pricing == TIERED) {
            model = PlanText.tiers(arguments.flag("tiers"), arguments.has("tier-mode")
                    ? tierMode(arguments.flag("tier-mode")) : TierMode.GRADUATED);
        } else {
            BigDecimal fee = CliValues.price("monthly-fee", arguments.flag("monthly-fee"));
            long included = CliValues.count("included", arguments.flag("included"));
            SubscriptionOverage.Unit unit = unit(arguments.flag("included-unit"));
            BigDecimal overage = CliValues.price("overage-price", arguments.flag("overage-price"));
            model = new SubscriptionOverage(Money.usd(fee), included, unit, Money.usd(overage));
        }
        Plan plan = new Plan(id, name, model, chargeTokens);
        return (store, output) -> {
            Optional<Plan> before = store.billing().plans().stream().filter(p -> p.id().equals(id)).findFirst();
            Plan saved = store.billing().savePlan(plan);
            store.audit("plan.save", null, before.map(PlanText::plan).orElse(null), PlanText.plan(saved));
            if (output.json()) {
                output.print(planJson(output, saved).put("replaced", before.isPresent()));
                return;
            }
            output.line((before.isPresent() ? "Plan replaced: " : "Plan created: ") + saved.id() + " ("
                    + saved.name() + ")");
            output.line("  Pricing: " + PlanText.pricing(saved.callPricing()));
            output.line("  Tokens:  " + (saved.chargeTokens() ? "charged at the token prices" : "not charged"));
        };
    }


    private static TierMode tierMode(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "graduated" -> TierMode.GRADUATED;
            case "volume" -> TierMode.VOLUME;
            default -> throw new InvalidInputException("invalid_tier_mode",
                    "--tier-mode must be graduated or volume, got '" + value + "'");
        };
    }

    private static SubscriptionOverage.Unit unit(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "calls" -> SubscriptionOverage.Unit.CALLS;
            case "tokens" -> SubscriptionOverage.Unit.TOKENS;
            default -> throw new InvalidInputException("invalid_included_unit",
                    "--included-unit must be calls or tokens, got '" + value + "'");
        };
    }

    // ---- token-price ----

    static CliAction tokenPrice(CliArguments arguments) {
        String modelId = CliValues.text("model-id", arguments.flag("model-id"), "invalid_model_id");
        LocalDate from = CliValues.date("from", arguments.flag("from"));
        boolean direct = DIRECT_PRICES.stream().anyMatch(arguments::has);
        boolean cost = BEDROCK_COST.stream().anyMatch(arguments::has);
        if (direct == cost) {
            throw new CliUsageException("'token-price' needs either --input-per-million and --output-per-million, "
                    + "or --bedrock-input-per-million, --bedrock-output-per-million and --markup-percent"
                    + (direct ? ", not both" : ""));
        }
        for (String flag : direct ? DIRECT_PRICES : BEDROCK_COST) {
            if (!arguments.has(flag)) {
                throw new CliUsageException("'token-price' needs --" + flag + " here");
            }
        }
        TokenPrice price;
        if (direct) {
            price = new TokenPrice(modelId, from,
                    Money.usd(CliValues.price("input-per-million", arguments.flag("input-per-million"))),
                    Money.usd(CliValues.price("output-per-million", arguments.flag("output-per-million"))));
        } else {
            Money input = Money.usd(CliValues.price("bedrock-input-per-million",
                    arguments.flag("bedrock-input-per-million")));
            Money output = Money.usd(CliValues.price("bedrock-output-per-million",
                    arguments.flag("bedrock-output-per-million")));
            BigDecimal markup = CliValues.decimal("markup-percent", arguments.flag("markup-percent"),
                    "invalid_markup");
            if (markup.compareTo(BigDecimal.valueOf(-100)) < 0) {
                throw new InvalidInputException("invalid_markup",
                        "--markup-percent must be at least -100, got '" + arguments.flag("markup-percent") + "'");
            }
            price = TokenPrice.fromBedrockCost(modelId, from, input, output, markup);
        }
        return (store, output) -> {
            Optional<TokenPrice> before = store.billing().priceBook().prices().stream()
                    .filter(p -> p.modelId().equals(modelId) && p.effectiveFrom().equals(from)).findFirst();
            TokenPrice saved = store.billing().setTokenPrice(price);
            store.audit("token-price.set", null, before.map(PlanText::price).orElse(null),
                    PlanText.price(saved));
            if (output.json()) {
                output.print(output.object()
                        .put("modelId", saved.modelId())
                        .put("effectiveFrom", saved.effectiveFrom().toString())
                        .put("currency", saved.inputPerMillion().currency().getCurrencyCode())
                        .put("inputPerMillion", amount(saved.inputPerMillion()))
                        .put("outputPerMillion", amount(saved.outputPerMillion()))
                        .put("replaced", before.isPresent()));
                return;
            }
            output.line("Token price " + (before.isPresent() ? "replaced" : "set") + " for " + saved.modelId()
                    + " from " + saved.effectiveFrom());
            output.line("  Input:  " + saved.inputPerMillion() + " per 1M tokens");
            output.line("  Output: " + saved.outputPerMillion() + " per 1M tokens");
        };
    }

    // ---- plan-assign ----

    static CliAction planAssign(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        String planId = CliValues.planId("plan-id", arguments.flag("plan-id"));
        LocalDate from = CliValues.date("from", arguments.flag("from"));
        return (store, output) -> {
            Optional<PlanAssignment> before = store.billing().assignments(customerId).stream()
                    .filter(a -> a.from().equals(from)).findFirst();
            PlanAssignment assignment = store.billing().assignPlan(customerId, planId, from);
            store.audit("plan.assign", customerId, before.map(a -> a.planId() + " from " + a.from()).orElse(null),
                    assignment.planId() + " from " + assignment.from());
            if (output.json()) {
                output.print(output.object()
                        .put("customerId", customerId)
                        .put("planId", assignment.planId())
                        .put("from", assignment.from().toString()));
                return;
            }
            output.line("Customer " + customerId + " is on plan " + assignment.planId() + " from "
                    + assignment.from());
        };
    }

    // ---- invoice ----

    static CliAction invoice(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        LocalDate start = CliValues.date("start-date", arguments.flag("start-date"));
        LocalDate end = CliValues.date("end-date", arguments.flag("end-date"));
        CliValues.dateRange(start, end);
        return (store, output) -> {
            BillingService billing = store.billing();
            Customer customer = store.customers().require(customerId);
            Optional<Invoice> before = billing.invoice(customerId, start, end);
            if (before.isPresent() && before.get().finalized()) {
                printInvoice(output, customer, before.get());
                return;
            }
            List<PlanAssignment> assignments = billing.assignments(customerId);
            if (assignments.isEmpty()) {
                throw new InvalidInputException("no_plan", "Customer " + customerId
                        + " has no plan; assign one with plan-assign. Nothing was written.");
            }
            if (!customer.active()) {
                if (before.isPresent()) {
                    output.warn("customer " + customerId + " is " + customer.status()
                            + "; billing runs skip it, so its stored draft is shown unchanged");
                    printInvoice(output, customer, before.get());
                    return;
                }
                throw new InvalidInputException("customer_not_active", "Customer " + customerId + " is "
                        + customer.status() + "; only active customers are billed. Nothing was written.");
            }
            Invoice stored = missingPrice(() -> billing.billCustomer(customerId, start, end));
            if (before.isEmpty() || !before.get().equals(stored)) {
                store.audit("invoice.compute", customerId, before.map(PlanText::invoice).orElse(null),
                        PlanText.invoice(stored));
            }
            printInvoice(output, customer, stored);
        };
    }

    // ---- billing-run ----

    static CliAction billingRun(CliArguments arguments) {
        LocalDate start = CliValues.date("start-date", arguments.flag("start-date"));
        LocalDate end = CliValues.date("end-date", arguments.flag("end-date"));
        CliValues.dateRange(start, end);
        return (store, output) -> {
            BillingService billing = store.billing();
            BillingRun run = missingPrice(() -> billing.runBilling(start, end));
            String suffix = "/" + start + "/" + end;
            List<Invoice> invoices = new ArrayList<>();
            for (String id : run.invoiceIds()) {
                String customerId = id.endsWith(suffix) ? id.substring(0, id.length() - suffix.length()) : id;
                billing.invoice(customerId, start, end).ifPresent(invoices::add);
            }
            Money sum = Money.zero(Money.USD);
            for (Invoice invoice : invoices) {
                sum = sum.plus(invoice.total());
            }
            store.audit("billing.run", null, null, run.id() + ": " + invoices.size() + " invoices, total " + sum);
            if (output.json()) {
                ObjectNode result = output.object()
                        .put("runId", run.id())
                        .put("periodStart", start.toString())
                        .put("periodEnd", end.toString())
                        .put("status", run.status().name())
                        .put("customers", run.customers())
                        .put("invoiceCount", invoices.size())
                        .put("currency", Money.USD.getCurrencyCode())
                        .put("total", amount(sum));
                if (run.error() != null) {
                    result.put("error", run.error());
                }
                ArrayNode list = result.putArray("invoices");
                for (Invoice invoice : invoices) {
                    list.addObject()
                            .put("id", invoice.id())
                            .put("customerId", invoice.customerId())
                            .put("status", invoice.status().name())
                            .put("subtotal", amount(invoice.subtotal()))
                            .put("total", amount(invoice.total()));
                }
                output.print(result);
                requireDone(run);
                return;
            }
            output.line("Billing run " + start + " to " + end + ": " + invoices.size()
                    + (invoices.size() == 1 ? " invoice" : " invoices") + " (" + run.customers()
                    + " active customers with a plan)");
            if (!invoices.isEmpty()) {
                List<List<String>> rows = new ArrayList<>();
                for (Invoice invoice : invoices) {
                    rows.add(List.of(invoice.customerId(), invoice.status().name(), amount(invoice.total())));
                }
                rows.add(List.of("TOTAL", "", amount(sum)));
                output.table(List.of("CUSTOMER ID", "STATUS", "TOTAL (USD)"), rows, Set.of(2));
            }
            requireDone(run);
        };
    }

    /** A run that could not bill every customer ends the command with exit 1, after its results are shown. */
    private static void requireDone(BillingRun run) {
        if (run.status() == BillingRun.Status.FAILED) {
            throw new InvalidInputException("billing_run_incomplete", run.error()
                    + " Fix it (e.g. set the missing token price) and run the period again.");
        }
    }

    // ---- invoice-finalize ----

    static CliAction invoiceFinalize(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        LocalDate start = CliValues.date("start-date", arguments.flag("start-date"));
        LocalDate end = CliValues.date("end-date", arguments.flag("end-date"));
        CliValues.dateRange(start, end);
        return (store, output) -> {
            Customer customer = store.customers().require(customerId);
            Optional<Invoice> before = store.billing().invoice(customerId, start, end);
            Invoice finalized = store.billing().finalizeInvoice(customerId, start, end);
            if (before.isPresent() && !before.get().finalized()) {
                store.audit("invoice.finalize", customerId, PlanText.invoice(before.get()), PlanText.invoice(finalized));
            } else {
                output.warn("invoice " + finalized.id() + " was already finalized; nothing changed");
            }
            printInvoice(output, customer, finalized);
        };
    }

    // ---- output ----

    private static void printInvoice(CliOutput output, Customer customer, Invoice invoice) {
        if (output.json()) {
            output.print(invoiceJson(output, invoice));
            return;
        }
        String currency = invoice.currency().getCurrencyCode();
        output.line("Invoice " + invoice.id() + " (" + invoice.status() + ")");
        output.line("  Customer: " + customer.name() + " (" + customer.id() + ")");
        output.line("  Period:   " + invoice.periodStart() + " to " + invoice.periodEnd() + " (UTC days)");
        List<List<String>> rows = new ArrayList<>();
        for (InvoiceLine line : invoice.lines()) {
            rows.add(List.of(line.description(), line.quantity().toPlainString(), amount(line.unitPrice()),
                    amount(line.amount())));
        }
        if (rows.isEmpty()) {
            output.line("No charges in this period.");
        } else {
            output.table(List.of("DESCRIPTION", "QUANTITY", "UNIT PRICE (" + currency + ")",
                    "AMOUNT (" + currency + ")"), rows, Set.of(1, 2, 3));
        }
        output.line("Subtotal: " + invoice.subtotal());
        output.line("Total:    " + invoice.total());
        output.line("Status:   " + invoice.status()
                + (invoice.finalizedAt() == null ? "" : " (finalized " + CliOutput.time(invoice.finalizedAt()) + ")"));
    }

    static ObjectNode invoiceJson(CliOutput output, Invoice invoice) {
        ObjectNode node = output.object()
                .put("id", invoice.id())
                .put("customerId", invoice.customerId())
                .put("periodStart", invoice.periodStart().toString())
                .put("periodEnd", invoice.periodEnd().toString())
                .put("status", invoice.status().name())
                .put("currency", invoice.currency().getCurrencyCode());
        ArrayNode lines = node.putArray("lines");
        for (InvoiceLine line : invoice.lines()) {
            ObjectNode lineNode = lines.addObject()
                    .put("description", line.description())
                    .put("kind", line.kind().name());
            if (line.modelId() != null) {
                lineNode.put("modelId", line.modelId());
            }
            lineNode.put("quantity", line.quantity().toPlainString())
                    .put("unitPrice", amount(line.unitPrice()))
                    .put("amount", amount(line.amount()));
        }
        node.put("subtotal", amount(invoice.subtotal()))
                .put("total", amount(invoice.total()));
        CliOutput.putTime(node, "createdAt", invoice.createdAt());
        CliOutput.putTime(node, "finalizedAt", invoice.finalizedAt());
        return node;
    }

    private static ObjectNode planJson(CliOutput output, Plan plan) {
        ObjectNode node = output.object()
                .put("id", plan.id())
                .put("name", plan.name())
                .put("chargeTokens", plan.chargeTokens());
        ObjectNode pricing = node.putObject("pricing");
        PricingModel model = plan.callPricing();
        if (model instanceof PayPerRequest p) {
            pricing.put("type", "PAY_PER_REQUEST").put("pricePerCall", amount(p.pricePerCall()));
        } else if (model instanceof Tiered t) {
            pricing.put("type", "TIERED").put("mode", t.mode().name());
            ArrayNode tiers = pricing.putArray("tiers");
            for (Tier tier : t.tiers()) {
                ObjectNode tierNode = tiers.addObject();
                if (tier.isUnbounded()) {
                    tierNode.putNull("upTo");
                } else {
                    tierNode.put("upTo", tier.upTo());
                }
                tierNode.put("unitPrice", amount(tier.unitPrice()));
            }
        } else if (model instanceof SubscriptionOverage s) {
            pricing.put("type", "SUBSCRIPTION_OVERAGE")
                    .put("monthlyFee", amount(s.monthlyFee()))
                    .put("includedUnits", s.includedUnits())
                    .put("unit", s.unit().name())
                    .put("overagePricePerUnit", amount(s.overagePricePerUnit()));
        }
        pricing.put("currency", Money.USD.getCurrencyCode());
        return node;
    }

    /** Money as an exact decimal string, e.g. "2.468" or "2.47". */
    static String amount(Money money) {
        return money.amount().toPlainString();
    }

    /** Runs a billing computation, reporting a missing token price as a refusal (exit 1) naming the model. */
    private static <T> T missingPrice(Supplier<T> computation) {
        try {
            return computation.get();
        } catch (MissingPriceException e) {
            throw new InvalidInputException("missing_token_price", "No token price for model " + e.modelId()
                    + " in effect on " + e.date() + "; set one with token-price and run again.");
        }
    }
}
