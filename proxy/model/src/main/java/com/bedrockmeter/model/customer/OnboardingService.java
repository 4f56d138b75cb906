package com.bedrockmeter.model.customer;

import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's first sign-in to the portal: creates their customer and first key and binds the customer to their
 * OIDC subject, once. The customer starts with the operator's {@link NewCustomerPolicy}: small default limits, and
 * pending approval when the operator requires it. The subject is claimed first with a conditional write, so two forms sent at once cannot
 * create two customers; a failure after the claim releases it (no transactions: dynalite has none).
 *
 * @throws InvalidInputException for a bad name or e-mail, or terms not accepted (nothing written)
 * @throws AlreadyOnboardedException when the subject is bound (or being bound) already
 */
public class OnboardingService {

    private static final Logger log = LoggerFactory.getLogger(OnboardingService.class);

    private final DynamoSubjectBindingRepository bindings;
    private final CustomerService customers;
    private final Clock clock;
    private final NewCustomerPolicy policy;

    public OnboardingService(DynamoSubjectBindingRepository bindings, CustomerService customers, Clock clock,
                             NewCustomerPolicy policy) {
        this.bindings = bindings;
        this.customers = customers;
        this.clock = clock;
        this.policy = policy;
    }

    /** What a new customer gets (shown to admins and, for approval, to the person signing up). */
    public NewCustomerPolicy policy() {
        return policy;
    }

    /** The customer bound to this subject, if onboarding is done. */
    public Optional<Customer> customerOf(String subject) {
        return bindings.customerOf(subject).flatMap(customers::find);
    }

    /** @param actor who signs up, as the audit log names them (their sign-in e-mail) */
    public CreatedCustomer onboard(String actor, String subject, String name, String email, boolean termsAccepted) {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("An OIDC subject is required");
        }
        String cleanName = CustomerService.requireName(name);
        String cleanEmail = CustomerService.requireEmail(email);
        if (!termsAccepted) {
            throw new InvalidInputException("terms_not_accepted", "Accept the terms of service to continue.");
        }
        if (!bindings.claim(subject, cleanEmail, clock.instant())) {
            throw new AlreadyOnboardedException();
        }
        CreatedCustomer created;
        try {
            created = customers.create(cleanName, cleanEmail, subject, policy);
            bindings.bind(subject, created.customer().id());
        } catch (RuntimeException e) {
            try {
                bindings.release(subject);
            } catch (RuntimeException cleanup) {
                log.error("Could not release the onboarding claim of a subject; the person must be bound by hand",
                        cleanup);
            }
            throw e;
        }
        customers.recordOnboarding(actor, created); // after the binding: a failed record must not undo it
        return created;
    }

    /** The person has a customer already (or a concurrent onboarding is creating it). */
    public static class AlreadyOnboardedException extends InvalidInputException {
        public AlreadyOnboardedException() {
            super("already_onboarded", "This sign-in already belongs to a customer account.");
        }
    }
}
