package com.bedrockmeter.portal.billing;

import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.billing.BillingRun;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.Invoice;
import com.bedrockmeter.model.billing.InvoiceStatus;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.PlanAssignment;
import com.bedrockmeter.model.billing.RunInProgressException;
import com.bedrockmeter.model.billing.TokenPrice;
import com.bedrockmeter.model.base.InvalidInputException;
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

    private final PlanCatalogue catalogue;
    private final BillingRuns billing;
    private final Invoices invoices;
    private final CurrentUser currentUser;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "billing-run");
        thread.setDaemon(true);
        return thread;
    });
    /** Periods queued or running in this portal, so a second click does not queue the same run twice. */
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    BillingAdminService(PlanCatalogue catalogue, BillingRuns billing, Invoices invoices, CurrentUser currentUser) {
        this.catalogue = catalogue;
        this.billing = billing;
        this.invoices = invoices;
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
        runner.execute(() -> {
            try {
                // the run records its outcome in the audit log, as it does for the CLI
                billing.runBilling(actor, start, end);
            } catch (RunInProgressException e) {
                // another portal or the CLI runs this period: the page follows that run's record instead
                log.info("Billing run {} not started: {}", id, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Billing run {} broke off", id, e);
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
        return invoices.allInvoices().stream().filter(filter::matches).toList();
    }

    public Invoice finalizeInvoice(Invoice invoice) {
        return invoices.finalizeInvoice(currentUser.actor(), invoice.customerId(), invoice.periodStart(),
                invoice.periodEnd());
    }

    public List<Plan> plans() {
        return catalogue.plans();
    }

    /** Creates or replaces a plan. */
    public Plan savePlan(Plan plan) {
        return catalogue.savePlan(currentUser.actor(), plan);
    }

    /** Token prices, by model then effective date. */
    public List<TokenPrice> tokenPrices() {
        return catalogue.priceBook().prices().stream()
                .sorted(Comparator.comparing(TokenPrice::modelId).thenComparing(TokenPrice::effectiveFrom)).toList();
    }

    public TokenPrice setTokenPrice(TokenPrice price) {
        return catalogue.setTokenPrice(currentUser.actor(), price);
    }

    public List<PlanAssignment> assignments(String customerId) {
        return catalogue.assignments(customerId);
    }

    public PlanAssignment assignPlan(String customerId, String planId, LocalDate from) {
        return catalogue.assignPlan(currentUser.actor(), customerId, planId, from);
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
