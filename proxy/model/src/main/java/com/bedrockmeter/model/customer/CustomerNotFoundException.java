package com.bedrockmeter.model.customer;

import com.bedrockmeter.model.base.ApiException;

public class CustomerNotFoundException extends ApiException {
    public CustomerNotFoundException(String customerId) {
        super(404, "customer_not_found", "No customer with id " + customerId);
    }
}
