package com.bedrockmeter.model.testsupport;

import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import java.util.Optional;
import java.util.UUID;

/** Personas: a fresh customer per test, so tests sharing one store never see each other's counters. */
public final class Customers {

    private Customers() {
    }

    public static CreatedCustomer acme(CustomerService customers) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return customers.create("test", "Acme " + unique, "billing+" + unique + "@acme.example", Optional.empty());
    }

    public static CreatedCustomer acmeWithLimits(CustomerService customers, Limits limits) {
        CreatedCustomer created = acme(customers);
        return new CreatedCustomer(customers.updateLimits("test", created.customer().id(), limits), created.token());
    }
}
