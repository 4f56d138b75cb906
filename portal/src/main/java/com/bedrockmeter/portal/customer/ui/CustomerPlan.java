package com.bedrockmeter.portal.customer.ui;

import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.PlanAssignment;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A customer's plans over time, and putting them on a plan from a day on. A plan that starts within a month is
 * prorated by days on that month's invoice (the rule of {@code InvoiceCalculator}); the first of next month is the
 * default, so a change applies from the next period unless the admin picks another day.
 */
class CustomerPlan extends VerticalLayout {

    final Grid<PlanAssignment> assignments = new Grid<>();
    final Select<Plan> plan = new Select<>();
    final DatePicker from = new DatePicker("From (UTC day)");
    final Button assign = new Button("Put on plan");
    private final String customerId;
    private final BillingAdminService billing;

    CustomerPlan(String customerId, BillingAdminService billing, Clock clock) {
        this.customerId = customerId;
        this.billing = billing;
        setPadding(false);
        Map<String, String> names = billing.plans().stream()
                .collect(Collectors.toMap(Plan::id, Plan::name, (a, b) -> a));
        assignments.setId("plan-assignments");
        assignments.setAllRowsVisible(true);
        assignments.addColumn(a -> a.from().toString()).setHeader("From");
        assignments.addColumn(a -> a.planId() + " (" + names.getOrDefault(a.planId(), "unknown plan") + ")")
                .setHeader("Plan");
        plan.setId("assign-plan");
        plan.setLabel("Plan");
        plan.setItems(billing.plans());
        plan.setItemLabelGenerator(p -> p.name() + " (" + p.id() + ")");
        from.setId("assign-from");
        from.setValue(YearMonth.now(clock.withZone(ZoneOffset.UTC)).plusMonths(1).atDay(1));
        assign.setId("assign");
        assign.addClickListener(e -> assign());
        HorizontalLayout form = new HorizontalLayout(plan, from, assign);
        form.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(assignments, form);
        refresh();
    }

    void assign() {
        plan.setInvalid(false);
        from.setInvalid(false);
        if (plan.getValue() == null) {
            plan.setErrorMessage("Choose a plan");
            plan.setInvalid(true);
            return;
        }
        LocalDate day = from.getValue();
        if (day == null) {
            from.setErrorMessage("Choose the first day of the plan");
            from.setInvalid(true);
            return;
        }
        try {
            billing.assignPlan(customerId, plan.getValue().id(), day);
            Notifications.success("On " + plan.getValue().name() + " from " + day);
            refresh();
        } catch (ApiException e) {
            plan.setErrorMessage(e.getMessage());
            plan.setInvalid(true);
        }
    }

    private void refresh() {
        assignments.setItems(billing.assignments(customerId).stream()
                .sorted(Comparator.comparing(PlanAssignment::from).reversed()).toList());
    }
}
