package com.bedrockmeter.proxy.base;

import java.util.Map;
import java.util.Set;

/**
 * The DynamoDB actions the request path (the proxy Lambda) calls, per table: its IAM role grants exactly these.
 * {@code InfraTemplateTest} checks the template's policy against this list, and {@code LambdaHandlerIT} checks this
 * list against the calls the handler really makes (answered, refused and failed calls, with every kind of limit).
 */
public final class RequestPathPermissions {

    /** Table (by its role in {@code ProxyProperties.Tables}) to DynamoDB actions. */
    public static final Map<String, Set<String>> DYNAMODB = Map.of(
            // authentication: the customer's status and limits
            "customers", Set.of("GetItem"),
            // authentication by token hash, and the key's last use
            "apiKeys", Set.of("GetItem", "UpdateItem"),
            // admission and settlement (conditional ADDs; a read only to tell a retried admission from a refusal)
            "usage", Set.of("GetItem", "UpdateItem"));

    /** Bedrock actions, on the allowed models only. */
    public static final Set<String> BEDROCK = Set.of("InvokeModel", "InvokeModelWithResponseStream");

    private RequestPathPermissions() {
    }
}
