package com.bedrockmeter.portal.customer.ui;

import com.bedrockmeter.portal.base.ui.LimitsText;
import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.portal.customer.CustomerAdminService.CustomerRow;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerStatus;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

/** Admins: every customer with today's calls and this month's tokens, searchable and sortable; create, suspend, reactivate. */
@Route("admin/customers")
@PageTitle("Customers | Bedrock Meter")
@RolesAllowed(Roles.ADMIN)
public class CustomersView extends VerticalLayout {

    final TextField search = new TextField();
    final Grid<CustomerRow> grid = new Grid<>();
    private final CustomerAdminService customers;

    public CustomersView(CustomerAdminService customers) {
        this.customers = customers;
        search.setPlaceholder("Search name, e-mail or id");
        search.setId("customer-search");
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> refresh());
        grid.setId("customers");
        grid.addColumn(r -> r.customer().name()).setHeader("Name").setSortable(true);
        grid.addColumn(r -> r.customer().email()).setHeader("E-mail").setSortable(true);
        grid.addColumn(r -> r.customer().status().name().toLowerCase().replace('_', ' ')).setHeader("Status")
                .setSortable(true);
        grid.addColumn(CustomerRow::callsToday).setHeader("Calls today").setSortable(true);
        grid.addColumn(CustomerRow::tokensThisMonth).setHeader("Tokens this month").setSortable(true);
        grid.addColumn(r -> r.customer().limits().dailyRequests() == null ? "unlimited"
                : r.customer().limits().dailyRequests().toString()).setHeader("Daily limit");
        grid.addComponentColumn(r -> statusButton(r.customer())).setKey("status-action");
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(CustomerDetailView.class,
                new com.vaadin.flow.router.RouteParameters("customerId", e.getItem().customer().id()))));
        Button newCustomer = new Button("New customer", e -> new CreateCustomerDialog(customers, this::refresh).open());
        newCustomer.setId("new-customer");
        add(new H2("Customers"), newCustomers(customers.newCustomerPolicy()),
                new com.vaadin.flow.component.orderedlayout.HorizontalLayout(search, newCustomer), grid);
        refresh();
    }

    void refresh() {
        grid.setItems(customers.searchWithUsage(search.getValue()));
    }

    /** The operator's rule for sign-ups, so that an admin knows what a new customer can do before looking. */
    static Paragraph newCustomers(NewCustomerPolicy policy) {
        Paragraph text = new Paragraph("Customers who sign up start with " + LimitsText.describe(policy.limits())
                + (policy.approvalRequired() ? "; their key works once an admin approves them (Approve below)."
                : "; their key works at once (no approval required)."));
        text.setId("new-customer-policy");
        return text;
    }

    private Button statusButton(Customer customer) {
        if (customer.status() == CustomerStatus.PENDING_APPROVAL) {
            Button approve = new Button("Approve", e -> {
                Customer changed = customers.approve(customer.id());
                Notifications.success(changed.name() + " is approved: their key works now");
                refresh();
            });
            approve.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_SUCCESS);
            return approve;
        }
        boolean active = customer.status() == CustomerStatus.ACTIVE;
        Button button = new Button(active ? "Suspend" : "Reactivate", e -> {
            Customer changed = active ? customers.suspend(customer.id()) : customers.reactivate(customer.id());
            Notifications.success(changed.name() + " is " + changed.status().name().toLowerCase());
            refresh();
        });
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, active ? ButtonVariant.LUMO_ERROR : ButtonVariant.LUMO_SUCCESS);
        return button;
    }
}
