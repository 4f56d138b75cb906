package com.bedrockmeter.proxy.auth;

import com.bedrockmeter.proxy.customer.ApiKey;
import com.bedrockmeter.proxy.customer.Customer;

/** Who is calling: taken from the token only, never from anything else the client sends. */
public record Caller(Customer customer, ApiKey key) {

    public String customerId() {
        return customer.id();
    }

    public String keyId() {
        return key.keyId();
    }
}
