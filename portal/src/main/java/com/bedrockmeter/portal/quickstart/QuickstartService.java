package com.bedrockmeter.portal.quickstart;

import com.bedrockmeter.model.config.ModelProperties;
import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.portal.security.CurrentUser;
import com.bedrockmeter.portal.security.Roles;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What the quickstart fills in for the signed-in person; anyone signed in. */
@Service
@PreAuthorize("hasRole('" + Roles.USER + "')")
public class QuickstartService {

    private final CurrentUser currentUser;
    private final ModelProperties settings;

    QuickstartService(CurrentUser currentUser, ModelProperties settings) {
        this.currentUser = currentUser;
        this.settings = settings;
    }

    /**
     * The model ids the signed-in person's customer may call, by the proxy's rule: the customer's own list, else
     * the default list (also for an admin without a customer account, who sees what a new customer gets). The
     * default list is this portal's setting; the proxy answers with its own on {@code GET /v1/models}.
     */
    public List<String> callableModels() {
        return currentUser.customer().map(Customer::allowedModels).filter(models -> !models.isEmpty())
                .orElse(settings.requests().allowedModels());
    }
}
