package com.bedrockmeter.portal.customer.ui;

import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.proxy.customer.Customer;
import com.bedrockmeter.proxy.customer.CustomerStatus;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;

/** Admins: every customer, searchable and sortable; suspend and reactivate. */
@Route("admin/customers")
@PageTitle("Customers | Bedrock Meter")
@RolesAllowed(Roles.ADMIN)
public class CustomersView extends VerticalLayout {

    final TextField search = new TextField();
    final Grid<Customer> grid = new Grid<>();
    private final CustomerAdminService customers;

    public CustomersView(CustomerAdminService customers) {
        this.customers = customers;
        search.setPlaceholder("Search name, e-mail or id");
        search.setId("customer-search");
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.addValueChangeListener(e -> refresh());
        grid.setId("customers");
        grid.addColumn(Customer::name).setHeader("Name").setSortable(true);
        grid.addColumn(Customer::email).setHeader("E-mail").setSortable(true);
        grid.addColumn(c -> c.status().name().toLowerCase()).setHeader("Status").setSortable(true);
        grid.addColumn(c -> c.limits().dailyRequests() == null ? "unlimited" : c.limits().dailyRequests().toString())
                .setHeader("Daily limit");
        grid.addColumn(Customer::id).setHeader("Id");
        grid.addComponentColumn(this::statusButton).setKey("status-action");
        grid.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(CustomerDetailView.class,
                new com.vaadin.flow.router.RouteParameters("customerId", e.getItem().id()))));
        Button newCustomer = new Button("New customer", e -> new CreateCustomerDialog(customers, this::refresh).open());
        newCustomer.setId("new-customer");
        add(new H2("Customers"), new com.vaadin.flow.component.orderedlayout.HorizontalLayout(search, newCustomer),
                grid);
        refresh();
    }

    void refresh() {
        grid.setItems(customers.search(search.getValue()));
    }

    private Button statusButton(Customer customer) {
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
