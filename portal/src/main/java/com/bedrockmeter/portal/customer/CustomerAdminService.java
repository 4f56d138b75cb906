package com.bedrockmeter.portal.customer;

import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.config.ModelProperties;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.usage.UsagePortalService;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What admins do with customers in the portal; admins only. */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class CustomerAdminService {

    private final CustomerService customers;
    private final ModelProperties settings;
    private final CurrentUser currentUser;
    private final UsagePortalService usage;

    CustomerAdminService(CustomerService customers, ModelProperties settings, CurrentUser currentUser,
                         UsagePortalService usage) {
        this.usage = usage;
        this.customers = customers;
        this.settings = settings;
        this.currentUser = currentUser;
    }

    /** Customers whose name, e-mail or id contains {@code filter} (any case); all when it is blank. */
    public List<Customer> search(String filter) {
        String needle = filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
        return customers.list().stream()
                .filter(c -> needle.isEmpty() || c.name().toLowerCase(Locale.ROOT).contains(needle)
                        || c.email().toLowerCase(Locale.ROOT).contains(needle) || c.id().contains(needle))
                .toList();
    }

    /** Every customer's name by id, for screens that list ids (invoices, runs, analytics). */
    public Map<String, String> namesById() {
        return distinctNames(customers.list());
    }

    /**
     * Each customer's name, told apart where two customers share one (the guide's own examples create two
     * "Customer Name"s): those get the start of their id, so charts and lists do not merge them.
     */
    static Map<String, String> distinctNames(List<Customer> all) {
        Map<String, Long> uses = all.stream().collect(Collectors.groupingBy(Customer::name, Collectors.counting()));
        return all.stream().collect(Collectors.toMap(Customer::id, c -> uses.get(c.name()) > 1
                ? c.name() + " (" + c.id().substring(0, Math.min(8, c.id().length())) + ")" : c.name(), (a, b) -> a));
    }

    /** A customer in the admin grid: with today's calls and this month's tokens. */
    public record CustomerRow(Customer customer, long callsToday, long tokensThisMonth) {
    }

    /** As {@link #search(String)}, with each customer's usage (two reads per customer). */
    public List<CustomerRow> searchWithUsage(String filter) {
        return search(filter).stream().map(c -> new CustomerRow(c, usage.today(c.id()).requests(),
                usage.thisMonth(c.id()).totalTokens())).toList();
    }

    public CustomerService.CreatedCustomer create(String name, String email, Optional<String> token) {
        return customers.create(currentUser.actor(), name, email, token);
    }

    public Customer suspend(String customerId) {
        return customers.suspend(currentUser.actor(), customerId);
    }

    public Customer reactivate(String customerId) {
        return customers.reactivate(currentUser.actor(), customerId);
    }

    /** Lets a customer who signed up while approval is required call the proxy (their key starts working). */
    public Customer approve(String customerId) {
        return customers.approve(currentUser.actor(), customerId);
    }

    /** What a customer who signs up gets: the operator's setting, shown beside the customers. */
    public NewCustomerPolicy newCustomerPolicy() {
        return settings.newCustomers().policy();
    }

    public Optional<Customer> find(String customerId) {
        return customers.find(customerId);
    }

    /** Sets limits and allowed models together; every model must be one the proxy offers. */
    public Customer updateLimitsAndModels(String customerId, Limits limits, List<String> allowedModels) {
        return customers.updateLimitsAndModels(currentUser.actor(), customerId, limits, allowedModels,
                settings.requests().allowedModels());
    }
}
