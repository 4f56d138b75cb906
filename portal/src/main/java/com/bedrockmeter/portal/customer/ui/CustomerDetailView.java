package com.bedrockmeter.portal.customer.ui;

import com.bedrockmeter.portal.apikey.ApiKeyPortalService;
import com.bedrockmeter.portal.billing.BillingAdminService;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.portal.usage.UsagePortalService;
import com.bedrockmeter.portal.usage.ui.UsageCharts;
import com.bedrockmeter.model.customer.Customer;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

/** Admins: one customer's limits, plan, keys and usage charts. */
@Route("admin/customers/:customerId")
@PageTitle("Customer | Bedrock Meter")
@RolesAllowed(Roles.ADMIN)
public class CustomerDetailView extends VerticalLayout implements BeforeEnterObserver {

    LimitsForm limits;
    final UsageCharts charts = new UsageCharts();
    private final CustomerAdminService customers;
    private final ApiKeyPortalService keys;
    private final UsagePortalService usage;
    private final BillingAdminService billing;
    private final Clock clock;
    CustomerPlan plan;

    public CustomerDetailView(CustomerAdminService customers, ApiKeyPortalService keys, UsagePortalService usage,
            BillingAdminService billing, Clock clock) {
        this.customers = customers;
        this.keys = keys;
        this.usage = usage;
        this.billing = billing;
        this.clock = clock;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        removeAll();
        Optional<Customer> found = event.getRouteParameters().get("customerId").flatMap(customers::find);
        if (found.isEmpty()) {
            add(new H2("No such customer"));
            return;
        }
        Customer customer = found.get();
        limits = new LimitsForm(customer, customers);
        plan = new CustomerPlan(customer.id(), billing, clock);
        CustomerKeys keyList = new CustomerKeys(customer.id(), keys, clock);
        LocalDate today = usage.today();
        charts.show(usage.days(customer.id(), today.minusDays(29), today), today.minusDays(29), today);
        add(new H2(customer.name()),
                new Paragraph(customer.email() + " · " + customer.status().name().toLowerCase() + " · " + customer.id()),
                new H3("Limits"), limits, new H3("Plan"), plan, new H3("API keys"), keyList,
                new H3("Usage, last 30 days"), charts);
    }
}
