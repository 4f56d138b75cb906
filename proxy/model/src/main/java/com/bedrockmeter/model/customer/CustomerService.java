package com.bedrockmeter.model.customer;

import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.audit.AuditAction;
import com.bedrockmeter.model.audit.AuditLog;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Customers: creation with their first token, limits, suspension, approval. Used by the CLI, the portal and the
 * proxy. Each change is recorded in the audit log here, once it is made, with the actor the caller names
 * ({@code cli:<os user>}, a portal user's e-mail), one action code ({@link AuditAction}) and one text format, so the
 * CLI and the portal audit a use case identically.
 * Every method validates its input completely before writing, so refused input leaves nothing behind; a failure
 * between the two writes of {@link #create} is compensated (DynamoDB transactions are not available locally).
 *
 * @throws InvalidInputException on bad input (code says which), {@link CustomerNotFoundException} on an unknown id,
 *         {@link com.bedrockmeter.model.base.StoreUnavailableException} when DynamoDB fails
 */
public class CustomerService {

    private static final Logger log = LoggerFactory.getLogger(CustomerService.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int MAX_NAME = 200;
    private static final int MAX_EMAIL = 254;

    private final DynamoCustomerRepository customers;
    private final ApiKeyService keys;
    private final Clock clock;
    private final AuditLog audit;

    public CustomerService(DynamoCustomerRepository customers, ApiKeyService keys, Clock clock, AuditLog audit) {
        this.customers = customers;
        this.keys = keys;
        this.clock = clock;
        this.audit = audit;
    }

    public record CreatedCustomer(Customer customer, NewToken token) {
    }

    /** Creates an active, unlimited customer and its first key; {@code suppliedToken} must be strong. */
    public CreatedCustomer create(String actor, String name, String email, Optional<String> suppliedToken) {
        CreatedCustomer created = create(name, email, suppliedToken, null);
        audit.record(actor, AuditAction.CUSTOMER_CREATE, created.customer().id(), null, describeNew(created));
        return created;
    }

    /**
     * A customer who signed up in the portal, bound to their OIDC subject, with the limits and status the
     * operator's {@link NewCustomerPolicy} gives.
     */
    CreatedCustomer create(String name, String email, String oidcSubject, NewCustomerPolicy policy) {
        return create(name, email, Optional.empty(), oidcSubject,
                policy.approvalRequired() ? CustomerStatus.PENDING_APPROVAL : CustomerStatus.ACTIVE, policy.limits());
    }

    private CreatedCustomer create(String name, String email, Optional<String> suppliedToken, String oidcSubject) {
        return create(name, email, suppliedToken, oidcSubject, CustomerStatus.ACTIVE, Limits.UNLIMITED);
    }

    private CreatedCustomer create(String name, String email, Optional<String> suppliedToken, String oidcSubject,
                                   CustomerStatus status, Limits limits) {
        String cleanName = requireName(name);
        String cleanEmail = requireEmail(email);
        String token = suppliedToken.map(Tokens::requireStrong).orElseGet(Tokens::generate);
        keys.requireUnused(token);

        Customer customer = new Customer(UUID.randomUUID().toString(), cleanName, cleanEmail, status, limits,
                List.of(), oidcSubject, clock.instant());
        if (!customers.insert(customer)) {
            throw new IllegalStateException("UUID collision for customer " + customer.id());
        }
        try {
            return new CreatedCustomer(customer, keys.issue(customer.id(), "default", token));
        } catch (RuntimeException e) {
            try {
                customers.delete(customer.id());
            } catch (RuntimeException cleanup) {
                log.error("Could not remove half-created customer {}; remove it by hand", customer.id(), cleanup);
            }
            throw e;
        }
    }

    public List<Customer> list() {
        return customers.findAll().stream()
                .sorted(Comparator.comparing(Customer::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    public Optional<Customer> find(String customerId) {
        return isUuid(customerId) ? customers.find(customerId) : Optional.empty();
    }

    public Customer require(String customerId) {
        return find(customerId).orElseThrow(() -> new CustomerNotFoundException(customerId));
    }

    /** Replaces the customer's limits (null fields = unlimited). */
    public Customer updateLimits(String actor, String customerId, Limits limits) {
        Customer before = require(customerId);
        Customer after = customers.updateLimits(customerId, limits);
        audit.record(actor, AuditAction.CUSTOMER_LIMITS, customerId, describeLimits(before), describeLimits(after));
        return after;
    }

    /**
     * Replaces limits and allowed models together; {@code catalogue} is every model the proxy offers.
     *
     * @throws InvalidInputException with code {@code unknown_model} for a model not in the catalogue
     */
    public Customer updateLimitsAndModels(String actor, String customerId, Limits limits, List<String> allowedModels,
                                          List<String> catalogue) {
        for (String model : allowedModels) {
            if (!catalogue.contains(model)) {
                throw new InvalidInputException("unknown_model", "Unknown model '" + model + "'. Known: "
                        + String.join(", ", catalogue));
            }
        }
        Customer before = require(customerId);
        Customer after = customers.updateLimits(customerId, limits, List.copyOf(allowedModels));
        audit.record(actor, AuditAction.CUSTOMER_LIMITS, customerId, describeLimits(before), describeLimits(after));
        return after;
    }

    public Customer suspend(String actor, String customerId) {
        return changeStatus(actor, AuditAction.CUSTOMER_SUSPEND, require(customerId), CustomerStatus.SUSPENDED);
    }

    public Customer reactivate(String actor, String customerId) {
        return changeStatus(actor, AuditAction.CUSTOMER_REACTIVATE, require(customerId), CustomerStatus.ACTIVE);
    }

    /**
     * Lets a customer who signed up while approval is required call the proxy: their existing key starts working.
     *
     * @throws InvalidInputException with code {@code not_pending_approval} when the customer is not waiting
     */
    public Customer approve(String actor, String customerId) {
        Customer customer = require(customerId);
        if (customer.status() != CustomerStatus.PENDING_APPROVAL) {
            throw new InvalidInputException("not_pending_approval", "Customer " + customerId + " is "
                    + customer.status().name().toLowerCase().replace('_', ' ') + ", not waiting for approval.");
        }
        return changeStatus(actor, AuditAction.CUSTOMER_APPROVE, customer, CustomerStatus.ACTIVE);
    }

    /** Records a customer who signed up in the portal (the person is the actor). */
    void recordOnboarding(String actor, CreatedCustomer created) {
        audit.record(actor, AuditAction.CUSTOMER_ONBOARD, created.customer().id(), null, describeNew(created));
    }

    private Customer changeStatus(String actor, AuditAction action, Customer before, CustomerStatus status) {
        Customer after = customers.updateStatus(before.id(), status);
        audit.record(actor, action, before.id(), before.status().name(), after.status().name());
        return after;
    }

    /** The audit text of a customer's limits and models, the same from the CLI and the portal. */
    static String describeLimits(Customer customer) {
        Limits l = customer.limits();
        return "daily=" + l.dailyRequests() + ", rpm=" + l.requestsPerMinute() + ", monthlyTokens="
                + l.monthlyTokens() + ", models=" + customer.allowedModels();
    }

    private static String describeNew(CreatedCustomer created) {
        return created.customer().name() + " <" + created.customer().email() + ">, key " + created.token().keyId();
    }

    static String requireName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException("invalid_name", "The customer name must not be empty.");
        }
        if (clean.length() > MAX_NAME) {
            throw new InvalidInputException("invalid_name", "The customer name is longer than " + MAX_NAME + " characters.");
        }
        return clean;
    }

    static String requireEmail(String email) {
        String clean = email == null ? "" : email.strip();
        if (clean.length() > MAX_EMAIL || !EMAIL.matcher(clean).matches()) {
            throw new InvalidInputException("invalid_email", "'" + clean + "' is not a valid e-mail address.");
        }
        return clean;
    }

    private static boolean isUuid(String value) {
        try {
            return value != null && UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
