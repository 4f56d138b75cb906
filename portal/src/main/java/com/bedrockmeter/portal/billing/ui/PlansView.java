package com.bedrockmeter.portal.billing.ui;

import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.billing.PlanText;
import com.bedrockmeter.model.billing.TokenPrice;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;

/**
 * Admins: the plans (pick one to edit it), a plan form, the token prices per model with their effective dates, and
 * a form to set a price. Customers are put on a plan from their detail page.
 */
@Route("admin/plans")
@PageTitle("Plans & prices | Bedrock Meter")
@RolesAllowed(Roles.ADMIN)
public class PlansView extends VerticalLayout {

    final Grid<Plan> plans = new Grid<>();
    final PlanForm planForm;
    final Grid<TokenPrice> prices = new Grid<>();
    final TokenPriceForm priceForm;
    private final BillingAdminService billing;

    public PlansView(BillingAdminService billing, Clock clock) {
        this.billing = billing;
        planForm = new PlanForm(billing, this::refresh);
        priceForm = new TokenPriceForm(billing, clock, this::refresh);
        plans.setId("plans");
        plans.setAllRowsVisible(true);
        plans.addColumn(Plan::id).setHeader("Id");
        plans.addColumn(Plan::name).setHeader("Name");
        plans.addColumn(p -> PlanText.pricing(p.callPricing())).setHeader("Pricing").setFlexGrow(3);
        plans.addColumn(p -> p.chargeTokens() ? "charged" : "not charged").setHeader("Tokens");
        plans.addItemClickListener(e -> planForm.edit(e.getItem()));
        prices.setId("token-prices");
        prices.setAllRowsVisible(true);
        prices.addColumn(TokenPrice::modelId).setHeader("Model").setFlexGrow(3);
        prices.addColumn(p -> p.effectiveFrom().toString()).setHeader("From");
        prices.addColumn(p -> p.inputPerMillion().amount().toPlainString()).setHeader("Input / 1M");
        prices.addColumn(p -> p.outputPerMillion().amount().toPlainString()).setHeader("Output / 1M");
        prices.addColumn(p -> p.cacheReadPerMillion().amount().toPlainString()).setHeader("Cache read / 1M");
        prices.addColumn(p -> p.cacheWritePerMillion().amount().toPlainString()).setHeader("Cache write / 1M");
        add(new H2("Plans & prices"), plans, new H3("Create or edit a plan"),
                new Paragraph("A plan change prices every draft invoice computed afterwards; finalized invoices never "
                        + "change."), planForm, new H3("Token prices (USD per million tokens)"), prices, priceForm);
        refresh();
    }

    void refresh() {
        plans.setItems(billing.plans());
        prices.setItems(billing.tokenPrices());
    }
}
