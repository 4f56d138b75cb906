package com.bedrockmeter.model.customer;

/**
 * What a customer who signs up on their own gets: the operator's decision, never an unlimited token by default.
 *
 * @param limits           the limits the new customer starts with (an admin changes them later)
 * @param approvalRequired the customer starts {@link CustomerStatus#PENDING_APPROVAL}: they can sign in and read
 *                         the quickstart, and their key works once an admin approves them
 */
public record NewCustomerPolicy(Limits limits, boolean approvalRequired) {

    /** Small limits, no approval: what a deployment gets unless its operator says otherwise. */
    public static final NewCustomerPolicy SAFE_DEFAULT = new NewCustomerPolicy(new Limits(100L, 10L, 1_000_000L),
            false);

    public NewCustomerPolicy {
        limits = limits == null ? Limits.UNLIMITED : limits;
    }
}
