package com.bedrockmeter.model.config;

import com.bedrockmeter.model.audit.AuditLog;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.OnboardingService;
import java.time.Clock;
import org.springframework.context.annotation.Bean;

/**
 * The use cases ({@link Services}) as beans, for the applications that offer them: the portal and the tests import
 * this class. Deliberately not a {@code @Configuration}: component scanning does not pick it up, so the proxy's
 * request path (and the Lambda's context) never builds what no call uses.
 */
public class ServicesConfiguration {

    @Bean
    Services services(Repositories repositories, Clock clock, ModelProperties properties) {
        return Services.wire(repositories, clock, properties.newCustomers().policy());
    }

    @Bean
    ApiKeyService apiKeyService(Services services) {
        return services.keys();
    }

    @Bean
    CustomerService customerService(Services services) {
        return services.customers();
    }

    @Bean
    AuditLog auditLog(Services services) {
        return services.audit();
    }

    @Bean
    PlanCatalogue planCatalogue(Services services) {
        return services.catalogue();
    }

    @Bean
    BillingRuns billingRuns(Services services) {
        return services.billing();
    }

    @Bean
    Invoices invoices(Services services) {
        return services.invoices();
    }

    @Bean
    OnboardingService onboardingService(Services services) {
        return services.onboarding();
    }
}
