package com.bedrockmeter.proxy.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.bedrockmeter.model.base.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/** The fail-closed switch of the request path: heartbeats against a store that answers, fails and answers again. */
class StoreHealthTest {

    /** A store whose reads answer or fail as the test says, recording what was read. */
    private static final class Store implements DynamoDbClient {
        final List<GetItemRequest> reads = new ArrayList<>();
        RuntimeException failure;

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            reads.add(request);
            if (failure != null) {
                throw failure;
            }
            return GetItemResponse.builder().build();
        }

        @Override
        public GetItemResponse getItem(Consumer<GetItemRequest.Builder> request) {
            return getItem(GetItemRequest.builder().applyMutation(request).build());
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private final Store store = new Store();
    private final StoreHealth health = new StoreHealth(store, "bedrock_customers", "customerId");

    @AfterEach
    void close() {
        health.close();
    }

    @Test
    void requireUp_passes_whileTheHeartbeatIsAnswered() {
        health.beat();

        assertThatCode(health::requireUp).doesNotThrowAnyException();
        assertThat(store.reads).singleElement().satisfies(read -> {
            assertThat(read.tableName()).isEqualTo("bedrock_customers");
            assertThat(read.key().get("customerId").s()).isEqualTo("__heartbeat__");
        });
    }

    @Test
    void requireUp_refusesWith503StoreUnavailable_afterAFailedHeartbeat() {
        store.failure = SdkClientException.create("connection refused");

        health.beat();

        StoreUnavailableException refused = catchThrowableOfType(StoreUnavailableException.class, health::requireUp);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.code()).isEqualTo("store_unavailable");
        assertThat(refused.headers()).containsEntry("Retry-After", "1");
    }

    @Test
    void requireUp_passesAgain_afterTheNextAnsweredHeartbeat() {
        store.failure = SdkClientException.create("connection refused");
        health.beat();
        store.failure = null;

        health.beat();

        assertThatCode(health::requireUp).doesNotThrowAnyException();
    }

    @Test
    void markDown_byAFailedCounterFlush_refusesCalls_untilAHeartbeatIsAnswered() {
        health.markDown(new IllegalStateException("flush failed"));
        assertThatCode(health::requireUp).isInstanceOf(StoreUnavailableException.class);

        health.beat();

        assertThatCode(health::requireUp).doesNotThrowAnyException();
    }

    @Test
    void aHeartbeatCutShortByClosing_isNoOutage() {
        store.failure = SdkClientException.create("interrupted");
        health.close();

        health.beat();

        assertThatCode(health::requireUp).doesNotThrowAnyException();
    }

    @Test
    void alwaysUp_staysUp_whenMarkedDown_forNoHeartbeatWouldEverMarkItUpAgain() {
        StoreHealth.ALWAYS_UP.markDown(new IllegalStateException("a failed write"));

        assertThatCode(StoreHealth.ALWAYS_UP::requireUp).doesNotThrowAnyException();
    }
}
