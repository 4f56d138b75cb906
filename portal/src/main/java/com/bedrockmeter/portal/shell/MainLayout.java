package com.bedrockmeter.portal.shell;

import com.bedrockmeter.portal.base.ui.CustomerOnly;
import com.bedrockmeter.portal.apikey.ui.ApiKeysView;
import com.bedrockmeter.portal.audit.ui.AuditLogView;
import com.bedrockmeter.portal.customer.ui.CustomersView;
import com.bedrockmeter.portal.onboarding.ui.OnboardingView;
import com.bedrockmeter.portal.quickstart.ui.QuickstartView;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.security.PortalUser;
import com.bedrockmeter.portal.usage.ui.DashboardView;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.spring.security.AuthenticationContext;

/**
 * The frame of every signed-in view: navigation by role, the person's e-mail and sign-out. A customer who has not
 * finished onboarding is sent to the onboarding form, whatever URL they open; an admin without a customer account
 * of their own is sent from the {@link CustomerOnly} views to the customers list.
 */
@Layout
@AnonymousAllowed
public class MainLayout extends AppLayout implements BeforeEnterObserver {

    private final CurrentUser currentUser;

    public MainLayout(CurrentUser currentUser, AuthenticationContext authentication) {
        this.currentUser = currentUser;
        PortalUser user = currentUser.user().orElse(null);
        SideNav nav = new SideNav();
        if (user == null || !user.admin() || currentUser.customer().isPresent()) {
            nav.addItem(new SideNavItem("Dashboard", DashboardView.class));
            nav.addItem(new SideNavItem("Usage", "usage"));
            nav.addItem(new SideNavItem("API keys", ApiKeysView.class));
            nav.addItem(new SideNavItem("Billing", "billing"));
        }
        nav.addItem(new SideNavItem("Quickstart", QuickstartView.class));
        if (user != null && user.admin()) {
            SideNavItem admin = new SideNavItem("Admin");
            admin.addItem(new SideNavItem("Customers", CustomersView.class));
            admin.addItem(new SideNavItem("Plans & prices", "admin/plans"));
            admin.addItem(new SideNavItem("Billing runs", "admin/billing"));
            admin.addItem(new SideNavItem("Invoices", "admin/invoices"));
            admin.addItem(new SideNavItem("Analytics", "admin/analytics"));
            admin.addItem(new SideNavItem("Audit log", AuditLogView.class));
            admin.setExpanded(true);
            nav.addItem(admin);
        }
        addToDrawer(nav);
        H1 title = new H1("Bedrock Meter");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        if (user != null) {
            Span who = new Span(user.email() == null ? user.subject() : user.email());
            who.setId("signed-in-as");
            Button signOut = new Button("Sign out", e -> authentication.logout());
            signOut.setId("sign-out");
            header.add(who, signOut);
            header.expand(title);
        }
        addToNavbar(header);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean onboarding = OnboardingView.class.equals(event.getNavigationTarget());
        // a refusal is shown as it is: an admin whose rights lapsed is told to sign in again, not sent to onboarding
        boolean denied = AccessDeniedView.class.equals(event.getNavigationTarget());
        currentUser.user().ifPresent(user -> {
            if (!onboarding && !denied && !user.admin() && currentUser.customer().isEmpty()) {
                event.forwardTo(OnboardingView.class);
            } else if (user.admin() && currentUser.customer().isEmpty()
                    && CustomerOnly.class.isAssignableFrom(event.getNavigationTarget())) {
                event.forwardTo(CustomersView.class);
            }
        });
    }
}
