package com.bedrockmeter.model.config;

import java.time.Duration;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import com.bedrockmeter.model.audit.DynamoAuditLogRepository;
import com.bedrockmeter.model.billing.DynamoBillingRepository;
import com.bedrockmeter.model.customer.DynamoApiKeyRepository;
import com.bedrockmeter.model.customer.DynamoCustomerRepository;
import com.bedrockmeter.model.customer.DynamoSubjectBindingRepository;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/**
 * Creates the tables that are missing, in local mode only (in AWS the SAM template owns them). The definitions
 * come from the repositories, the one place each key schema is written in code.
 */
public final class LocalTables {

    private LocalTables() {
    }

    public static List<CreateTableRequest> definitions(ModelProperties.Tables tables) {
        return List.of(
                DynamoCustomerRepository.tableDefinition(tables.customers()),
                DynamoApiKeyRepository.tableDefinition(tables.apiKeys()),
                DynamoUsageRepository.tableDefinition(tables.usage()),
                DynamoSubjectBindingRepository.tableDefinition(tables.portalUsers()),
                DynamoAuditLogRepository.tableDefinition(tables.auditLog()),
                DynamoBillingRepository.tableDefinition(tables.billing()));
    }

    public static void createMissing(DynamoDbClient dynamo, ModelProperties.Tables tables) {
        Set<String> existing = Set.copyOf(dynamo.listTablesPaginator(r -> r.limit(100)).tableNames()
                .stream().toList());
        // dynalite makes a table ACTIVE a moment after creating it; the SDK's default waiter would look again only
        // 20 s after seeing it CREATING
        DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo).overrideConfiguration(o -> o
                .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(50))).maxAttempts(600)).build();
        for (CreateTableRequest definition : definitions(tables)) {
            if (existing.contains(definition.tableName())) {
                continue;
            }
            try {
                dynamo.createTable(definition);
            } catch (ResourceInUseException raced) {
                // another process created it first
            }
            waiter.waitUntilTableExists(r -> r.tableName(definition.tableName()));
        }
    }
}
