package com.bedrockmeter.portal.base.ui;

/**
 * A view about the signed-in person's own customer account (usage, keys, billing). An admin without a customer
 * account of their own has nothing to see there: {@link com.bedrockmeter.portal.shell.MainLayout} leaves these views out of the navigation and
 * sends such an admin to the customers list instead.
 */
public interface CustomerOnly {
}
