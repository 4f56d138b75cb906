package com.bedrockmeter.portal.base.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Short messages at the top of the page. */
public final class Notifications {

    private Notifications() {
    }

    public static void error(String message) {
        show(message, NotificationVariant.LUMO_ERROR);
    }

    public static void success(String message) {
        show(message, NotificationVariant.LUMO_SUCCESS);
    }

    private static void show(String message, NotificationVariant variant) {
        Notification.show(message, 5000, Notification.Position.TOP_CENTER).addThemeVariants(variant);
    }
}
