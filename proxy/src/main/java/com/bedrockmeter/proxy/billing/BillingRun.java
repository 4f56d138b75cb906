package com.bedrockmeter.proxy.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A billing run for one period; there is one per period (the latest run of a period replaces the record of the
 * earlier one). Stored as it progresses, so it can be polled while it runs.
 *
 * @param periodEnd  inclusive
 * @param customers  how many customers the run bills (active, with a plan assignment)
 * @param done       how many of them have their invoice stored
 * @param invoiceIds the invoices stored so far, in the order they were done
 * @param finishedAt null while running
 */
public record BillingRun(String id, LocalDate periodStart, LocalDate periodEnd, Status status, int customers,
        int done, List<String> invoiceIds, Instant startedAt, Instant finishedAt) {

    public enum Status { RUNNING, DONE }

    public BillingRun {
        invoiceIds = List.copyOf(invoiceIds);
    }

    /** The id of the run of a period. */
    public static String idOf(LocalDate periodStart, LocalDate periodEnd) {
        return periodStart + "/" + periodEnd;
    }
}
