package com.bedrockmeter.model.billing;

/** How {@link Tiered} prices a call volume. */
public enum TierMode {
    /** Each call is priced at the rate of the tier it falls in: first 10,000 at A, next 90,000 at B, beyond at C. */
    GRADUATED,
    /** All calls are priced at the rate of the tier the whole volume reaches. */
    VOLUME
}
