package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.audit.AuditAction;
import com.bedrockmeter.model.audit.AuditLog;
import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.usage.DailyUsage;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The billing use cases that compute invoices: a run over every billable customer, one customer's invoice, and the
 * estimate of a period still going. Runs and computed invoices are recorded in the audit log here.
 *
 * <p>Guarantees:
 * <ul>
 * <li><b>One invoice per customer and period</b>, with the id {@link Invoice#idOf}: a billing run writes it in place,
 * so runs never duplicate an invoice.</li>
 * <li><b>Idempotent runs.</b> Running billing again for a period recomputes every draft from the usage counters; with
 * unchanged usage, plans and prices the invoices are equal to the earlier ones (lines, totals and
 * {@code createdAt}).</li>
 * <li><b>Finalized means frozen.</b> Every draft write is conditional on the stored invoice being absent or a draft,
 * so no run changes a finalized invoice, even one finalized while the run is going.</li>
 * <li><b>Progress.</b> The {@link BillingRun} of the period is stored when a run starts and after each customer, so it
 * can be polled ({@link #run}). A run that fails part-way is stored {@code FAILED} with the reason; running the
 * period again is safe and completes it.</li>
 * <li><b>Late usage.</b> Usage counted after an invoice was finalized becomes an adjustment line on the customer's
 * next open invoice ({@link LateUsage}).</li>
 * <li>Invoices are computed by {@link InvoiceCalculator}: its rules (proration, rounding, token prices) apply.</li>
 * </ul>
 *
 * @throws InvalidInputException on bad input; {@link MissingPriceException} when a plan charges tokens of a model
 *         without a price; {@link com.bedrockmeter.model.base.StoreUnavailableException} when DynamoDB fails
 */
public class BillingRuns {

    private static final int MAX_REPORTED_FAILURES = 5;

    private final DynamoBillingRepository billing;
    private final CustomerService customers;
    private final DynamoUsageRepository usage;
    private final PlanCatalogue catalogue;
    private final InvoicePricing pricing;
    private final Clock clock;
    private final AuditLog audit;

    public BillingRuns(DynamoBillingRepository billing, CustomerService customers, DynamoUsageRepository usage,
                       PlanCatalogue catalogue, Clock clock, AuditLog audit) {
        this.billing = billing;
        this.customers = customers;
        this.usage = usage;
        this.catalogue = catalogue;
        this.pricing = new InvoicePricing(usage);
        this.clock = clock;
        this.audit = audit;
    }

    /** A finished run and the invoices it wrote (as stored: drafts, or finalized ones left as they were). */
    public record RunResult(BillingRun run, List<Invoice> invoices) {
        public RunResult {
            invoices = List.copyOf(invoices);
        }

        /** The invoices' total (USD, the only currency plans are priced in). */
        public Money total() {
            Money sum = Money.zero(Money.USD);
            for (Invoice invoice : invoices) {
                sum = sum.plus(invoice.total());
            }
            return sum;
        }
    }

    /**
     * Bills every active customer with a plan assignment for {@code start}..{@code end} (inclusive): computes each
     * invoice from the usage counters and stores it as a draft, unless that invoice is finalized. The run's outcome
     * (done, failed, not started) is recorded in the audit log under {@code actor}.
     *
     * <p>A customer whose invoice cannot be computed (a model without a price, an overlapping period) does not stop
     * the others: the run ends {@code FAILED}, naming them, and every other invoice is stored. Running the period
     * again after the fix completes it.
     *
     * @return the finished run: {@code DONE}, or {@code FAILED} when some customers could not be billed
     * @throws InvalidInputException if the period ends before it starts
     * @throws RunInProgressException if another run of the period is going on (in another portal or the CLI); a run
     *         whose record has not moved for {@link BillingRun#SILENT_FOR} counts as broken off and is taken over
     * @throws com.bedrockmeter.model.base.StoreUnavailableException when the store fails (the run is stored FAILED
     *         if the store still takes that write)
     */
    public RunResult runBilling(String actor, LocalDate start, LocalDate end) {
        if (end.isBefore(start)) {
            throw new InvalidInputException("invalid_period", "The period ends before it starts.");
        }
        String id = BillingRun.idOf(start, end);
        try {
            RunResult result = runPeriod(start, end);
            BillingRun run = result.run();
            audit.record(actor, AuditAction.BILLING_RUN, null, null, id + ": " + run.status().name().toLowerCase()
                    + ", " + result.invoices().size() + " invoices, total " + result.total()
                    + (run.error() == null ? "" : "; " + run.error()));
            return result;
        } catch (RunInProgressException e) {
            audit.record(actor, AuditAction.BILLING_RUN, null, null, id + ": not started, " + e.code());
            throw e;
        } catch (RuntimeException e) {
            audit.record(actor, AuditAction.BILLING_RUN, null, null, id + ": failed, " + e.getMessage());
            throw e;
        }
    }

    private RunResult runPeriod(LocalDate start, LocalDate end) {
        BillingRun run = BillingRun.started(start, end, 0, now());
        String claim = UUID.randomUUID().toString();
        if (!billing.claimRun(run, run.startedAt(), run.startedAt().minus(BillingRun.SILENT_FOR), claim)) {
            throw new RunInProgressException(start, end);
        }
        Map<String, Plan> plans;
        PriceBook prices;
        var billable = new ArrayList<Billable>();
        try {
            plans = catalogue.plansById();
            prices = catalogue.priceBook();
            for (Customer customer : customers.list()) {
                List<PlanAssignment> assignments = customer.active() ? billing.assignments(customer.id()) : List.of();
                if (!assignments.isEmpty()) {
                    billable.add(new Billable(customer.id(), assignments));
                }
            }
            run = BillingRun.started(start, end, billable.size(), run.startedAt());
            save(run, claim);
        } catch (RuntimeException e) {
            saveFailed(run, e, claim);
            throw e;
        }
        var invoiceIds = new ArrayList<String>();
        var invoices = new ArrayList<Invoice>();
        var failures = new ArrayList<String>();
        try {
            for (Billable customer : billable) {
                try {
                    Invoice invoice = bill(customer.id(), customer.assignments(), start, end, plans, prices);
                    invoices.add(invoice);
                    invoiceIds.add(invoice.id());
                } catch (InvalidInputException | MissingPriceException e) {
                    // this customer's data is what is wrong: bill the others, report it with the run
                    failures.add(customer.id() + ": " + e.getMessage());
                }
                run = run.progressed(invoiceIds, failures.size());
                save(run, claim);
            }
        } catch (RuntimeException e) {
            saveFailed(run, e, claim);
            throw e;
        }
        run = failures.isEmpty() ? run.finished(now()) : run.failed(now(), failures.size() + " of " + billable.size()
                + " customers could not be billed: " + String.join("; ", failures.subList(0,
                Math.min(MAX_REPORTED_FAILURES, failures.size())))
                + (failures.size() > MAX_REPORTED_FAILURES ? "; ..." : ""));
        save(run, claim);
        return new RunResult(run, invoices);
    }

    /** The invoices a stored run wrote, as they are stored now (finalized since, or not). */
    public List<Invoice> invoicesOf(BillingRun run) {
        return run.invoiceIds().stream()
                .map(id -> billing.invoice(Invoice.customerIdOf(id), run.periodStart(), run.periodEnd()))
                .flatMap(Optional::stream)
                .toList();
    }

    /** Every period's latest run, the most recently started first. */
    public List<BillingRun> runs() {
        return billing.runs().stream().sorted(Comparator.comparing(BillingRun::startedAt).reversed()).toList();
    }

    /** The latest run of a period, as far as it has got. */
    public Optional<BillingRun> run(LocalDate start, LocalDate end) {
        return billing.run(start, end);
    }

    /** Best effort: when the store itself is what failed, the run stays RUNNING, which is as safe to re-run. */
    private void saveFailed(BillingRun run, RuntimeException cause, String claim) {
        if (cause instanceof RunInProgressException) {
            return; // taken over: the record is the other run's now
        }
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        try {
            billing.saveClaimedRun(run.failed(now(), why), now(), claim);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Stores the run's progress; stops it when another run has taken the period over (this one went silent). */
    private void save(BillingRun run, String claim) {
        if (!billing.saveClaimedRun(run, now(), claim)) {
            throw new RunInProgressException(run.periodStart(), run.periodEnd());
        }
    }

    /**
     * Bills one customer for the period, as a billing run would: computes the invoice and stores it as a draft,
     * unless that invoice is finalized (then it is returned unchanged). Other customers are not touched. A draft
     * that changed is recorded in the audit log under {@code actor}.
     *
     * @throws InvalidInputException for a reversed period, a customer without a plan ({@code no_plan}) or one that
     *         is not active ({@code customer_not_active}: billing runs skip it too)
     */
    public Invoice billCustomer(String actor, String customerId, LocalDate start, LocalDate end) {
        if (end.isBefore(start)) {
            throw new InvalidInputException("invalid_period", "The period ends before it starts.");
        }
        Customer customer = customers.require(customerId);
        List<PlanAssignment> assignments = billing.assignments(customer.id());
        if (assignments.isEmpty()) {
            throw new InvalidInputException("no_plan", "Customer " + customerId
                    + " has no plan; assign one first. Nothing was written.");
        }
        if (!customer.active()) {
            throw new InvalidInputException("customer_not_active", "Customer " + customerId + " is "
                    + customer.status() + "; only active customers are billed. Nothing was written.");
        }
        Optional<Invoice> before = billing.invoice(customerId, start, end);
        Invoice stored = bill(customerId, assignments, start, end, catalogue.plansById(), catalogue.priceBook());
        if (before.isEmpty() || !before.get().equals(stored)) {
            audit.record(actor, AuditAction.INVOICE_COMPUTE, customerId, before.map(PlanText::invoice).orElse(null),
                    PlanText.invoice(stored));
        }
        return stored;
    }

    /**
     * What the customer's invoice for the period would be now, from the live counters, without storing anything
     * (the portal's "this period's estimate").
     *
     * @return empty if the customer has no plan
     */
    public Optional<InvoiceDraft> preview(String customerId, LocalDate start, LocalDate end) {
        List<PlanAssignment> assignments = billing.assignments(customerId);
        if (assignments.isEmpty() || end.isBefore(start)) {
            return Optional.empty();
        }
        return Optional.of(pricing.price(customerId, start, end, assignments, catalogue.plansById(),
                catalogue.priceBook()));
    }

    private Invoice bill(String customerId, List<PlanAssignment> assignments, LocalDate start, LocalDate end,
                         Map<String, Plan> plans, PriceBook prices) {
        List<Invoice> stored = billing.invoices(customerId);
        requireNoOverlap(stored, customerId, start, end);
        List<DailyUsage> counters = usage.days(customerId, start, end);
        LateUsage.Pricer pricer = pricing.pricer(customerId, assignments, plans, prices);
        InvoiceDraft own = pricer.price(start, end, counters);
        LateUsage.Adjustments adjustments = pricing.adjustments(own, stored, pricer);
        return billing.saveDraft(Invoice.draft(InvoicePricing.withLines(own, adjustments), now(), counters,
                adjustments.settled()));
    }

    /**
     * One customer's invoices never cover the same day twice: a period that overlaps a stored invoice is refused
     * unless it is exactly that invoice's period.
     */
    private static void requireNoOverlap(List<Invoice> stored, String customerId, LocalDate start, LocalDate end) {
        for (Invoice other : stored) {
            boolean same = other.periodStart().equals(start) && other.periodEnd().equals(end);
            if (!same && !other.periodEnd().isBefore(start) && !other.periodStart().isAfter(end)) {
                throw new InvalidInputException("overlapping_period", "Customer " + customerId + " already has an "
                        + "invoice for " + other.periodStart() + " to " + other.periodEnd() + ", which overlaps "
                        + start + " to " + end + "; bill that period or one that does not overlap it.");
            }
        }
    }

    /** Milliseconds, as stored: a returned record equals the one read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private record Billable(String id, List<PlanAssignment> assignments) {
    }
}
