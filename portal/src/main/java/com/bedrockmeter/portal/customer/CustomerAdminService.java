package com.bedrockmeter.portal.customer;

import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.proxy.customer.Customer;
import com.bedrockmeter.proxy.customer.CustomerService;
import com.bedrockmeter.proxy.customer.Limits;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What admins do with customers in the portal; admins only. */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class CustomerAdminService {

    private final CustomerService customers;

    CustomerAdminService(CustomerService customers) {
        this.customers = customers;
    }

    /** Customers whose name, e-mail or id contains {@code filter} (any case); all when it is blank. */
    public List<Customer> search(String filter) {
        String needle = filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
        return customers.list().stream()
                .filter(c -> needle.isEmpty() || c.name().toLowerCase(Locale.ROOT).contains(needle)
                        || c.email().toLowerCase(Locale.ROOT).contains(needle) || c.id().contains(needle))
                .toList();
    }

    public CustomerService.CreatedCustomer create(String name, String email, Optional<String> token) {
        return customers.create(name, email, token);
    }

    public Customer suspend(String customerId) {
        return customers.suspend(customerId);
    }

    public Customer reactivate(String customerId) {
        return customers.reactivate(customerId);
    }

    public Customer updateLimits(String customerId, Limits limits) {
        return customers.updateLimits(customerId, limits);
    }
}
