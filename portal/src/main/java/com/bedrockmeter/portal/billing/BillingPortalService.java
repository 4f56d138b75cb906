package com.bedrockmeter.portal.billing;

import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceDraft;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.PlanAssignment;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * A customer's billing as the portal shows it: current plan, this month's estimate from the live counters, and
 * invoices. Scoped like every portal service (own customer, or any for an admin).
 */
@Service
@PreAuthorize("hasRole('USER')")
public class BillingPortalService {

    private final PlanCatalogue catalogue;
    private final BillingRuns billing;
    private final Invoices invoices;
    private final CurrentUser currentUser;
    private final Clock clock;

    BillingPortalService(PlanCatalogue catalogue, BillingRuns billing, Invoices invoices, CurrentUser currentUser,
                         Clock clock) {
        this.catalogue = catalogue;
        this.billing = billing;
        this.invoices = invoices;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    /** The plan in effect today, if any. */
    public Optional<Plan> currentPlan(String customerId) {
        currentUser.requireAccessTo(customerId);
        LocalDate today = today();
        return catalogue.assignments(customerId).stream()
                .filter(a -> !a.from().isAfter(today))
                .max(Comparator.comparing(PlanAssignment::from))
                .flatMap(a -> catalogue.plan(a.planId()));
    }

    /** This month so far, priced as an invoice would be; empty without a plan. */
    public Optional<InvoiceDraft> estimateThisMonth(String customerId) {
        currentUser.requireAccessTo(customerId);
        YearMonth month = YearMonth.from(today());
        return billing.preview(customerId, month.atDay(1), month.atEndOfMonth());
    }

    /** Newest period first. */
    public List<Invoice> invoices(String customerId) {
        currentUser.requireAccessTo(customerId);
        return invoices.invoices(customerId).stream()
                .sorted(Comparator.comparing(Invoice::periodStart).reversed()).toList();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
