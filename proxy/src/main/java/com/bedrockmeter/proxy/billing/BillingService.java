package com.bedrockmeter.proxy.billing;

import com.bedrockmeter.proxy.customer.Customer;
import com.bedrockmeter.proxy.customer.CustomerService;
import com.bedrockmeter.proxy.customer.InvalidInputException;
import com.bedrockmeter.proxy.metering.DailyUsage;
import com.bedrockmeter.proxy.metering.DynamoUsageRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
    /** As the proxy accepts model ids ({@code RequestBodies}). */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,256}");
    private static final int MAX_NAME = 200;
    private static final int MAX_REPORTED_FAILURES = 5;

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
        if (!MODEL_ID.matcher(price.modelId()).matches()) {
            throw new InvalidInputException("invalid_model_id", "A model id is 1 to 256 letters, digits, '.', '_', "
                    + "':', '/' or '-', as Bedrock spells it; was '" + price.modelId() + "'.");
        }
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
     * <p>A customer whose invoice cannot be computed (a model without a price, an overlapping period) does not stop
     * the others: the run ends {@code FAILED}, naming them, and every other invoice is stored. Running the period
     * again after the fix completes it.
     *
     * @return the finished run: {@code DONE}, or {@code FAILED} when some customers could not be billed
     * @throws InvalidInputException if the period ends before it starts
     * @throws RunInProgressException if another run of the period is going on (in another portal or the CLI); a run
     *         whose record has not moved for {@link BillingRun#SILENT_FOR} counts as broken off and is taken over
     * @throws com.bedrockmeter.proxy.base.StoreUnavailableException when the store fails (the run is stored FAILED
     *         if the store still takes that write)
     */
    /** A finished run and the invoices it wrote (as stored: drafts, or finalized ones left as they were). */
    public record RunResult(BillingRun run, List<Invoice> invoices) {
        public RunResult {
            invoices = List.copyOf(invoices);
        }
    }

    public RunResult runBilling(LocalDate start, LocalDate end) {
        if (end.isBefore(start)) {
            throw new InvalidInputException("invalid_period", "The period ends before it starts.");
        }
        BillingRun run = BillingRun.started(start, end, 0, now());
        String claim = UUID.randomUUID().toString();
        if (!billing.claimRun(run, run.startedAt(), run.startedAt().minus(BillingRun.SILENT_FOR), claim)) {
            throw new RunInProgressException(start, end);
        }
        Map<String, Plan> plans;
        PriceBook prices;
        var billable = new ArrayList<Billable>();
        try {
            plans = plans().stream().collect(Collectors.toMap(Plan::id, Function.identity()));
            prices = priceBook();
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
     * unless that invoice is finalized (then it is returned unchanged). Other customers are not touched.
     *
     * @throws InvalidInputException for a reversed period or a customer without a plan
     */
    public Invoice billCustomer(String customerId, LocalDate start, LocalDate end) {
        if (end.isBefore(start)) {
            throw new InvalidInputException("invalid_period", "The period ends before it starts.");
        }
        Customer customer = customers.require(customerId);
        List<PlanAssignment> assignments = billing.assignments(customer.id());
        if (assignments.isEmpty()) {
            throw new InvalidInputException("no_plan", "Customer " + customerId + " has no plan.");
        }
        if (!customer.active()) {
            // as a billing run does: only active customers are billed
            throw new InvalidInputException("customer_not_active", "Customer " + customerId + " is "
                    + customer.status() + "; only active customers are billed. Nothing was written.");
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
        List<Invoice> stored = billing.invoices(customerId);
        requireNoOverlap(stored, customerId, start, end);
        List<DailyUsage> counters = usage.days(customerId, start, end);
        LateUsage.Pricer pricer = (from, to, days) -> calculator.calculate(customerId, from, to, assignments, plans,
                prices, days);
        InvoiceDraft own = pricer.price(start, end, counters);
        LateUsage.Adjustments adjustments = adjustments(own, stored, pricer);
        return billing.saveDraft(Invoice.draft(withLines(own, adjustments), now(), counters,
                adjustments.settled()));
    }

    private LateUsage.Adjustments adjustments(InvoiceDraft draft, List<Invoice> stored, LateUsage.Pricer pricer) {
        return lateUsage.adjustments(draft, stored, p -> usage.days(p.customerId(), p.periodStart(), p.periodEnd()),
                pricer);
    }

    /** The draft's own lines (any adjustments it had dropped), then {@code adjustments}. */
    private static InvoiceDraft withLines(InvoiceDraft draft, LateUsage.Adjustments adjustments) {
        var lines = new ArrayList<>(draft.lines().stream().filter(l -> l.kind() != LineKind.ADJUSTMENT).toList());
        lines.addAll(adjustments.lines());
        return InvoiceDraft.of(draft.customerId(), draft.periodStart(), draft.periodEnd(), draft.currency(), lines);
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
     * @throws InvalidInputException {@code period_not_ended} while the period has not ended (UTC): its usage is still
     *                               coming in, and everything after the finalization would become late usage;
     *                               {@code missing_token_price} when late usage to settle has no price
     */
    public Invoice finalizeInvoice(String customerId, LocalDate start, LocalDate end) {
        Invoice stored = billing.invoice(customerId, start, end)
                .orElseThrow(() -> new InvoiceNotFoundException(Invoice.idOf(customerId, start, end)));
        if (stored.finalized()) {
            return stored;
        }
        LocalDate today = LocalDate.ofInstant(now(), ZoneOffset.UTC);
        if (!end.isBefore(today)) {
            throw new InvalidInputException("period_not_ended", "The period ends on " + end + " and its usage is "
                    + "still coming in; finalize it from " + end.plusDays(1) + " (UTC). The invoice stays a draft.");
        }
        try {
            settleAdjustments(stored);
        } catch (MissingPriceException e) {
            throw new InvalidInputException("missing_token_price", "Late usage of an earlier period needs a token "
                    + "price: " + e.getMessage() + ". Set it, then finalize again; the invoice is still a draft.");
        }
        return billing.finalizeDraft(customerId, start, end, now())
                .or(() -> billing.invoice(customerId, start, end))
                .orElseThrow(() -> new InvoiceNotFoundException(Invoice.idOf(customerId, start, end)));
    }

    /**
     * Recomputes a draft's late-usage adjustments right before it is finalized (another invoice finalized since the
     * draft was computed may have charged them already); its own lines stay as the admin saw them.
     */
    private void settleAdjustments(Invoice draft) {
        List<PlanAssignment> assignments = billing.assignments(draft.customerId());
        if (assignments.isEmpty()) {
            return;
        }
        Map<String, Plan> plans = plans().stream().collect(Collectors.toMap(Plan::id, Function.identity()));
        PriceBook prices = priceBook();
        LateUsage.Pricer pricer = (from, to, days) -> calculator.calculate(draft.customerId(), from, to, assignments,
                plans, prices, days);
        InvoiceDraft current = new InvoiceDraft(draft.customerId(), draft.periodStart(), draft.periodEnd(),
                draft.currency(), draft.lines(), draft.subtotal(), draft.total());
        LateUsage.Adjustments adjustments = adjustments(current, billing.invoices(draft.customerId()), pricer);
        InvoiceDraft settled = withLines(current, adjustments);
        if (!settled.lines().equals(draft.lines()) || !adjustments.settled().equals(draft.settled())) {
            billing.saveDraft(Invoice.draft(settled, draft.createdAt(), draft.usage(), adjustments.settled()));
        }
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
