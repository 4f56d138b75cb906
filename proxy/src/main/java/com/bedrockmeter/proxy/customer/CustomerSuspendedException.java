package com.bedrockmeter.proxy.customer;

import com.bedrockmeter.proxy.base.ApiException;
import org.springframework.http.HttpStatus;

/** No new API key for a suspended customer: the code is the proxy's for a suspended customer's call. */
public class CustomerSuspendedException extends ApiException {

    public CustomerSuspendedException() {
        super(HttpStatus.FORBIDDEN, "customer_suspended",
                "This account is suspended: no new API keys can be made until it is reactivated.");
    }
}
