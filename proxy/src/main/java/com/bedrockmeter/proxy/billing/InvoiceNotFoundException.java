package com.bedrockmeter.proxy.billing;

import com.bedrockmeter.proxy.base.ApiException;
import org.springframework.http.HttpStatus;

/** No invoice exists for the customer and period asked for. */
public class InvoiceNotFoundException extends ApiException {
    public InvoiceNotFoundException(String invoiceId) {
        super(HttpStatus.NOT_FOUND, "invoice_not_found", "No invoice " + invoiceId + ".");
    }
}
