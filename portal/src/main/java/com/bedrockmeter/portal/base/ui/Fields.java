package com.bedrockmeter.portal.base.ui;

import com.vaadin.flow.component.HasValidation;

/** Field validation as every form shows it: the message under the field, the field marked invalid. */
public final class Fields {

    private Fields() {
    }

    public static void invalid(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }
}
