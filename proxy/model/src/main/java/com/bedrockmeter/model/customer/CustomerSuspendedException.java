package com.bedrockmeter.model.customer;

import com.bedrockmeter.model.base.ApiException;

/** No new API key for a suspended customer: the code is the proxy's for a suspended customer's call. */
public class CustomerSuspendedException extends ApiException {

    public CustomerSuspendedException() {
        super(403, "customer_suspended",
                "This account is suspended: no new API keys can be made until it is reactivated.");
    }
}
