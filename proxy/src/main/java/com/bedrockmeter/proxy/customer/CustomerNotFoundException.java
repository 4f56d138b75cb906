package com.bedrockmeter.proxy.customer;

import com.bedrockmeter.proxy.base.ApiException;
import org.springframework.http.HttpStatus;

public class CustomerNotFoundException extends ApiException {
    public CustomerNotFoundException(String customerId) {
        super(HttpStatus.NOT_FOUND, "customer_not_found", "No customer with id " + customerId);
    }
}
