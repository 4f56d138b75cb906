package com.bedrockmeter.portal.onboarding.ui;

import com.bedrockmeter.portal.apikey.ui.TokenDialog;
import com.bedrockmeter.portal.base.ui.Notifications;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.security.PortalUser;
import com.bedrockmeter.portal.usage.ui.DashboardView;
import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import com.bedrockmeter.model.customer.OnboardingService;
import com.bedrockmeter.portal.base.ui.LimitsText;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;

/**
 * A new person's first sign-in: company name, billing e-mail, terms; then their customer and first token, shown
 * once. Invalid input is shown on the field and nothing is saved.
 */
@Route("onboarding")
@PageTitle("Welcome | Bedrock Meter")
@PermitAll
public class OnboardingView extends VerticalLayout implements BeforeEnterObserver {

    final TextField company = new TextField("Customer / company name");
    final EmailField email = new EmailField("Billing e-mail");
    final Checkbox terms = new Checkbox("I accept the terms of service");
    final Button create = new Button("Create my account");
    private final CurrentUser currentUser;
    private final OnboardingService onboarding;

    public OnboardingView(CurrentUser currentUser, OnboardingService onboarding) {
        this.currentUser = currentUser;
        this.onboarding = onboarding;
        setMaxWidth("40em");
        company.setId("company");
        company.setWidthFull();
        email.setId("billing-email");
        email.setWidthFull();
        terms.setId("accept-terms");
        create.setId("create-account");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> submit());
        currentUser.user().map(PortalUser::email).ifPresent(email::setValue);
        NewCustomerPolicy policy = onboarding.policy();
        Paragraph offer = new Paragraph("Your account starts with " + LimitsText.describe(policy.limits()) + "."
                + (policy.approvalRequired() ? " Your provider approves new accounts: your token works once they have."
                : ""));
        offer.setId("new-customer-offer");
        add(new H2("Welcome to Bedrock Meter"),
                new Paragraph("Tell us who you are; your first API token follows right away."),
                offer, company, email, terms, create);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (currentUser.customer().isPresent()) {
            event.forwardTo(DashboardView.class);
        }
    }

    void submit() {
        company.setInvalid(false);
        email.setInvalid(false);
        terms.setInvalid(false);
        PortalUser user = currentUser.requireUser();
        try {
            CreatedCustomer created = onboarding.onboard(currentUser.actor(), user.subject(), company.getValue(),
                    email.getValue(), terms.getValue());
            TokenDialog dialog = new TokenDialog(onboarding.policy().approvalRequired()
                    ? "Your first API token (works once your account is approved)" : "Your first API token",
                    created.token());
            dialog.addOpenedChangeListener(e -> {
                if (!e.isOpened()) {
                    getUI().ifPresent(ui -> ui.navigate(DashboardView.class));
                }
            });
            dialog.open();
        } catch (ApiException e) {
            switch (e.code()) {
                case "invalid_name" -> invalid(company, e.getMessage());
                case "invalid_email" -> invalid(email, e.getMessage());
                case "terms_not_accepted" -> {
                    terms.setInvalid(true);
                    terms.setErrorMessage(e.getMessage());
                }
                default -> Notifications.error(e.getMessage());
            }
        }
    }

    private static void invalid(com.vaadin.flow.component.HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }
}
