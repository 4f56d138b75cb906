package com.bedrockmeter.model.config;

import com.bedrockmeter.model.audit.AuditLog;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import com.bedrockmeter.model.customer.OnboardingService;
import com.bedrockmeter.model.usage.Reconciliation;
import java.time.Clock;

/**
 * The use cases on the data model, wired in this one place for every application that offers them: the portal
 * and the tests (through {@link ServicesConfiguration}) and the admin CLI. The proxy's request path builds none of
 * them.
 */
public record Services(CustomerService customers, ApiKeyService keys, AuditLog audit, PlanCatalogue catalogue,
                       BillingRuns billing, Invoices invoices, OnboardingService onboarding,
                       Reconciliation reconciliation) {

    public static Services wire(Repositories repositories, Clock clock, NewCustomerPolicy newCustomers) {
        AuditLog audit = new AuditLog(repositories.audit(), clock);
        ApiKeyService keys = new ApiKeyService(repositories.keys(), repositories.customers(), clock, audit);
        CustomerService customers = new CustomerService(repositories.customers(), keys, clock, audit);
        PlanCatalogue catalogue = new PlanCatalogue(repositories.billing(), customers, audit);
        BillingRuns billing = new BillingRuns(repositories.billing(), customers, repositories.usage(), catalogue, clock,
                audit);
        Invoices invoices = new Invoices(repositories.billing(), repositories.usage(), catalogue, clock, audit);
        OnboardingService onboarding = new OnboardingService(repositories.subjects(), customers, clock, newCustomers);
        Reconciliation reconciliation = new Reconciliation(repositories.usage(), clock, audit);
        return new Services(customers, keys, audit, catalogue, billing, invoices, onboarding, reconciliation);
    }
}
