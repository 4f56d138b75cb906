package com.bedrockmeter.portal.billing;

import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.proxy.billing.BillingService;
import com.bedrockmeter.proxy.billing.Invoice;
import com.bedrockmeter.proxy.billing.InvoiceDraft;
import com.bedrockmeter.proxy.billing.Plan;
import com.bedrockmeter.proxy.billing.PlanAssignment;
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

    private final BillingService billing;
    private final CurrentUser currentUser;
    private final Clock clock;

    BillingPortalService(BillingService billing, CurrentUser currentUser, Clock clock) {
        this.billing = billing;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    /** The plan in effect today, if any. */
    public Optional<Plan> currentPlan(String customerId) {
        currentUser.requireAccessTo(customerId);
        LocalDate today = today();
        return billing.assignments(customerId).stream()
                .filter(a -> !a.from().isAfter(today))
                .max(Comparator.comparing(PlanAssignment::from))
                .flatMap(a -> billing.plans().stream().filter(p -> p.id().equals(a.planId())).findFirst());
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
        return billing.invoices(customerId).stream()
                .sorted(Comparator.comparing(Invoice::periodStart).reversed()).toList();
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
