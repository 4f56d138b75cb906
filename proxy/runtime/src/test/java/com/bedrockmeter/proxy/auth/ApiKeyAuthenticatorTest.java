package com.bedrockmeter.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.customer.DynamoApiKeyRepository;
import com.bedrockmeter.model.customer.DynamoCustomerRepository;
import com.bedrockmeter.model.customer.Tokens;
import com.bedrockmeter.model.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The authenticator's own rules, with the store's answers scripted and every read counted: what is refused before
 * any read, what the caches save, and when a key's state takes effect. {@code ApiKeyAuthenticatorIT} runs it against
 * dynalite.
 */
class ApiKeyAuthenticatorTest {

    private static final String TOKEN = "bm_" + "A".repeat(20) + "b".repeat(23);
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    /** The two tables' answers, as the test sets them (no answer: no item); every read and write is recorded. */
    private static final class ScriptedTables implements DynamoDbClient {
        final Map<String, Map<String, AttributeValue>> answers = new HashMap<>();
        final List<GetItemRequest> reads = new ArrayList<>();
        final List<UpdateItemRequest> writes = new ArrayList<>();

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            reads.add(request);
            return GetItemResponse.builder().item(answers.get(request.tableName())).build();
        }

        @Override
        public GetItemResponse getItem(Consumer<GetItemRequest.Builder> request) {
            return getItem(GetItemRequest.builder().applyMutation(request).build());
        }

        @Override
        public UpdateItemResponse updateItem(UpdateItemRequest request) {
            writes.add(request);
            return UpdateItemResponse.builder().build();
        }

        @Override
        public UpdateItemResponse updateItem(Consumer<UpdateItemRequest.Builder> request) {
            return updateItem(UpdateItemRequest.builder().applyMutation(request).build());
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private final ScriptedTables store = new ScriptedTables();
    private final TestClock clock = new TestClock();
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(
            new DynamoApiKeyRepository(store, "keys"), new DynamoCustomerRepository(store, "customers"), clock,
            Duration.ofMinutes(5), Runnable::run);

    ApiKeyAuthenticatorTest() {
        clock.set(NOW);
    }

    private void keyAnswers(String... attributes) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                "tokenHash", s(Tokens.hash(TOKEN)), "keyId", s("key-1"), "customerId", s("cust-1"),
                "name", s("default"), "prefix", s("bm_AAAA"), "createdAt", s("2026-11-01T00:00:00.000Z")));
        for (int i = 0; i < attributes.length; i += 2) {
            item.put(attributes[i], s(attributes[i + 1]));
        }
        store.answers.put("keys", item);
    }

    private void customerAnswers(String status) {
        store.answers.put("customers", Map.of("customerId", s("cust-1"), "name", s("Acme"),
                "email", s("billing@acme.example"), "status", s(status), "createdAt", s("2026-11-01T00:00:00.000Z")));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private String refusal(String authorization) {
        return catchThrowableOfType(ApiException.class, () -> authenticator.authenticate(authorization)).code();
    }

    @Test
    void aWorkingKey_givesTheCallerOfItsCustomer_andRecordsItsUseOnce() {
        keyAnswers();
        customerAnswers("ACTIVE");

        Caller caller = authenticator.authenticate("Bearer " + TOKEN);
        authenticator.authenticate("bearer " + TOKEN);

        assertThat(caller.customerId()).isEqualTo("cust-1");
        assertThat(caller.keyId()).isEqualTo("key-1");
        // one read of each table for both calls (cached), one last-use write (at most once a minute)
        assertThat(store.reads).extracting(GetItemRequest::tableName).containsExactly("keys", "customers");
        assertThat(store.writes).singleElement()
                .satisfies(w -> assertThat(w.key().get("tokenHash").s()).isEqualTo(Tokens.hash(TOKEN)));
    }

    @Test
    void badHeaders_areRefused_withoutReadingTheStore() {
        assertThat(refusal(null)).isEqualTo("missing_token");
        assertThat(refusal("  ")).isEqualTo("missing_token");
        assertThat(refusal("Basic " + TOKEN)).isEqualTo("malformed_authorization");
        assertThat(refusal("Bearer ")).isEqualTo("malformed_authorization");
        assertThat(refusal("Bearer " + TOKEN + " extra")).isEqualTo("malformed_authorization");
        assertThat(refusal("Bearer short-token")).isEqualTo("invalid_token");
        assertThat(refusal("Bearer " + "x".repeat(ApiKeyAuthenticator.MAX_TOKEN_LENGTH + 1)))
                .isEqualTo("invalid_token");

        assertThat(store.reads).isEmpty();
    }

    @Test
    void anUnknownToken_isReadOnce_thenRefusedFromItsOwnCache() {
        // no key item
        assertThat(refusal("Bearer " + TOKEN)).isEqualTo("invalid_token");
        assertThat(refusal("Bearer " + TOKEN)).isEqualTo("invalid_token");

        assertThat(store.reads).hasSize(1);
        assertThat(store.writes).isEmpty();
    }

    @Test
    void aRevokedKey_isRefusedAsRevoked() {
        keyAnswers("revokedAt", "2026-11-29T09:00:00.000Z");
        customerAnswers("ACTIVE");

        assertThat(refusal("Bearer " + TOKEN)).isEqualTo("token_revoked");
        assertThat(store.writes).isEmpty();
    }

    @Test
    void aRotatedKey_worksUntilItsGracePeriodEnds_toTheMillisecond_thoughItIsCached() {
        keyAnswers("expiresAt", "2026-11-29T10:00:01.000Z");
        customerAnswers("ACTIVE");
        authenticator.authenticate("Bearer " + TOKEN);

        clock.set(Instant.parse("2026-11-29T10:00:01Z"));

        assertThat(refusal("Bearer " + TOKEN)).isEqualTo("token_expired");
        assertThat(store.reads).hasSize(2); // the key stayed cached: expiry is checked against the clock
    }

    @Test
    void aSuspendedCustomer_isAuthenticated_butRefusedByRequireActive_andItsUseIsNotRecorded() {
        keyAnswers();
        customerAnswers("SUSPENDED");

        Caller caller = authenticator.authenticate("Bearer " + TOKEN);

        ApiException refused = catchThrowableOfType(ApiException.class, caller::requireActive);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("customer_suspended");
        assertThat(store.writes).isEmpty();
    }

    @Test
    void aKeyWhoseCustomerIsGone_isRefusedAsInvalid() {
        keyAnswers();

        assertThat(refusal("Bearer " + TOKEN)).isEqualTo("invalid_token");
    }
}
