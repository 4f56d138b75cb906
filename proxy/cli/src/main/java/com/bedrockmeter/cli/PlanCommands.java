package com.bedrockmeter.cli;

import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.PayPerRequest;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.PlanAssignment;
import com.bedrockmeter.model.billing.PlanText;
import com.bedrockmeter.model.billing.PricingModel;
import com.bedrockmeter.model.billing.SubscriptionOverage;
import com.bedrockmeter.model.billing.Tier;
import com.bedrockmeter.model.billing.TierMode;
import com.bedrockmeter.model.billing.Tiered;
import com.bedrockmeter.model.billing.TokenPrice;
import com.bedrockmeter.model.base.InvalidInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * plan-create, token-price, plan-assign: plans and prices over {@link PlanCatalogue}, as the portal's Plans & prices
 * view writes them. Money is USD, exact. Giving plan-create two pricings or none, or mixing token-price's two forms,
 * is a usage error (exit 2); a bad value is refused with exit 1; both before anything is written.
 */
final class PlanCommands {

    private static final List<String> PAY_PER_REQUEST = List.of("price-per-call");
    private static final List<String> TIERED = List.of("tiers", "tier-mode");
    private static final List<String> SUBSCRIPTION = List.of("monthly-fee", "included", "included-unit",
            "overage-price");
    private static final List<String> DIRECT_PRICES = List.of("input-per-million", "output-per-million");
    private static final List<String> BEDROCK_COST = List.of("bedrock-input-per-million",
            "bedrock-output-per-million", "markup-percent");
    private static final List<String> DIRECT_CACHE = List.of("cache-read-per-million", "cache-write-per-million");
    private static final List<String> BEDROCK_CACHE = List.of("bedrock-cache-read-per-million",
            "bedrock-cache-write-per-million");

    private PlanCommands() {
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
            Optional<Plan> before = store.catalogue().plan(id);
            Plan saved = store.catalogue().savePlan(store.actor(), plan);
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
        boolean direct = DIRECT_PRICES.stream().anyMatch(arguments::has)
                || DIRECT_CACHE.stream().anyMatch(arguments::has);
        boolean cost = BEDROCK_COST.stream().anyMatch(arguments::has)
                || BEDROCK_CACHE.stream().anyMatch(arguments::has);
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
        List<String> cacheFlags = direct ? DIRECT_CACHE : BEDROCK_CACHE;
        if (arguments.has(cacheFlags.get(0)) != arguments.has(cacheFlags.get(1))) {
            throw new CliUsageException("'token-price' needs both --" + cacheFlags.get(0) + " and --"
                    + cacheFlags.get(1) + ", or neither (then Claude's ratios of the input price apply)");
        }
        boolean cachePrices = arguments.has(cacheFlags.get(0));
        TokenPrice price;
        if (direct) {
            Money input = Money.usd(CliValues.price("input-per-million", arguments.flag("input-per-million")));
            Money output = Money.usd(CliValues.price("output-per-million", arguments.flag("output-per-million")));
            price = cachePrices
                    ? new TokenPrice(modelId, from, input, output, price(arguments, "cache-read-per-million"),
                            price(arguments, "cache-write-per-million"))
                    : new TokenPrice(modelId, from, input, output);
        } else {
            Money input = price(arguments, "bedrock-input-per-million");
            Money output = price(arguments, "bedrock-output-per-million");
            BigDecimal markup = CliValues.decimal("markup-percent", arguments.flag("markup-percent"),
                    "invalid_markup");
            if (markup.compareTo(BigDecimal.valueOf(-100)) < 0) {
                throw new InvalidInputException("invalid_markup",
                        "--markup-percent must be at least -100, got '" + arguments.flag("markup-percent") + "'");
            }
            price = cachePrices
                    ? TokenPrice.fromBedrockCost(modelId, from, input, output,
                            price(arguments, "bedrock-cache-read-per-million"),
                            price(arguments, "bedrock-cache-write-per-million"), markup)
                    : TokenPrice.fromBedrockCost(modelId, from, input, output, markup);
        }
        return (store, output) -> {
            Optional<TokenPrice> before = store.catalogue().priceBook().prices().stream()
                    .filter(p -> p.modelId().equals(modelId) && p.effectiveFrom().equals(from)).findFirst();
            TokenPrice saved = store.catalogue().setTokenPrice(store.actor(), price);
            if (output.json()) {
                output.print(output.object()
                        .put("modelId", saved.modelId())
                        .put("effectiveFrom", saved.effectiveFrom().toString())
                        .put("currency", saved.inputPerMillion().currency().getCurrencyCode())
                        .put("inputPerMillion", InvoiceCommands.amount(saved.inputPerMillion()))
                        .put("outputPerMillion", InvoiceCommands.amount(saved.outputPerMillion()))
                        .put("cacheReadPerMillion", InvoiceCommands.amount(saved.cacheReadPerMillion()))
                        .put("cacheWritePerMillion", InvoiceCommands.amount(saved.cacheWritePerMillion()))
                        .put("replaced", before.isPresent()));
                return;
            }
            output.line("Token price " + (before.isPresent() ? "replaced" : "set") + " for " + saved.modelId()
                    + " from " + saved.effectiveFrom());
            output.line("  Input:  " + saved.inputPerMillion() + " per 1M tokens");
            output.line("  Output: " + saved.outputPerMillion() + " per 1M tokens");
            output.line("  Cache read:  " + saved.cacheReadPerMillion() + " per 1M tokens");
            output.line("  Cache write: " + saved.cacheWritePerMillion() + " per 1M tokens");
        };
    }

    private static Money price(CliArguments arguments, String flag) {
        return Money.usd(CliValues.price(flag, arguments.flag(flag)));
    }

    // ---- plan-assign ----

    static CliAction planAssign(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        String planId = CliValues.planId("plan-id", arguments.flag("plan-id"));
        LocalDate from = CliValues.date("from", arguments.flag("from"));
        return (store, output) -> {
            PlanAssignment assignment = store.catalogue().assignPlan(store.actor(), customerId, planId, from);
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


    private static ObjectNode planJson(CliOutput output, Plan plan) {
        ObjectNode node = output.object()
                .put("id", plan.id())
                .put("name", plan.name())
                .put("chargeTokens", plan.chargeTokens());
        ObjectNode pricing = node.putObject("pricing");
        PricingModel model = plan.callPricing();
        if (model instanceof PayPerRequest p) {
            pricing.put("type", "PAY_PER_REQUEST").put("pricePerCall", InvoiceCommands.amount(p.pricePerCall()));
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
                tierNode.put("unitPrice", InvoiceCommands.amount(tier.unitPrice()));
            }
        } else if (model instanceof SubscriptionOverage s) {
            pricing.put("type", "SUBSCRIPTION_OVERAGE")
                    .put("monthlyFee", InvoiceCommands.amount(s.monthlyFee()))
                    .put("includedUnits", s.includedUnits())
                    .put("unit", s.unit().name())
                    .put("overagePricePerUnit", InvoiceCommands.amount(s.overagePricePerUnit()));
        }
        pricing.put("currency", Money.USD.getCurrencyCode());
        return node;
    }

}
