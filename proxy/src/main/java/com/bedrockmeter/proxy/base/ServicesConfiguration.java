package com.bedrockmeter.proxy.base;

import com.bedrockmeter.proxy.ProxyProperties;
import com.bedrockmeter.proxy.audit.AuditLog;
import com.bedrockmeter.proxy.audit.DynamoAuditLogRepository;
import com.bedrockmeter.proxy.base.DataModelConfiguration.Repositories;
import com.bedrockmeter.proxy.billing.BillingService;
import com.bedrockmeter.proxy.billing.DynamoBillingRepository;
import com.bedrockmeter.proxy.customer.ApiKeyService;
import com.bedrockmeter.proxy.customer.CustomerService;
import com.bedrockmeter.proxy.customer.OnboardingService;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The use cases on the data model (customers, keys, audit, billing, onboarding) for the applications that offer
 * them: the portal and the tests import this class. Deliberately not a {@code @Configuration}: component scanning
 * does not pick it up, so the proxy's request path (and the Lambda's context) never builds what no call uses.
 */
public class ServicesConfiguration {

    @Bean
    ApiKeyService apiKeyService(Repositories repositories, Clock clock, AuditLog audit) {
        return new ApiKeyService(repositories.keys(), repositories.customers(), clock, audit);
    }

    @Bean
    CustomerService customerService(Repositories repositories, ApiKeyService keys, Clock clock, AuditLog audit) {
        return new CustomerService(repositories.customers(), keys, clock, audit);
    }

    @Bean
    AuditLog auditLog(DynamoDbClient dynamo, ProxyProperties properties, Repositories tablesExist, Clock clock) {
        return new AuditLog(new DynamoAuditLogRepository(dynamo, properties.tables().auditLog()), clock);
    }

    @Bean
    BillingService billingService(DynamoDbClient dynamo, ProxyProperties properties, Repositories tablesExist,
            CustomerService customers, Clock clock) {
        return new BillingService(new DynamoBillingRepository(dynamo, properties.tables().billing()), customers,
                tablesExist.usage(), clock);
    }

    @Bean
    OnboardingService onboardingService(Repositories repositories, CustomerService customers, Clock clock,
                                        ProxyProperties properties) {
        return new OnboardingService(repositories.subjects(), customers, clock, properties.newCustomers().policy());
    }
}
