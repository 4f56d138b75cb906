package com.bedrockmeter.model.billing;

/** An invoice is a draft until finalized; a finalized invoice never changes. */
public enum InvoiceStatus {
    /** Recomputed by every billing run of its period. */
    DRAFT,
    /** Frozen: later runs leave it as it is (late usage belongs on a later invoice as an adjustment). */
    FINALIZED
}
