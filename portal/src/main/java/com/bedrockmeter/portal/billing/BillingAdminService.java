package com.bedrockmeter.portal.billing;

import com.bedrockmeter.proxy.audit.AuditAction;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.proxy.audit.AuditLog;
import com.bedrockmeter.proxy.billing.BillingRun;
import com.bedrockmeter.proxy.billing.BillingService;
import com.bedrockmeter.proxy.billing.Invoice;
import com.bedrockmeter.proxy.billing.InvoiceStatus;
import com.bedrockmeter.proxy.billing.Plan;
import com.bedrockmeter.proxy.billing.PlanAssignment;
import com.bedrockmeter.proxy.billing.PlanText;
import com.bedrockmeter.proxy.billing.RunInProgressException;
import com.bedrockmeter.proxy.billing.TokenPrice;
import com.bedrockmeter.proxy.customer.InvalidInputException;
import jakarta.annotation.PreDestroy;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * Plans, token prices, plan assignments, billing runs and invoices for admins; every write goes to the audit log.
 *
 * <p>Billing runs execute in the background, one at a time in this portal, so a long run neither blocks the admin's
 * screen nor ends when they leave it: the run's progress is stored ({@link BillingRun}) and any screen can poll it.
 * Runs of one period started elsewhere at the same time (the CLI, another portal) are not held off; they compute
 * the same invoices, and the run record shows whichever wrote last.
 */
@Service
@PreAuthorize("hasRole('" + Roles.ADMIN + "')")
public class BillingAdminService {

    private static final Logger log = LoggerFactory.getLogger(BillingAdminService.class);

    private final BillingService billing;
    private final AuditLog audit;
    private final CurrentUser currentUser;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "billing-run");
        thread.setDaemon(true);
        return thread;
    });
    /** Periods queued or running in this portal, so a second click does not queue the same run twice. */
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    BillingAdminService(BillingService billing, AuditLog audit, CurrentUser currentUser) {
        this.billing = billing;
        this.audit = audit;
        this.currentUser = currentUser;
    }

    /** One filter of the invoices view; null fields match everything. */
    public record InvoiceFilter(YearMonth from, YearMonth to, InvoiceStatus status, String customerId) {

        public static final InvoiceFilter ALL = new InvoiceFilter(null, null, null, null);

        boolean matches(Invoice invoice) {
            YearMonth month = YearMonth.from(invoice.periodStart());
            return (from == null || !month.isBefore(from)) && (to == null || !month.isAfter(to))
                    && (status == null || invoice.status() == status)
                    && (customerId == null || invoice.customerId().equals(customerId));
        }
    }

    /**
     * Runs billing for the period in the background (idempotent: the same invoices again, never a second one).
     *
     * @return false if this period is already queued or running here
     * @throws InvalidInputException if the period ends before it starts
     */
    public boolean start(LocalDate start, LocalDate end) {
        if (start == null || end == null) {
            throw new InvalidInputException("invalid_period", "Choose the first and the last day of the period.");
        }
        if (end.isBefore(start)) {
            throw new InvalidInputException("invalid_period", "The period ends before it starts.");
        }
        String id = BillingRun.idOf(start, end);
        if (!inProgress.add(id)) {
            return false;
        }
        String actor = currentUser.actor();
        audit.record(actor, AuditAction.BILLING_RUN, null, null, start + ".." + end + ": started");
        runner.execute(() -> {
            try {
                BillingRun run = billing.runBilling(start, end).run();
                audit.record(actor, AuditAction.BILLING_RUN, null, null, start + ".." + end + ": "
                        + run.status().name().toLowerCase() + ", " + run.invoiceIds().size() + " invoices"
                        + (run.error() == null ? "" : "; " + run.error()));
            } catch (RunInProgressException e) {
                // another portal or the CLI runs this period: the page follows that run's record instead
                log.info("Billing run {} not started: {}", id, e.getMessage());
                audit.record(actor, AuditAction.BILLING_RUN, null, null, start + ".." + end + ": not started, " + e.code());
            } catch (RuntimeException e) {
                log.warn("Billing run {} broke off", id, e);
                audit.record(actor, AuditAction.BILLING_RUN, null, null, start + ".." + end + ": failed, " + e.getMessage());
            } finally {
                inProgress.remove(id);
            }
        });
        return true;
    }

    /** Whether a run of this period is queued or going in this portal (its stored record may still be the last one). */
    public boolean inProgress(LocalDate start, LocalDate end) {
        return inProgress.contains(BillingRun.idOf(start, end));
    }

    /** The period's latest run as far as it got, to follow a run or revisit it later. */
    public Optional<BillingRun> lastRun(LocalDate start, LocalDate end) {
        return billing.run(start, end);
    }

    /** Every period's latest run, the most recently started first. */
    public List<BillingRun> runs() {
        return billing.runs();
    }

    /** The invoices a run produced, as stored now (finalized ones included). */
    public List<Invoice> invoices(BillingRun run) {
        return billing.invoicesOf(run);
    }

    /** Invoices across customers, the latest period first. */
    public List<Invoice> invoices(InvoiceFilter filter) {
        return billing.allInvoices().stream().filter(filter::matches).toList();
    }

    public Invoice finalizeInvoice(Invoice invoice) {
        Invoice finalized = billing.finalizeInvoice(invoice.customerId(), invoice.periodStart(), invoice.periodEnd());
        audit.record(currentUser.actor(), AuditAction.INVOICE_FINALIZE, invoice.customerId(), PlanText.invoice(invoice),
                PlanText.invoice(finalized));
        return finalized;
    }

    public List<Plan> plans() {
        return billing.plans();
    }

    /** Creates or replaces a plan. */
    public Plan savePlan(Plan plan) {
        String before = billing.plans().stream().filter(p -> p.id().equals(plan.id())).findFirst()
                .map(PlanText::plan).orElse(null);
        Plan saved = billing.savePlan(plan);
        audit.record(currentUser.actor(), AuditAction.PLAN_SAVE, null, before, PlanText.plan(saved));
        return saved;
    }

    /** Token prices, by model then effective date. */
    public List<TokenPrice> tokenPrices() {
        return billing.priceBook().prices().stream()
                .sorted(Comparator.comparing(TokenPrice::modelId).thenComparing(TokenPrice::effectiveFrom)).toList();
    }

    public TokenPrice setTokenPrice(TokenPrice price) {
        String before = billing.priceBook().prices().stream()
                .filter(p -> p.modelId().equals(price.modelId()) && p.effectiveFrom().equals(price.effectiveFrom()))
                .findFirst().map(PlanText::price).orElse(null);
        TokenPrice saved = billing.setTokenPrice(price);
        audit.record(currentUser.actor(), AuditAction.TOKEN_PRICE_SET, null, before, PlanText.price(saved));
        return saved;
    }

    public List<PlanAssignment> assignments(String customerId) {
        return billing.assignments(customerId);
    }

    public PlanAssignment assignPlan(String customerId, String planId, LocalDate from) {
        if (planId == null || from == null) {
            throw new InvalidInputException("invalid_plan_assignment", "Choose a plan and the day it starts.");
        }
        String before = billing.assignments(customerId).stream().filter(a -> a.from().equals(from)).findFirst()
                .map(a -> a.planId() + " from " + a.from()).orElse(null);
        PlanAssignment assignment = billing.assignPlan(customerId, planId, from);
        audit.record(currentUser.actor(), AuditAction.PLAN_ASSIGN, customerId, before, planId + " from " + from);
        return assignment;
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
