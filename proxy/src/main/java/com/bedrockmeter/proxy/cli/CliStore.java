package com.bedrockmeter.proxy.cli;

import com.bedrockmeter.proxy.ProxyProperties;
import com.bedrockmeter.proxy.audit.AuditAction;
import com.bedrockmeter.proxy.audit.AuditLog;
import com.bedrockmeter.proxy.audit.DynamoAuditLogRepository;
import com.bedrockmeter.proxy.billing.BillingService;
import com.bedrockmeter.proxy.billing.DynamoBillingRepository;
import com.bedrockmeter.proxy.customer.ApiKeyService;
import com.bedrockmeter.proxy.customer.CustomerService;
import com.bedrockmeter.proxy.customer.DynamoApiKeyRepository;
import com.bedrockmeter.proxy.customer.DynamoCustomerRepository;
import com.bedrockmeter.proxy.metering.DynamoUsageRepository;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The services the commands use, over one DynamoDB client that {@link #close()} releases. */
final class CliStore implements AutoCloseable {

    private final DynamoDbClient dynamo;
    private final Clock clock = Clock.systemUTC();
    private final CustomerService customers;
    private final ApiKeyService keys;
    private final DynamoUsageRepository usage;
    private final AuditLog audit;
    private final BillingService billing;

    CliStore(DynamoDbClient dynamo, ProxyProperties.Tables tables) {
        this.dynamo = dynamo;
        DynamoCustomerRepository customerRepository = new DynamoCustomerRepository(dynamo, tables.customers());
        this.audit = new AuditLog(new DynamoAuditLogRepository(dynamo, tables.auditLog()), clock);
        this.keys = new ApiKeyService(new DynamoApiKeyRepository(dynamo, tables.apiKeys()), customerRepository, clock,
                audit);
        this.customers = new CustomerService(customerRepository, keys, clock, audit);
        this.usage = new DynamoUsageRepository(dynamo, tables.usage());
        this.billing = new BillingService(new DynamoBillingRepository(dynamo, tables.billing()), customers, usage,
                clock);
    }

    /** Who the audit log names for this CLI's actions: the operating-system user. */
    String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    /** Records an admin action in the audit log, with the operating-system user as the actor. */
    void audit(AuditAction action, String customerId, String before, String after) {
        audit.record(actor(), action, customerId, before, after);
    }

    Clock clock() {
        return clock;
    }

    CustomerService customers() {
        return customers;
    }

    ApiKeyService keys() {
        return keys;
    }

    DynamoUsageRepository usage() {
        return usage;
    }

    BillingService billing() {
        return billing;
    }

    @Override
    public void close() {
        dynamo.close();
    }
}
