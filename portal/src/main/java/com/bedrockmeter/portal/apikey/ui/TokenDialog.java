package com.bedrockmeter.portal.apikey.ui;

import com.bedrockmeter.model.customer.NewToken;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;

/**
 * Shows a new token exactly once, with a copy button and a warning. The token lives only in this dialog's field:
 * closing the dialog clears it, and it never goes into a URL, a log or a stored item.
 */
public class TokenDialog extends Dialog {

    final TextField token = new TextField();

    public TokenDialog(String title, NewToken newToken) {
        setHeaderTitle(title);
        setCloseOnOutsideClick(false);
        token.setId("new-token");
        token.setReadOnly(true);
        token.setWidth("36em");
        token.setValue(newToken.token());
        Paragraph warning = new Paragraph("Copy this token now: it is shown only this once and cannot be retrieved "
                + "later. Key " + newToken.keyId() + " (" + newToken.prefix() + ").");
        warning.getStyle().set("color", "var(--lumo-error-text-color)");
        Button copy = new Button("Copy", e -> e.getSource().getElement().executeJs(
                "navigator.clipboard && navigator.clipboard.writeText($0)", token.getValue()));
        copy.setId("copy-token");
        Button done = new Button("I have stored it", e -> close());
        done.setId("token-stored");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(warning, token);
        getFooter().add(copy, done);
        addOpenedChangeListener(e -> {
            if (!e.isOpened()) {
                token.clear();
            }
        });
    }
}
