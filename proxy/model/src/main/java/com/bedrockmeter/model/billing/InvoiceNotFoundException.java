package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.base.ApiException;

/** No invoice exists for the customer and period asked for. */
public class InvoiceNotFoundException extends ApiException {
    public InvoiceNotFoundException(String invoiceId) {
        super(404, "invoice_not_found", "No invoice " + invoiceId + ".");
    }
}
