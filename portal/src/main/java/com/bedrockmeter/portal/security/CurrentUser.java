package com.bedrockmeter.portal.security;

import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.OnboardingService;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Who is signed in, and which customer is theirs. Every customer-scoped read and write in the portal asks
 * {@link #requireAccessTo(String)} first: a customer reaches their own customer only, an admin any.
 */
@Component
public class CurrentUser {

    private final OnboardingService onboarding;

    public CurrentUser(OnboardingService onboarding) {
        this.onboarding = onboarding;
    }

    public Optional<PortalUser> user() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof OidcUser oidc)) {
            return Optional.empty();
        }
        boolean admin = auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + Roles.ADMIN));
        String name = oidc.getFullName() != null ? oidc.getFullName() : oidc.getSubject();
        return Optional.of(new PortalUser(oidc.getSubject(), OidcRoleMapper.email(oidc), name, admin));
    }

    public PortalUser requireUser() {
        return user().orElseThrow(() -> new AccessDeniedException("Not signed in"));
    }

    /** How the audit log names the signed-in person: their e-mail, else their subject. */
    public String actor() {
        PortalUser user = requireUser();
        return user.email() != null ? user.email() : "subject:" + user.subject();
    }

    /** The customer bound to the signed-in person, if they have finished onboarding. */
    public Optional<Customer> customer() {
        return user().flatMap(u -> onboarding.customerOf(u.subject()));
    }

    /** @throws AccessDeniedException unless the signed-in person is an admin or this is their own customer */
    public void requireAccessTo(String customerId) {
        PortalUser user = requireUser();
        if (user.admin()) {
            return;
        }
        boolean own = customer().map(c -> c.id().equals(customerId)).orElse(false);
        if (!own) {
            throw new AccessDeniedException("No access to this customer");
        }
    }
}
