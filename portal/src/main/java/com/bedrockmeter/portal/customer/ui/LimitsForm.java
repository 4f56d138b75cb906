package com.bedrockmeter.portal.customer.ui;

import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.Limits;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextArea;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/**
 * A customer's limits (empty = unlimited) and allowed models (empty = the proxy's default list). Every field is
 * checked before anything is saved; a bad value is shown on its field and nothing changes.
 */
public class LimitsForm extends FormLayout {

    final BigDecimalField daily = new BigDecimalField("Calls per day");
    final BigDecimalField perMinute = new BigDecimalField("Calls per minute");
    final BigDecimalField monthlyTokens = new BigDecimalField("Tokens per month");
    final TextArea models = new TextArea("Allowed models (one per line; empty = default list)");
    final Button save = new Button("Save limits");
    private final String customerId;
    private final CustomerAdminService customers;

    LimitsForm(Customer customer, CustomerAdminService customers) {
        this.customerId = customer.id();
        this.customers = customers;
        daily.setId("limit-daily");
        perMinute.setId("limit-rpm");
        monthlyTokens.setId("limit-monthly-tokens");
        models.setId("allowed-models");
        save.setId("save-limits");
        show(customer.limits());
        models.setValue(String.join("\n", customer.allowedModels()));
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        add(daily, perMinute, monthlyTokens, models, save);
    }

    void save() {
        List<BigDecimalField> fields = List.of(daily, perMinute, monthlyTokens);
        fields.forEach(f -> f.setInvalid(false));
        models.setInvalid(false);
        Long[] values = new Long[3];
        boolean valid = true;
        for (int i = 0; i < fields.size(); i++) {
            BigDecimalField field = fields.get(i);
            BigDecimal value = field.getValue();
            if (field.isInvalid() || (value != null && (value.signum() < 0 || value.stripTrailingZeros().scale() > 0
                    || value.compareTo(BigDecimal.valueOf(Limits.MAX)) > 0))) {
                field.setErrorMessage("A whole number from 0 to " + Limits.MAX + ", or empty for unlimited");
                field.setInvalid(true);
                valid = false;
            } else {
                values[i] = value == null ? null : value.longValueExact();
            }
        }
        List<String> modelIds = Arrays.stream(models.getValue().split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).distinct().toList();
        if (!valid) {
            return;
        }
        try {
            Customer saved = customers.updateLimitsAndModels(customerId, new Limits(values[0], values[1], values[2]),
                    modelIds);
            show(saved.limits());
            Notifications.success("Limits saved; the proxy applies them within seconds");
        } catch (ApiException e) {
            models.setErrorMessage(e.getMessage());
            models.setInvalid(true);
        }
    }

    private void show(Limits limits) {
        daily.setValue(limits.dailyRequests() == null ? null : BigDecimal.valueOf(limits.dailyRequests()));
        perMinute.setValue(limits.requestsPerMinute() == null ? null : BigDecimal.valueOf(limits.requestsPerMinute()));
        monthlyTokens.setValue(limits.monthlyTokens() == null ? null : BigDecimal.valueOf(limits.monthlyTokens()));
    }
}
