package com.bedrockmeter.model.billing;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** The days {@code from}..{@code to} (inclusive) of a billing period during which one plan was in effect. */
record PlanSegment(Plan plan, LocalDate from, LocalDate to) {

    long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    PlanSegment extendedTo(LocalDate newTo) {
        return new PlanSegment(plan, from, newTo);
    }

    String label() {
        return plan.name() + " " + from + " to " + to;
    }
}
