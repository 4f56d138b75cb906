package com.bedrockmeter.portal.apikey.ui;

import com.bedrockmeter.portal.PortalProperties;
import com.bedrockmeter.portal.apikey.ApiKeyPortalService;
import com.bedrockmeter.portal.base.ui.CustomerOnly;
import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.customer.ApiKey;
import com.bedrockmeter.model.customer.Customer;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The signed-in customer's API keys: list, create a named key, rotate with a chosen grace period (the new token
 * shown once), revoke with confirmation.
 */
@Route("keys")
@PageTitle("API keys | Bedrock Meter")
@PermitAll
public class ApiKeysView extends VerticalLayout implements CustomerOnly {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    final Grid<ApiKey> grid = new Grid<>();
    final TextField keyName = new TextField();
    final Button create = new Button("Create key");
    final Select<Duration> grace = new Select<>();
    final Button rotate = new Button("Rotate");
    private final ApiKeyPortalService keys;
    private final Clock clock;
    private final String customerId;

    public ApiKeysView(ApiKeyPortalService keys, CurrentUser currentUser, Clock clock, PortalProperties settings) {
        this.keys = keys;
        this.clock = clock;
        this.customerId = currentUser.customer().map(Customer::id).orElse(null);
        grid.setId("keys");
        grid.addColumn(ApiKey::name).setHeader("Name");
        grid.addColumn(ApiKey::prefix).setHeader("Token");
        grid.addColumn(k -> WHEN.format(k.createdAt())).setHeader("Created");
        grid.addColumn(k -> k.lastUsedAt() == null ? "never" : WHEN.format(k.lastUsedAt())).setHeader("Last used");
        grid.addColumn(k -> k.status(clock.instant()).name().toLowerCase()).setHeader("Status");
        grid.addColumn(k -> k.expiresAt() == null ? "" : WHEN.format(k.expiresAt())).setHeader("Works until");
        grid.addComponentColumn(this::revokeButton).setHeader("");
        keyName.setPlaceholder("Key name, e.g. production");
        keyName.setId("key-name");
        create.setId("create-key");
        create.addClickListener(e -> createKey());
        grace.setLabel("Old keys keep working for");
        grace.setItems(settings.gracePeriods());
        grace.setItemLabelGenerator(ApiKeysView::describe);
        grace.setValue(settings.gracePeriods().contains(Duration.ofHours(24)) ? Duration.ofHours(24)
                : settings.gracePeriods().get(0));
        grace.setId("grace-period");
        rotate.setId("rotate-keys");
        rotate.addClickListener(e -> rotateKeys());
        HorizontalLayout actions = new HorizontalLayout(keyName, create, grace, rotate);
        actions.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(new H2("API keys"), actions, grid);
        refresh();
    }

    void refresh() {
        if (customerId != null) {
            grid.setItems(keys.keys(customerId));
        }
    }

    void createKey() {
        try {
            TokenDialog dialog = new TokenDialog("New API key", keys.createKey(customerId, keyName.getValue()));
            keyName.clear();
            dialog.open();
            refresh();
        } catch (ApiException e) {
            keyName.setErrorMessage(e.getMessage());
            keyName.setInvalid(true);
        }
    }

    void rotateKeys() {
        try {
            var rotation = keys.rotate(customerId, grace.getValue());
            new TokenDialog("Rotated: your new API token", rotation.token()).open();
        } catch (ApiException e) {
            Notifications.error(e.getMessage());
        }
        refresh();
    }

    private Button revokeButton(ApiKey key) {
        Button revoke = new Button("Revoke", e -> confirmRevoke(key));
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        revoke.setEnabled(key.usable(Instant.now(clock)));
        return revoke;
    }

    void confirmRevoke(ApiKey key) {
        ConfirmDialog confirm = new ConfirmDialog("Revoke " + key.name() + "?",
                "Calls with this key (" + key.prefix() + ") will be refused within seconds. This cannot be undone.",
                "Revoke", e -> {
                    keys.revoke(customerId, key.keyId());
                    Notifications.success("Key " + key.prefix() + " revoked");
                    refresh();
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    static String describe(Duration grace) {
        if (grace.isZero()) {
            return "no time: revoke them now";
        }
        if (grace.toDays() > 0 && grace.toHoursPart() == 0) {
            return grace.toDays() + (grace.toDays() == 1 ? " day" : " days");
        }
        if (grace.toHours() > 0 && grace.toMinutesPart() == 0) {
            return grace.toHours() + (grace.toHours() == 1 ? " hour" : " hours");
        }
        return grace.toMinutes() > 0 ? grace.toMinutes() + " minutes" : grace.toSeconds() + " seconds";
    }
}
