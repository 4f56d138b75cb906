package com.bedrockmeter.portal.billing;

import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.proxy.audit.AuditLog;
import com.bedrockmeter.proxy.billing.BillingRun;
import com.bedrockmeter.proxy.billing.BillingService;
import com.bedrockmeter.proxy.billing.Invoice;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** Billing runs and invoices for admins; every write goes to the audit log. */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class BillingAdminService {

    private final BillingService billing;
    private final AuditLog audit;
    private final CurrentUser currentUser;

    BillingAdminService(BillingService billing, AuditLog audit, CurrentUser currentUser) {
        this.billing = billing;
        this.audit = audit;
        this.currentUser = currentUser;
    }

    /** Runs billing for the period (idempotent: the same invoices again, never a second one). */
    public BillingRun run(LocalDate start, LocalDate end) {
        BillingRun run = billing.runBilling(start, end);
        audit.record(currentUser.actor(), "billing.run", null, null,
                start + ".." + end + ": " + run.invoiceIds().size() + " invoices");
        return run;
    }

    /** The period's latest run as far as it got, to revisit a run later. */
    public Optional<BillingRun> lastRun(LocalDate start, LocalDate end) {
        return billing.run(start, end);
    }

    /** The invoices a run produced, as stored now (finalized ones included). */
    public List<Invoice> invoices(BillingRun run) {
        return run.invoiceIds().stream()
                .map(id -> billing.invoice(id.substring(0, id.indexOf('/')), run.periodStart(), run.periodEnd()))
                .flatMap(Optional::stream)
                .toList();
    }

    public Invoice finalizeInvoice(Invoice invoice) {
        Invoice finalized = billing.finalizeInvoice(invoice.customerId(), invoice.periodStart(), invoice.periodEnd());
        audit.record(currentUser.actor(), "invoice.finalize", invoice.customerId(), invoice.status().name(),
                finalized.status().name() + " " + finalized.total().amount().toPlainString());
        return finalized;
    }
}
