package com.bedrockmeter.cli;

import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.config.ModelProperties;
import com.bedrockmeter.model.config.Repositories;
import com.bedrockmeter.model.config.Services;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.usage.Reconciliation;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The services the commands use ({@link Services}, wired where the portal's are), over one DynamoDB client that
 * {@link #close()} releases.
 */
final class CliStore implements AutoCloseable {

    private final DynamoDbClient dynamo;
    private final Clock clock = Clock.systemUTC();
    private final Services services;
    private final DynamoUsageRepository usage;

    CliStore(DynamoDbClient dynamo, ModelProperties.Tables tables, boolean createMissingTables) {
        this.dynamo = dynamo;
        Repositories repositories = Repositories.on(dynamo, tables, createMissingTables);
        // the sign-up policy is the portal's (self-service sign-up); the CLI never onboards
        this.services = Services.wire(repositories, clock, NewCustomerPolicy.SAFE_DEFAULT);
        this.usage = repositories.usage();
    }

    /** Who the audit log names for this CLI's actions: the operating-system user. */
    String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    Clock clock() {
        return clock;
    }

    CustomerService customers() {
        return services.customers();
    }

    ApiKeyService keys() {
        return services.keys();
    }

    DynamoUsageRepository usage() {
        return usage;
    }

    PlanCatalogue catalogue() {
        return services.catalogue();
    }

    BillingRuns billing() {
        return services.billing();
    }

    Invoices invoices() {
        return services.invoices();
    }

    Reconciliation reconciliation() {
        return services.reconciliation();
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
