package com.bedrockmeter.cli;

import com.bedrockmeter.model.customer.ApiKey;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.ApiKeyService.Rotation;
import com.bedrockmeter.model.base.InvalidInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** update-token, revoke, keys. Only update-token prints a token (the new one, once); hashes are never printed. */
final class KeyCommands {

    private KeyCommands() {
    }

    static CliAction updateToken(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        Optional<String> token = CliValues.token("token", arguments.flag("token"));
        Duration grace = arguments.has("grace-period")
                ? CliValues.gracePeriod("grace-period", arguments.flag("grace-period"))
                : ApiKeyService.DEFAULT_GRACE;
        return (store, output) -> {
            store.customers().require(customerId);
            Rotation rotation = store.keys().rotateKey(store.actor(), customerId, token, grace);
            List<String> retired = rotation.retired().stream().map(ApiKey::keyId).toList();
            if (output.json()) {
                ObjectNode result = output.object()
                        .put("customerId", customerId)
                        .put("keyId", rotation.token().keyId())
                        .put("token", rotation.token().token())
                        .put("gracePeriod", grace.toString());
                CliOutput.putTime(result, "oldKeysStopAt", rotation.oldKeysStopAt());
                ArrayNode ids = result.putArray("retiredKeyIds");
                retired.forEach(ids::add);
                output.print(result);
                if (token.isEmpty()) {
                    output.warn(CustomerCommands.SHOWN_ONCE_WARNING);
                }
                return;
            }
            output.line("Token rotated");
            output.line("  Customer ID: " + customerId);
            output.line("  Key ID:      " + rotation.token().keyId());
            CustomerCommands.tokenLines(output, rotation.token().token(), token.isPresent());
            String keys = (retired.size() == 1 ? "Old key " : "Old keys ") + String.join(", ", retired);
            if (retired.isEmpty()) {
                output.line("No other key was working; nothing else changed.");
            } else if (grace.isZero()) {
                output.line(keys + (retired.size() == 1 ? " is" : " are") + " revoked now");
            } else {
                output.line(keys + (retired.size() == 1 ? " keeps" : " keep") + " working until "
                        + CliOutput.time(rotation.oldKeysStopAt()) + " (grace period " + CliValues.human(grace) + ")");
            }
        };
    }

    static CliAction revoke(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        String keyId = arguments.has("key-id") ? keyId(arguments.flag("key-id")) : null;
        return (store, output) -> {
            store.customers().require(customerId);
            List<String> revoked;
            if (keyId == null) {
                revoked = store.keys().revokeAll(store.actor(), customerId).stream().map(ApiKey::keyId).toList();
            } else {
                revoked = store.keys().revokeKey(store.actor(), customerId, keyId) ? List.of(keyId) : List.of();
            }
            if (output.json()) {
                ObjectNode result = output.object().put("customerId", customerId);
                ArrayNode ids = result.putArray("revokedKeyIds");
                revoked.forEach(ids::add);
                output.print(result);
                return;
            }
            if (revoked.isEmpty()) {
                output.line(keyId == null ? "Customer " + customerId + " had no working key; nothing revoked."
                        : "Key " + keyId + " had already stopped working; nothing revoked.");
            } else {
                output.line("Revoked " + String.join(", ", revoked) + " of customer " + customerId);
            }
            if (keyId == null) {
                output.line("The customer has no working key now; issue one with update-token.");
            }
        };
    }

    static CliAction keys(CliArguments arguments) {
        String customerId = CliValues.customerId(arguments.flag("customer-id"));
        return (store, output) -> {
            store.customers().require(customerId);
            List<ApiKey> keys = store.keys().keys(customerId);
            Instant now = store.clock().instant();
            if (output.json()) {
                ArrayNode result = output.array();
                for (ApiKey key : keys) {
                    ObjectNode node = result.addObject()
                            .put("keyId", key.keyId())
                            .put("name", key.name())
                            .put("prefix", key.prefix())
                            .put("status", key.status(now).name());
                    CliOutput.putTime(node, "createdAt", key.createdAt());
                    CliOutput.putTime(node, "expiresAt", key.expiresAt());
                    CliOutput.putTime(node, "revokedAt", key.revokedAt());
                    CliOutput.putTime(node, "lastUsedAt", key.lastUsedAt());
                }
                output.print(result);
                return;
            }
            if (keys.isEmpty()) {
                output.line("Customer " + customerId + " has no keys.");
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            for (ApiKey key : keys) {
                rows.add(List.of(key.keyId(), key.name(), key.prefix(), key.status(now).name(),
                        CliOutput.time(key.createdAt()), CliOutput.time(key.revokedAt() != null ? key.revokedAt()
                                : key.expiresAt()), CliOutput.time(key.lastUsedAt())));
            }
            output.table(List.of("KEY ID", "NAME", "PREFIX", "STATUS", "CREATED", "EXPIRES/REVOKED", "LAST USED"),
                    rows, Set.of());
        };
    }

    private static String keyId(String value) {
        String clean = value.strip();
        if (clean.isEmpty()) {
            throw new InvalidInputException("invalid_key_id", "--key-id must not be empty");
        }
        return clean;
    }
}
