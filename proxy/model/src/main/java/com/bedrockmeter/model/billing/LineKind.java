package com.bedrockmeter.model.billing;

/** What an {@link InvoiceLine} charges for; the order here is the order of lines within a plan segment. */
public enum LineKind {
    PLAN_FEE,
    CALLS,
    OVERAGE,
    INPUT_TOKENS,
    OUTPUT_TOKENS,
    /** Prompt tokens read from the cache, at the model's cache-read price. */
    CACHE_READ_TOKENS,
    /** Prompt tokens written to the cache, at the model's cache-write price. */
    CACHE_WRITE_TOKENS,
    /** Late usage of a finalized period, carried to the customer's next open invoice by {@link BillingRuns}. */
    ADJUSTMENT
}
