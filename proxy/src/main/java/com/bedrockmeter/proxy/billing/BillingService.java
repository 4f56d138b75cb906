package com.bedrockmeter.proxy.billing;

import com.bedrockmeter.proxy.customer.Customer;
import com.bedrockmeter.proxy.customer.CustomerService;
import com.bedrockmeter.proxy.customer.InvalidInputException;
import com.bedrockmeter.proxy.metering.DynamoUsageRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plans, token prices, plan assignments, billing runs and invoices. Used by the CLI and the portal.
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
 * @throws InvalidInputException on bad input, {@link InvoiceNotFoundException} when finalizing a missing invoice,
 *         {@link MissingPriceException} when a plan charges tokens of a model without a price,
 *         {@link com.bedrockmeter.proxy.base.StoreUnavailableException} when DynamoDB fails
 */
public class BillingService {

    private static final Pattern PLAN_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_NAME = 200;

    private final DynamoBillingRepository billing;
    private final CustomerService customers;
    private final DynamoUsageRepository usage;
    private final Clock clock;
    private final InvoiceCalculator calculator = new InvoiceCalculator();
    private final LateUsage lateUsage = new LateUsage();

    public BillingService(DynamoBillingRepository billing, CustomerService customers, DynamoUsageRepository usage,
            Clock clock) {
        this.billing = billing;
        this.customers = customers;
        this.usage = usage;
        this.clock = clock;
    }

    /** Creates or replaces a plan; replacing changes the price of every draft recomputed later. */
    public Plan savePlan(Plan plan) {
        if (!PLAN_ID.matcher(plan.id()).matches()) {
            throw new InvalidInputException("invalid_plan_id",
                    "A plan id is 1 to 64 letters, digits, '_', '.' or '-'; was '" + plan.id() + "'.");
        }
        if (plan.name().strip().length() > MAX_NAME) {
            throw new InvalidInputException("invalid_plan_name", "A plan name is at most " + MAX_NAME + " characters.");
        }
        billing.savePlan(plan);
        return plan;
    }

    /** All plans, by id. */
    public List<Plan> plans() {
        return billing.plans().stream().sorted(Comparator.comparing(Plan::id)).toList();
    }

    /** Puts a customer on a plan from a day on (replacing an assignment of the same day). */
    public PlanAssignment assignPlan(String customerId, String planId, LocalDate from) {
        customers.require(customerId);
        if (plans().stream().noneMatch(p -> p.id().equals(planId))) {
            throw new InvalidInputException("unknown_plan", "Unknown plan '" + planId + "'.");
        }
        var assignment = new PlanAssignment(planId, from);
        billing.assign(customerId, assignment);
        return assignment;
    }

    /** The customer's plan assignments, oldest first. */
    public List<PlanAssignment> assignments(String customerId) {
        return billing.assignments(customerId);
    }

    /** Sets a model's token price from a day on (replacing a price of the same model and day). */
    public TokenPrice setTokenPrice(TokenPrice price) {
        billing.setTokenPrice(price);
        return price;
    }

    public PriceBook priceBook() {
        return billing.priceBook();
    }

    /**
     * Bills every active customer with a plan assignment for {@code start}..{@code end} (inclusive): computes each
     * invoice from the usage counters and stores it as a draft, unless that invoice is finalized.
     *
     * @return the finished run
     * @throws InvalidInputException if the period ends before it starts
     */
    public BillingRun runBilling(LocalDate start, LocalDate end) {
        if (end.isBefore(start)) {
            throw new InvalidInputException("invalid_period", "The period ends before it starts.");
        }
        Map<String, Plan> plans = plans().stream().collect(Collectors.toMap(Plan::id, Function.identity()));
        PriceBook prices = priceBook();
        var billable = new ArrayList<Billable>();
        for (Customer customer : customers.list()) {
            List<PlanAssignment> assignments = customer.active() ? billing.assignments(customer.id()) : List.of();
            if (!assignments.isEmpty()) {
                billable.add(new Billable(customer.id(), assignments));
            }
        }
        BillingRun run = BillingRun.started(start, end, billable.size(), now());
        billing.saveRun(run);
        var invoiceIds = new ArrayList<String>();
        try {
            for (Billable customer : billable) {
                invoiceIds.add(bill(customer.id(), customer.assignments(), start, end, plans, prices).id());
                run = run.progressed(invoiceIds);
                billing.saveRun(run);
            }
        } catch (RuntimeException e) {
            saveFailed(run, e);
            throw e;
        }
        run = run.finished(now());
        billing.saveRun(run);
        return run;
    }

