package com.bedrockmeter.portal.billing.ui;

import static com.bedrockmeter.portal.base.ui.Fields.invalid;

import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.TokenPrice;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Sets a model's token prices (USD per million tokens: input, output, and optionally cache read and cache write)
 * from a day on: usage before that day keeps the earlier price. Cache prices left empty follow Claude's ratios of
 * the input price (0.1 and 1.25). With a markup, the amounts are Bedrock's cost and the price is
 * cost × (1 + markup / 100).
 */
class TokenPriceForm extends FormLayout {

    final TextField model = new TextField("Model id");
    final DatePicker from = new DatePicker("Effective from (UTC day)");
    final BigDecimalField input = new BigDecimalField("Input, USD per 1M tokens");
    final BigDecimalField output = new BigDecimalField("Output, USD per 1M tokens");
    final BigDecimalField cacheRead = new BigDecimalField("Cache read, USD per 1M tokens (optional)");
    final BigDecimalField cacheWrite = new BigDecimalField("Cache write, USD per 1M tokens (optional)");
    final BigDecimalField markup = new BigDecimalField("Markup % on Bedrock's cost (optional)");
    final Button save = new Button("Set price");
    private final BillingAdminService billing;
    private final Runnable saved;

    TokenPriceForm(BillingAdminService billing, Clock clock, Runnable saved) {
        this.billing = billing;
        this.saved = saved;
        model.setId("price-model");
        model.setPlaceholder("anthropic.claude-3-haiku-20240307-v1:0");
        from.setId("price-from");
        // the first of this month: a new model's calls earlier this month are priced too
        from.setValue(YearMonth.now(clock.withZone(ZoneOffset.UTC)).atDay(1));
        input.setId("price-input");
        output.setId("price-output");
        cacheRead.setId("price-cache-read");
        cacheWrite.setId("price-cache-write");
        cacheRead.setHelperText("Empty: 0.1 × the input price (Claude's ratio on Bedrock).");
        cacheWrite.setHelperText("Empty: 1.25 × the input price.");
        markup.setId("price-markup");
        markup.setHelperText("Empty: the amounts above are the prices. Set: they are Bedrock's cost.");
        save.setId("set-price");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        add(model, from, input, output, cacheRead, cacheWrite, markup, save);
    }

    void save() {
        for (HasValidation field : List.<HasValidation>of(model, from, input, output, cacheRead, cacheWrite, markup)) {
            field.setInvalid(false);
        }
        boolean valid = true;
        if (model.getValue().isBlank()) {
            invalid(model, "The Bedrock model id the price is for");
            valid = false;
        }
        if (from.getValue() == null) {
            invalid(from, "The first day the price applies to");
            valid = false;
        }
        for (BigDecimalField amount : List.of(input, output)) {
            if (amount.isInvalid() || amount.getValue() == null || amount.getValue().signum() < 0) {
                invalid(amount, "An amount of 0 or more, like 3.00");
                valid = false;
            }
        }
        for (BigDecimalField amount : List.of(cacheRead, cacheWrite)) {
            if (amount.isInvalid() || (amount.getValue() != null && amount.getValue().signum() < 0)) {
                invalid(amount, "An amount of 0 or more, or empty");
                valid = false;
            }
        }
        if ((cacheRead.getValue() == null) != (cacheWrite.getValue() == null)) {
            invalid(cacheWrite.getValue() == null ? cacheWrite : cacheRead,
                    "Set both cache prices, or neither");
            valid = false;
        }
        BigDecimal percent = markup.getValue();
        if (markup.isInvalid() || (percent != null && percent.compareTo(BigDecimal.valueOf(-100)) < 0)) {
            invalid(markup, "A percentage of -100 or more, or empty");
            valid = false;
        }
        if (!valid) {
            return;
        }
        String modelId = model.getValue().strip();
        TokenPrice price = price(modelId, percent);
        try {
            billing.setTokenPrice(price);
            Notifications.success("Price of " + modelId + " set from " + from.getValue());
            saved.run();
        } catch (ApiException e) {
            invalid(model, e.getMessage());
        }
    }

    private TokenPrice price(String modelId, BigDecimal percent) {
        Money in = Money.usd(input.getValue());
        Money out = Money.usd(output.getValue());
        if (cacheRead.getValue() == null) {
            return percent == null ? new TokenPrice(modelId, from.getValue(), in, out)
                    : TokenPrice.fromBedrockCost(modelId, from.getValue(), in, out, percent);
        }
        Money read = Money.usd(cacheRead.getValue());
        Money write = Money.usd(cacheWrite.getValue());
        return percent == null ? new TokenPrice(modelId, from.getValue(), in, out, read, write)
                : TokenPrice.fromBedrockCost(modelId, from.getValue(), in, out, read, write, percent);
    }
}
