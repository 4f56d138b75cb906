package com.bedrockmeter.model.billing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A billing run for one period; there is one per period (the latest run of a period replaces the record of the
 * earlier one). Stored as it progresses, so it can be polled while it runs and revisited later.
 *
 * @param periodEnd  inclusive
 * @param customers  how many customers the run bills (active, with a plan assignment)
 * @param done       how many of them have been through the run (their invoice stored, or reported in {@code error})
 * @param invoiceIds the invoices stored so far, in the order they were done
 * @param finishedAt null while running
 * @param error      why a {@link Status#FAILED} run stopped, else null
 */
public record BillingRun(String id, LocalDate periodStart, LocalDate periodEnd, Status status, int customers,
        int done, List<String> invoiceIds, Instant startedAt, Instant finishedAt, String error) {

    /**
     * {@code RUNNING} until every customer is billed ({@code DONE}), or {@code FAILED} when some customers could not be
     * billed or the run itself broke off (the invoices stored stay as drafts; running the period again is safe and
     * completes it).
     */
    public enum Status { RUNNING, DONE, FAILED }

    /** A running run writes its record as each customer is done; silent this long, it has broken off. */
    public static final Duration SILENT_FOR = Duration.ofMinutes(5);

    public BillingRun {
        invoiceIds = List.copyOf(invoiceIds);
    }

    /** The id of the run of a period. */
    public static String idOf(LocalDate periodStart, LocalDate periodEnd) {
        return periodStart + "/" + periodEnd;
    }

    static BillingRun started(LocalDate start, LocalDate end, int customers, Instant at) {
        return new BillingRun(idOf(start, end), start, end, Status.RUNNING, customers, 0, List.of(), at, null, null);
    }

    BillingRun progressed(List<String> invoices, int failed) {
        return new BillingRun(id, periodStart, periodEnd, Status.RUNNING, customers, invoices.size() + failed,
                invoices, startedAt, null, null);
    }

    BillingRun finished(Instant at) {
        return new BillingRun(id, periodStart, periodEnd, Status.DONE, customers, done, invoiceIds, startedAt, at, null);
    }

    BillingRun failed(Instant at, String why) {
        return new BillingRun(id, periodStart, periodEnd, Status.FAILED, customers, done, invoiceIds, startedAt, at,
                why);
    }

    public boolean running() {
        return status == Status.RUNNING;
    }
}