    /** Best effort: when the store itself is what failed, the run stays RUNNING, which is as safe to re-run. */
    private void saveFailed(BillingRun run, RuntimeException cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        try {
            billing.saveRun(run.failed(now(), why));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Bills one customer for the period, as a billing run would: computes the invoice and stores it as a draft,
     * unless that invoice is finalized (then it is returned unchanged). Other customers are not touched.
     *
     * @throws InvalidInputException for a reversed period or a customer without a plan
     */
    public Invoice billCustomer(String customerId, LocalDate start, LocalDate end) {
        if (end.isBefore(start)) {
            throw new InvalidInputException("invalid_period", "The period ends before it starts.");
        }
        List<PlanAssignment> assignments = billing.assignments(customers.require(customerId).id());
        if (assignments.isEmpty()) {
            throw new InvalidInputException("no_plan", "Customer " + customerId + " has no plan.");
        }
        Map<String, Plan> plans = plans().stream().collect(Collectors.toMap(Plan::id, Function.identity()));
        return bill(customerId, assignments, start, end, plans, priceBook());
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
        Map<String, Plan> plans = plans().stream().collect(Collectors.toMap(Plan::id, Function.identity()));
        return Optional.of(calculator.calculate(customerId, start, end, assignments, plans, priceBook(),
                usage.days(customerId, start, end)));
    }

    private Invoice bill(String customerId, List<PlanAssignment> assignments, LocalDate start, LocalDate end,
                         Map<String, Plan> plans, PriceBook prices) {
        InvoiceDraft draft = calculator.calculate(customerId, start, end, assignments, plans, prices,
                usage.days(customerId, start, end));
        List<InvoiceLine> adjustments = lateUsage.adjustments(draft, billing.invoices(customerId),
                period -> calculator.calculate(customerId, period.periodStart(), period.periodEnd(), assignments,
                        plans, prices, usage.days(customerId, period.periodStart(), period.periodEnd())));
        if (!adjustments.isEmpty()) {
            var lines = new ArrayList<>(draft.lines());
            lines.addAll(adjustments);
            draft = InvoiceDraft.of(customerId, start, end, draft.currency(), lines);
        }
        return billing.saveDraft(Invoice.draft(draft, now()));
    }

    /** Every period's latest run, the most recently started first. */
    public List<BillingRun> runs() {
        return billing.runs().stream().sorted(Comparator.comparing(BillingRun::startedAt).reversed()).toList();
    }

    /** Every customer's invoices, the latest period first, then by customer. */
    public List<Invoice> allInvoices() {
        return billing.allInvoices().stream()
                .sorted(Comparator.comparing(Invoice::periodStart).reversed()
                        .thenComparing(Invoice::periodEnd).thenComparing(Invoice::customerId))
                .toList();
    }

    /** The latest run of a period, as far as it has got. */
    public Optional<BillingRun> run(LocalDate start, LocalDate end) {
        return billing.run(start, end);
    }

    /**
     * Moves the customer's invoice for the period from draft to finalized; finalizing a finalized invoice returns it
     * unchanged.
     *
     * @throws InvoiceNotFoundException if there is no invoice for the customer and period
     */
    public Invoice finalizeInvoice(String customerId, LocalDate start, LocalDate end) {
        return billing.finalizeDraft(customerId, start, end, now())
                .or(() -> billing.invoice(customerId, start, end))
                .orElseThrow(() -> new InvoiceNotFoundException(Invoice.idOf(customerId, start, end)));
    }

    /** The customer's invoices, oldest period first. */
    public List<Invoice> invoices(String customerId) {
        return billing.invoices(customerId);
    }

    public Optional<Invoice> invoice(String customerId, LocalDate start, LocalDate end) {
        return billing.invoice(customerId, start, end);
    }

    /** Milliseconds, as stored: a returned record equals the one read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private record Billable(String id, List<PlanAssignment> assignments) {
    }
}
