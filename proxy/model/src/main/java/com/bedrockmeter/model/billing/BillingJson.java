package com.bedrockmeter.model.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.UsageTotals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pricing models and invoice lines as JSON text for the billing table. Written by hand on Jackson's tree model:
 * the model's kind is an explicit {@code type} field (no polymorphic default typing), and every number is a
 * string of a {@link BigDecimal} ({@link #decimal}), so nothing ever passes through a {@code double}.
 */
final class BillingJson {

    static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";
    static final String TIERED = "TIERED";
    static final String SUBSCRIPTION_OVERAGE = "SUBSCRIPTION_OVERAGE";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BillingJson() {
    }

    static String pricing(PricingModel model) {
        ObjectNode node = JSON.createObjectNode();
        if (model instanceof PayPerRequest p) {
            node.put("type", PAY_PER_REQUEST).set("pricePerCall", money(p.pricePerCall()));
        } else if (model instanceof Tiered t) {
            node.put("type", TIERED).put("mode", t.mode().name());
            ArrayNode tiers = node.putArray("tiers");
            for (Tier tier : t.tiers()) {
                ObjectNode tierNode = tiers.addObject();
                if (!tier.isUnbounded()) {
                    tierNode.put("upTo", Long.toString(tier.upTo()));
                }
                tierNode.set("unitPrice", money(tier.unitPrice()));
            }
        } else if (model instanceof SubscriptionOverage s) {
            node.put("type", SUBSCRIPTION_OVERAGE).put("unit", s.unit().name())
                    .put("includedUnits", Long.toString(s.includedUnits()));
            node.set("monthlyFee", money(s.monthlyFee()));
            node.set("overagePricePerUnit", money(s.overagePricePerUnit()));
        } else {
            throw new IllegalArgumentException("unknown pricing model " + model);
        }
        return node.toString();
    }

    static PricingModel pricing(String json) {
        JsonNode node = read(json);
        String type = node.path("type").asText();
        return switch (type) {
            case PAY_PER_REQUEST -> new PayPerRequest(money(node.get("pricePerCall")));
            case TIERED -> {
                var tiers = new ArrayList<Tier>();
                for (JsonNode tier : node.get("tiers")) {
                    Long upTo = tier.hasNonNull("upTo") ? Long.valueOf(tier.get("upTo").asText()) : null;
                    tiers.add(new Tier(upTo, money(tier.get("unitPrice"))));
                }
                yield new Tiered(tiers, TierMode.valueOf(node.get("mode").asText()));
            }
            case SUBSCRIPTION_OVERAGE -> new SubscriptionOverage(money(node.get("monthlyFee")),
                    Long.parseLong(node.get("includedUnits").asText()),
                    SubscriptionOverage.Unit.valueOf(node.get("unit").asText()),
                    money(node.get("overagePricePerUnit")));
            default -> throw new IllegalArgumentException("unknown pricing model type '" + type + "'");
        };
    }

    static String lines(List<InvoiceLine> lines) {
        ArrayNode array = JSON.createArrayNode();
        for (InvoiceLine line : lines) {
            ObjectNode node = array.addObject();
            node.put("description", line.description()).put("kind", line.kind().name());
            if (line.modelId() != null) {
                node.put("modelId", line.modelId());
            }
            node.put("quantity", decimal(line.quantity()));
            node.set("unitPrice", money(line.unitPrice()));
            node.set("amount", money(line.amount()));
            if (line.adjusts() != null) {
                node.put("adjusts", line.adjusts());
            }
        }
        return array.toString();
    }

    static List<InvoiceLine> lines(String json) {
        var lines = new ArrayList<InvoiceLine>();
        for (JsonNode node : read(json)) {
            lines.add(new InvoiceLine(node.get("description").asText(), LineKind.valueOf(node.get("kind").asText()),
                    node.hasNonNull("modelId") ? node.get("modelId").asText() : null,
                    new BigDecimal(node.get("quantity").asText()), money(node.get("unitPrice")),
                    money(node.get("amount")), node.hasNonNull("adjusts") ? node.get("adjusts").asText() : null));
        }
        return lines;
    }

    static String usage(List<DailyUsage> days) {
        ArrayNode array = JSON.createArrayNode();
        for (DailyUsage day : days) {
            ObjectNode node = array.addObject().put("date", day.date().toString());
            node.set("totals", totals(day.totals()));
            ObjectNode models = node.putObject("byModel");
            new TreeMap<>(day.byModel()).forEach((model, totals) -> models.set(model, totals(totals)));
        }
        return array.toString();
    }

    static List<DailyUsage> usage(String json) {
        var days = new ArrayList<DailyUsage>();
        for (JsonNode node : read(json)) {
            Map<String, UsageTotals> byModel = new TreeMap<>();
            node.get("byModel").fields().forEachRemaining(e -> byModel.put(e.getKey(), totals(e.getValue())));
            days.add(new DailyUsage(LocalDate.parse(node.get("date").asText()), totals(node.get("totals")), byModel));
        }
        return days;
    }

    static String settled(Map<String, List<DailyUsage>> settled) {
        ObjectNode node = JSON.createObjectNode();
        new TreeMap<>(settled).forEach((id, days) -> node.set(id, read(usage(days))));
        return node.toString();
    }

    static Map<String, List<DailyUsage>> settled(String json) {
        Map<String, List<DailyUsage>> settled = new TreeMap<>();
        read(json).fields().forEachRemaining(e -> settled.put(e.getKey(), usage(e.getValue().toString())));
        return settled;
    }

    private static ObjectNode totals(UsageTotals totals) {
        return JSON.createObjectNode().put("requests", totals.requests()).put("inputTokens", totals.inputTokens())
                .put("outputTokens", totals.outputTokens()).put("errors", totals.errors())
                .put("cacheReadTokens", totals.cacheReadTokens()).put("cacheWriteTokens", totals.cacheWriteTokens());
    }

    private static UsageTotals totals(JsonNode node) {
        return new UsageTotals(node.get("requests").asLong(), node.get("inputTokens").asLong(),
                node.get("outputTokens").asLong(), node.get("errors").asLong(),
                node.path("cacheReadTokens").asLong(0), node.path("cacheWriteTokens").asLong(0));
    }

    /**
     * The exact text of a decimal: {@code new BigDecimal(decimal(x))} equals {@code x}, scale included. Plain
     * notation unless the scale is negative (which plain notation would lose).
     */
    static String decimal(BigDecimal value) {
        return value.scale() >= 0 ? value.toPlainString() : value.toString();
    }

    private static ObjectNode money(Money money) {
        return JSON.createObjectNode().put("amount", decimal(money.amount()))
                .put("currency", money.currency().getCurrencyCode());
    }

    private static Money money(JsonNode node) {
        return new Money(new BigDecimal(node.get("amount").asText()),
                Currency.getInstance(node.get("currency").asText()));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored billing JSON is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
