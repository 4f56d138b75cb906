package com.bedrockmeter.model.billing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** A customer's plan assignments in date order: which plan is in effect on which day. */
final class PlanTimeline {

    private final List<PlanAssignment> assignments;
    private final Map<String, Plan> plans;

    PlanTimeline(List<PlanAssignment> assignments, Map<String, Plan> plans) {
        this.assignments = assignments.stream().sorted(Comparator.comparing(PlanAssignment::from)).toList();
        this.plans = plans;
        var dates = new HashSet<LocalDate>();
        for (PlanAssignment assignment : this.assignments) {
            if (!dates.add(assignment.from())) {
                throw new IllegalArgumentException("two plan assignments start on " + assignment.from());
            }
        }
    }

    /**
     * Splits {@code start}..{@code end} into runs of days under one plan. Days before the first assignment belong to
     * no segment; consecutive assignments of the same plan form one segment.
     *
     * @throws IllegalArgumentException if an assignment in effect during the period names an unknown plan
     */
    List<PlanSegment> segmentsWithin(LocalDate start, LocalDate end) {
        var segments = new ArrayList<PlanSegment>();
        for (int i = 0; i < assignments.size(); i++) {
            PlanAssignment assignment = assignments.get(i);
            LocalDate from = latest(assignment.from(), start);
            LocalDate to = i + 1 < assignments.size() ? earliest(assignments.get(i + 1).from().minusDays(1), end) : end;
            if (from.isAfter(to)) {
                continue;
            }
            Plan plan = plans.get(assignment.planId());
            if (plan == null) {
                throw new IllegalArgumentException(
                        "unknown plan '" + assignment.planId() + "' assigned from " + assignment.from());
            }
            int last = segments.size() - 1;
            if (last >= 0 && segments.get(last).plan().id().equals(plan.id())) {
                segments.set(last, segments.get(last).extendedTo(to));
            } else {
                segments.add(new PlanSegment(plan, from, to));
            }
        }
        return segments;
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
