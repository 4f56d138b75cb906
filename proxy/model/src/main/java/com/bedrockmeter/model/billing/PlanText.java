package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.base.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Plans and prices as people read and type them, the same in the CLI, the portal and the audit log. Tiers are
 * written {@code UPTO:PRICE,...,*:PRICE}, e.g. {@code 10000:0.01,100000:0.008,*:0.005} (USD per call).
 */
public final class PlanText {

    private static final Pattern COUNT = Pattern.compile("[0-9]{1,18}");
    private static final Pattern PRICE = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,12})?");

    private PlanText() {
    }

    public static String pricing(PricingModel model) {
        if (model instanceof PayPerRequest p) {
            return "pay per request, " + p.pricePerCall() + " per call";
        }
        if (model instanceof Tiered t) {
            List<String> bands = new ArrayList<>();
            for (Tier tier : t.tiers()) {
                bands.add((tier.isUnbounded() ? "beyond" : "up to " + tier.upTo()) + " at " + tier.unitPrice());
            }
            return "tiered (" + t.mode().name().toLowerCase(Locale.ROOT) + "), calls " + String.join(", ", bands);
        }
        if (model instanceof SubscriptionOverage s) {
            return "subscription, " + s.monthlyFee() + " per period including " + s.includedUnits() + " "
                    + s.unit().name().toLowerCase(Locale.ROOT) + ", then " + s.overagePricePerUnit() + " each";
        }
        return model.toString();
    }

    public static String plan(Plan plan) {
        return plan.id() + " (" + plan.name() + "): " + pricing(plan.callPricing())
                + (plan.chargeTokens() ? "; tokens charged" : "");
    }

    public static String price(TokenPrice price) {
        return price.modelId() + " from " + price.effectiveFrom() + ": input " + price.inputPerMillion()
                + ", output " + price.outputPerMillion() + " per 1M";
    }

    public static String invoice(Invoice invoice) {
        return invoice.id() + " " + invoice.status() + " total " + invoice.total();
    }

    /** The tiers in the {@code UPTO:PRICE,...,*:PRICE} form that {@link #tiers(String, TierMode)} reads. */
    public static String tiers(Tiered tiered) {
        List<String> bands = new ArrayList<>();
        for (Tier tier : tiered.tiers()) {
            bands.add((tier.isUnbounded() ? "*" : Long.toString(tier.upTo())) + ":"
                    + tier.unitPrice().amount().toPlainString());
        }
        return String.join(",", bands);
    }

    /**
     * Reads tiers written {@code UPTO:PRICE,...,*:PRICE} (USD per call).
     *
     * @throws InvalidInputException {@code invalid_tiers}, naming what is wrong
     */
    public static Tiered tiers(String value, TierMode mode) {
        if (value == null || value.isBlank()) {
            throw invalid("Tiers are required, e.g. \"10000:0.01,100000:0.008,*:0.005\".");
        }
        List<Tier> tiers = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String[] bound = part.strip().split(":", -1);
            if (bound.length != 2) {
                throw invalid("Tiers are UPTO:PRICE,...,*:PRICE (e.g. \"10000:0.01,100000:0.008,*:0.005\"), got '"
                        + value + "'.");
            }
            String upTo = bound[0].strip();
            String price = bound[1].strip();
            if (!PRICE.matcher(price).matches()) {
                throw invalid("A tier's price is a non-negative decimal like 0.008, got '" + price + "'.");
            }
            Money unitPrice = Money.usd(new BigDecimal(price));
            if (upTo.equals("*")) {
                tiers.add(Tier.beyond(unitPrice));
            } else if (COUNT.matcher(upTo).matches() && Long.parseLong(upTo) >= 1) {
                tiers.add(Tier.upTo(Long.parseLong(upTo), unitPrice));
            } else {
                throw invalid("A tier's bound is a whole number of calls of at least 1, or *, got '" + upTo + "'.");
            }
        }
        try {
            return new Tiered(tiers, mode);
        } catch (IllegalArgumentException e) {
            throw invalid("Tiers: " + e.getMessage() + ".");
        }
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException("invalid_tiers", message);
    }
}
