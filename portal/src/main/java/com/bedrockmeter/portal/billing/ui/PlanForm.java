package com.bedrockmeter.portal.billing.ui;

import static com.bedrockmeter.portal.base.ui.Fields.invalid;

import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.PayPerRequest;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.PlanText;
import com.bedrockmeter.model.billing.PricingModel;
import com.bedrockmeter.model.billing.SubscriptionOverage;
import com.bedrockmeter.model.billing.TierMode;
import com.bedrockmeter.model.billing.Tiered;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Creates or edits a plan: its id and name, one pricing model with its parameters, and whether tokens are charged
 * at the token prices. Nothing is saved unless every field of the chosen model is valid; a bad value is shown on its
 * field.
 */
class PlanForm extends FormLayout {

    enum Pricing {
        PAY_PER_REQUEST("Pay per request"),
        GRADUATED("Tiered, graduated"),
        VOLUME("Tiered, volume"),
        SUBSCRIPTION("Subscription + overage");

        final String label;

        Pricing(String label) {
            this.label = label;
        }
    }

    final TextField id = new TextField("Plan id");
    final TextField name = new TextField("Name");
    final Select<Pricing> pricing = new Select<>();
    final BigDecimalField pricePerCall = new BigDecimalField("Price per call (USD)");
    final TextField tiers = new TextField("Tiers (calls up to : USD per call, last *)");
    final BigDecimalField monthlyFee = new BigDecimalField("Monthly fee (USD)");
    final BigDecimalField included = new BigDecimalField("Included units per month");
    final Select<SubscriptionOverage.Unit> unit = new Select<>();
    final BigDecimalField overagePrice = new BigDecimalField("Price per unit beyond (USD)");
    final Checkbox chargeTokens = new Checkbox("Also charge input and output tokens at the token prices");
    final Button save = new Button("Save plan");
    private final BillingAdminService billing;
    private final Runnable saved;

    PlanForm(BillingAdminService billing, Runnable saved) {
        this.billing = billing;
        this.saved = saved;
        id.setId("plan-id");
        id.setHelperText("Letters, digits, '_', '.' or '-'; saving an existing id replaces that plan");
        name.setId("plan-name");
        pricing.setId("plan-pricing");
        pricing.setLabel("Pricing");
        pricing.setItems(Pricing.values());
        pricing.setItemLabelGenerator(p -> p.label);
        pricing.addValueChangeListener(e -> showFieldsOf(e.getValue()));
        tiers.setId("plan-tiers");
        tiers.setPlaceholder("10000:0.01,100000:0.008,*:0.005");
        unit.setLabel("Units");
        unit.setItems(SubscriptionOverage.Unit.values());
        unit.setItemLabelGenerator(u -> u.name().toLowerCase(Locale.ROOT));
        unit.setValue(SubscriptionOverage.Unit.CALLS);
        save.setId("save-plan");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        add(id, name, pricing, pricePerCall, tiers, monthlyFee, included, unit, overagePrice, chargeTokens, save);
        pricing.setValue(Pricing.PAY_PER_REQUEST);
    }

    /** Loads a plan to edit. */
    void edit(Plan plan) {
        clearErrors();
        id.setValue(plan.id());
        name.setValue(plan.name());
        chargeTokens.setValue(plan.chargeTokens());
        PricingModel model = plan.callPricing();
        if (model instanceof PayPerRequest p) {
            pricing.setValue(Pricing.PAY_PER_REQUEST);
            pricePerCall.setValue(p.pricePerCall().amount());
        } else if (model instanceof Tiered t) {
            pricing.setValue(t.mode() == TierMode.GRADUATED ? Pricing.GRADUATED : Pricing.VOLUME);
            tiers.setValue(PlanText.tiers(t));
        } else if (model instanceof SubscriptionOverage s) {
            pricing.setValue(Pricing.SUBSCRIPTION);
            monthlyFee.setValue(s.monthlyFee().amount());
            included.setValue(BigDecimal.valueOf(s.includedUnits()));
            unit.setValue(s.unit());
            overagePrice.setValue(s.overagePricePerUnit().amount());
        }
    }

    void save() {
        clearErrors();
        if (id.getValue().isBlank()) {
            invalid(id, "A plan needs an id");
        }
        if (name.getValue().isBlank()) {
            invalid(name, "A plan needs a name");
        }
        PricingModel model = model();
        if (model == null || id.isInvalid() || name.isInvalid()) {
            return;
        }
        try {
            billing.savePlan(new Plan(id.getValue().strip(), name.getValue().strip(), model, chargeTokens.getValue()));
            Notifications.success("Plan " + id.getValue().strip() + " saved; it prices every draft computed from now");
            saved.run();
        } catch (ApiException e) {
            invalid(e.code().contains("name") ? name : id, e.getMessage());
        }
    }

    /** The chosen model from its fields, or null after marking what is wrong. */
    private PricingModel model() {
        return switch (pricing.getValue()) {
            case PAY_PER_REQUEST -> {
                Money price = money(pricePerCall);
                yield price == null ? null : new PayPerRequest(price);
            }
            case GRADUATED, VOLUME -> {
                try {
                    yield PlanText.tiers(tiers.getValue(),
                            pricing.getValue() == Pricing.GRADUATED ? TierMode.GRADUATED : TierMode.VOLUME);
                } catch (ApiException e) {
                    invalid(tiers, e.getMessage());
                    yield null;
                }
            }
            case SUBSCRIPTION -> {
                Money fee = money(monthlyFee);
                Money overage = money(overagePrice);
                Long units = count(included);
                yield fee == null || overage == null || units == null ? null
                        : new SubscriptionOverage(fee, units, unit.getValue(), overage);
            }
        };
    }

    private static Money money(BigDecimalField field) {
        BigDecimal value = field.getValue();
        if (field.isInvalid() || value == null || value.signum() < 0) {
            invalid(field, "An amount of 0 or more, like 0.002");
            return null;
        }
        return Money.usd(value);
    }

    private static Long count(BigDecimalField field) {
        BigDecimal value = field.getValue();
        if (field.isInvalid() || value == null || value.signum() < 0 || value.stripTrailingZeros().scale() > 0
                || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            invalid(field, "A whole number of 0 or more");
            return null;
        }
        return value.longValueExact();
    }

    private void showFieldsOf(Pricing chosen) {
        pricePerCall.setVisible(chosen == Pricing.PAY_PER_REQUEST);
        tiers.setVisible(chosen == Pricing.GRADUATED || chosen == Pricing.VOLUME);
        for (var field : List.of(monthlyFee, included, overagePrice)) {
            field.setVisible(chosen == Pricing.SUBSCRIPTION);
        }
        unit.setVisible(chosen == Pricing.SUBSCRIPTION);
    }

    private void clearErrors() {
        for (HasValidation field : List.of(id, name, pricePerCall, tiers, monthlyFee, included,
                overagePrice)) {
            field.setInvalid(false);
        }
    }
}
