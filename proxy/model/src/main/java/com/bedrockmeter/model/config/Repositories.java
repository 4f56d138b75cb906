package com.bedrockmeter.model.config;

import com.bedrockmeter.model.audit.DynamoAuditLogRepository;
import com.bedrockmeter.model.billing.DynamoBillingRepository;
import com.bedrockmeter.model.customer.DynamoApiKeyRepository;
import com.bedrockmeter.model.customer.DynamoCustomerRepository;
import com.bedrockmeter.model.customer.DynamoSubjectBindingRepository;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The persistence adapters over one DynamoDB client, one per table: plain objects, cheap to build. */
public record Repositories(DynamoCustomerRepository customers, DynamoApiKeyRepository keys,
                           DynamoUsageRepository usage, DynamoSubjectBindingRepository subjects,
                           DynamoAuditLogRepository audit, DynamoBillingRepository billing) {

    /**
     * @param createMissingTables local mode: create the tables that do not exist yet (in AWS the SAM template owns
     *                            them, and this is false)
     */
    public static Repositories on(DynamoDbClient dynamo, ModelProperties.Tables tables, boolean createMissingTables) {
        if (createMissingTables) {
            LocalTables.createMissing(dynamo, tables);
        }
        return new Repositories(new DynamoCustomerRepository(dynamo, tables.customers()),
                new DynamoApiKeyRepository(dynamo, tables.apiKeys()),
                new DynamoUsageRepository(dynamo, tables.usage()),
                new DynamoSubjectBindingRepository(dynamo, tables.portalUsers()),
                new DynamoAuditLogRepository(dynamo, tables.auditLog()),
                new DynamoBillingRepository(dynamo, tables.billing()));
    }
}
