package com.bedrockmeter.portal.customer.ui;

import com.bedrockmeter.portal.apikey.ApiKeyPortalService;
import com.bedrockmeter.portal.apikey.ui.TokenDialog;
import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.customer.ApiKey;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A customer's keys as an admin sees them: rotate (24 h grace) or revoke on the customer's behalf. */
class CustomerKeys extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    final Grid<ApiKey> grid = new Grid<>();
    private final String customerId;
    private final ApiKeyPortalService keys;

    CustomerKeys(String customerId, ApiKeyPortalService keys, Clock clock) {
        this.customerId = customerId;
        this.keys = keys;
        setPadding(false);
        grid.setId("customer-keys");
        grid.setAllRowsVisible(true);
        grid.addColumn(ApiKey::name).setHeader("Name");
        grid.addColumn(ApiKey::prefix).setHeader("Token");
        grid.addColumn(k -> k.status(clock.instant()).name().toLowerCase()).setHeader("Status");
        grid.addColumn(k -> k.lastUsedAt() == null ? "never" : WHEN.format(k.lastUsedAt())).setHeader("Last used");
        grid.addComponentColumn(k -> {
            Button revoke = new Button("Revoke", e -> {
                keys.revoke(customerId, k.keyId());
                refresh();
            });
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            revoke.setEnabled(k.usable(clock.instant()));
            return revoke;
        });
        Button rotate = new Button("Rotate (old keys work 24 h more)", e -> {
            try {
                new TokenDialog("New token for the customer", keys.rotate(customerId, Duration.ofHours(24)).token())
                        .open();
            } catch (ApiException refused) {
                Notifications.error(refused.getMessage());
            }
            refresh();
        });
        rotate.setId("admin-rotate");
        add(rotate, grid);
        refresh();
    }

    void refresh() {
        grid.setItems(keys.keys(customerId));
    }
}
