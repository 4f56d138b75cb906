package com.bedrockmeter.model.audit;

/**
 * The one vocabulary of audited actions: the CLI and the portal record the same code for the same use case, so the
 * audit log reads the same whichever way an admin worked. The code is what is stored and shown.
 */
public enum AuditAction {
    CUSTOMER_CREATE("customer.create"),
    CUSTOMER_ONBOARD("customer.onboard"),
    CUSTOMER_LIMITS("customer.limits"),
    CUSTOMER_SUSPEND("customer.suspend"),
    CUSTOMER_REACTIVATE("customer.reactivate"),
    CUSTOMER_APPROVE("customer.approve"),
    KEY_CREATE("key.create"),
    KEY_ROTATE("key.rotate"),
    KEY_REVOKE("key.revoke"),
    PLAN_SAVE("plan.save"),
    TOKEN_PRICE_SET("token-price.set"),
    PLAN_ASSIGN("plan.assign"),
    INVOICE_COMPUTE("invoice.compute"),
    INVOICE_FINALIZE("invoice.finalize"),
    BILLING_RUN("billing.run"),
    USAGE_RECONCILED("usage.reconciled");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
