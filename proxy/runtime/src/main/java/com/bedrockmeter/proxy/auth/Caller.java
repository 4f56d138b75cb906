package com.bedrockmeter.proxy.auth;

import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.customer.ApiKey;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerStatus;
import org.springframework.http.HttpStatus;

/** Who is calling: taken from the token only, never from anything else the client sends. */
public record Caller(Customer customer, ApiKey key) {

    public String customerId() {
        return customer.id();
    }

    public String keyId() {
        return key.keyId();
    }

    /** @throws ApiException 403 {@code customer_suspended} when the customer is suspended */
    public void requireActive() {
        if (customer.status() == CustomerStatus.PENDING_APPROVAL) {
            throw new ApiException(HttpStatus.FORBIDDEN.value(), "customer_pending_approval",
                    "This account is waiting for your provider's approval; the key works once it is approved.");
        }
        if (!customer.active()) {
            throw new ApiException(HttpStatus.FORBIDDEN.value(), "customer_suspended",
                    "This account is suspended; contact your provider.");
        }
    }
}
