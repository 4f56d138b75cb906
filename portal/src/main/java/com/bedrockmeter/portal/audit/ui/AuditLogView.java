package com.bedrockmeter.portal.audit.ui;

import com.bedrockmeter.portal.audit.AuditPortalService;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.audit.AuditEvent;
import com.bedrockmeter.model.audit.AuditQuery;
import com.bedrockmeter.model.base.ApiException;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Admins: every admin and key action, filterable by customer, actor and date. */
@Route("admin/audit")
@PageTitle("Audit log | Bedrock Meter")
@RolesAllowed(Roles.ADMIN)
public class AuditLogView extends VerticalLayout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    final TextField customer = new TextField("Customer id");
    final TextField actor = new TextField("Actor (e-mail)");
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Grid<AuditEvent> grid = new Grid<>();
    private final AuditPortalService audit;

    public AuditLogView(AuditPortalService audit) {
        this.audit = audit;
        from.setValue(audit.today().minusDays(6));
        to.setValue(audit.today());
        customer.setId("audit-customer");
        customer.setValueChangeMode(ValueChangeMode.LAZY);
        actor.setValueChangeMode(ValueChangeMode.LAZY);
        customer.addValueChangeListener(e -> refresh());
        actor.addValueChangeListener(e -> refresh());
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());
        grid.setId("audit-events");
        grid.addColumn(e -> WHEN.format(e.at())).setHeader("When").setAutoWidth(true);
        grid.addColumn(AuditEvent::actor).setHeader("Who").setAutoWidth(true);
        grid.addColumn(AuditEvent::action).setHeader("What").setAutoWidth(true);
        grid.addColumn(AuditEvent::customerId).setHeader("Customer");
        grid.addColumn(e -> e.before() == null ? "" : e.before()).setHeader("Before");
        grid.addColumn(e -> e.after() == null ? "" : e.after()).setHeader("After");
        add(new H2("Audit log"), new HorizontalLayout(customer, actor, from, to), grid);
        refresh();
    }

    void refresh() {
        to.setInvalid(false);
        try {
            grid.setItems(audit.search(new AuditQuery(from.getValue(), to.getValue(), customer.getValue(),
                    actor.getValue())));
        } catch (ApiException e) {
            to.setErrorMessage(e.getMessage());
            to.setInvalid(true);
        }
    }
}
