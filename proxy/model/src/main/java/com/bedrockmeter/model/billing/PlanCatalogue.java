package com.bedrockmeter.model.billing;

import com.bedrockmeter.model.audit.AuditAction;
import com.bedrockmeter.model.audit.AuditLog;
import com.bedrockmeter.model.base.Ids;
import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.customer.CustomerService;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue use cases: plans, token prices and which plan a customer is on from which day. Each change is
 * recorded in the audit log here, with the actor the caller names, so the CLI and the portal audit it identically.
 *
 * @throws InvalidInputException on bad input; {@link com.bedrockmeter.model.base.StoreUnavailableException} when
 *         DynamoDB fails
 */
public class PlanCatalogue {

    private static final int MAX_NAME = 200;

    private final DynamoBillingRepository billing;
    private final CustomerService customers;
    private final AuditLog audit;

    public PlanCatalogue(DynamoBillingRepository billing, CustomerService customers, AuditLog audit) {
        this.billing = billing;
        this.customers = customers;
        this.audit = audit;
    }

    /** Creates or replaces a plan; replacing changes the price of every draft recomputed later. */
    public Plan savePlan(String actor, Plan plan) {
        if (!Ids.PLAN_ID.matcher(plan.id()).matches()) {
            throw new InvalidInputException("invalid_plan_id",
                    "A plan id is 1 to 64 letters, digits, '_', '.' or '-'; was '" + plan.id() + "'.");
        }
        if (plan.name().strip().length() > MAX_NAME) {
            throw new InvalidInputException("invalid_plan_name", "A plan name is at most " + MAX_NAME + " characters.");
        }
        Optional<Plan> before = plan(plan.id());
        billing.savePlan(plan);
        audit.record(actor, AuditAction.PLAN_SAVE, null, before.map(PlanText::plan).orElse(null), PlanText.plan(plan));
        return plan;
    }

    /** All plans, by id. */
    public List<Plan> plans() {
        return billing.plans().stream().sorted(Comparator.comparing(Plan::id)).toList();
    }

    public Optional<Plan> plan(String id) {
        return plans().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    Map<String, Plan> plansById() {
        return plans().stream().collect(Collectors.toMap(Plan::id, Function.identity()));
    }

    /** Puts a customer on a plan from a day on (replacing an assignment of the same day). */
    public PlanAssignment assignPlan(String actor, String customerId, String planId, LocalDate from) {
        if (planId == null || from == null) {
            throw new InvalidInputException("invalid_plan_assignment", "Choose a plan and the day it starts.");
        }
        customers.require(customerId);
        if (plan(planId).isEmpty()) {
            throw new InvalidInputException("unknown_plan", "Unknown plan '" + planId + "'.");
        }
        Optional<PlanAssignment> before = assignments(customerId).stream().filter(a -> a.from().equals(from))
                .findFirst();
        var assignment = new PlanAssignment(planId, from);
        billing.assign(customerId, assignment);
        audit.record(actor, AuditAction.PLAN_ASSIGN, customerId, before.map(PlanCatalogue::text).orElse(null),
                text(assignment));
        return assignment;
    }

    /** The customer's plan assignments, oldest first. */
    public List<PlanAssignment> assignments(String customerId) {
        return billing.assignments(customerId);
    }

    /** Sets a model's token price from a day on (replacing a price of the same model and day). */
    public TokenPrice setTokenPrice(String actor, TokenPrice price) {
        if (!Ids.MODEL_ID.matcher(price.modelId()).matches()) {
            throw new InvalidInputException("invalid_model_id", "A model id is 1 to 256 letters, digits, '.', '_', "
                    + "':', '/' or '-', as Bedrock spells it; was '" + price.modelId() + "'.");
        }
        Optional<TokenPrice> before = priceBook().prices().stream()
                .filter(p -> p.modelId().equals(price.modelId()) && p.effectiveFrom().equals(price.effectiveFrom()))
                .findFirst();
        billing.setTokenPrice(price);
        audit.record(actor, AuditAction.TOKEN_PRICE_SET, null, before.map(PlanText::price).orElse(null),
                PlanText.price(price));
        return price;
    }

    public PriceBook priceBook() {
        return billing.priceBook();
    }

    private static String text(PlanAssignment assignment) {
        return assignment.planId() + " from " + assignment.from();
    }
}
