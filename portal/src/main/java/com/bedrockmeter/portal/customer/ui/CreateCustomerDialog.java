package com.bedrockmeter.portal.customer.ui;

import com.bedrockmeter.portal.apikey.ui.TokenDialog;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.model.base.ApiException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import java.util.Optional;

/** Admins create a customer by hand, as the CLI's {@code create} does: optionally with a supplied strong token. */
class CreateCustomerDialog extends Dialog {

    final TextField name = new TextField("Customer / company name");
    final EmailField email = new EmailField("Billing e-mail");
    final PasswordField token = new PasswordField("Token (optional; else one is generated)");
    final Button create = new Button("Create customer");

    CreateCustomerDialog(CustomerAdminService customers, Runnable created) {
        setHeaderTitle("New customer");
        name.setId("new-customer-name");
        email.setId("new-customer-email");
        token.setId("new-customer-token");
        create.setId("new-customer-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> {
            name.setInvalid(false);
            email.setInvalid(false);
            token.setInvalid(false);
            try {
                var result = customers.create(name.getValue(), email.getValue(),
                        token.isEmpty() ? Optional.empty() : Optional.of(token.getValue()));
                token.clear();
                close();
                created.run();
                new TokenDialog("Token for " + result.customer().name(), result.token()).open();
            } catch (ApiException failure) {
                var field = switch (failure.code()) {
                    case "invalid_name" -> name;
                    case "invalid_email" -> email;
                    default -> token;
                };
                field.setErrorMessage(failure.getMessage());
                field.setInvalid(true);
            }
        });
        add(new FormLayout(name, email, token));
        getFooter().add(new Button("Cancel", e -> close()), create);
    }
}
