package com.bedrockmeter.model.billing;

import java.time.LocalDate;

/** A customer is on plan {@code planId} from UTC day {@code from} until their next assignment. */
public record PlanAssignment(String planId, LocalDate from) {

    public PlanAssignment {
        if (planId == null || planId.isBlank()) {
            throw new IllegalArgumentException("planId must not be blank");
        }
        if (from == null) {
            throw new IllegalArgumentException("from must not be null");
        }
    }
}
