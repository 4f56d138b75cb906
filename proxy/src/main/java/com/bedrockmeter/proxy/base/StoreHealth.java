package com.bedrockmeter.proxy.base;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether the store can be reached, so that calls fail closed (503, Bedrock not called) even when nothing on their
 * own path touches the store: calls of customers without limits are authenticated from the cache and metered
 * through the counter buffer. A heartbeat read every interval, and any failed counter flush, mark the store down;
 * the next successful heartbeat marks it up. So a store outage stops calls within one interval.
 *
 * <p>With {@link #ALWAYS_UP} (Lambda: every call writes to the store itself) there is no heartbeat.
 */
public class StoreHealth implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);
    public static final StoreHealth ALWAYS_UP = new StoreHealth();

    private final ScheduledExecutorService heartbeat;
    private volatile boolean up = true;
    private volatile boolean closed;

    private StoreHealth() {
        this.heartbeat = null;
    }

    public StoreHealth(DynamoDbClient dynamo, String table, String keyAttribute, Duration interval) {
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-heartbeat");
            t.setDaemon(true);
            return t;
        });
        Map<String, AttributeValue> key = Map.of(keyAttribute, AttributeValue.fromS("__heartbeat__"));
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                dynamo.getItem(r -> r.tableName(table).key(key));
                if (!up) {
                    log.info("The store is reachable again");
                }
                up = true;
            } catch (RuntimeException e) {
                if (!closed) { // closing interrupts a heartbeat in flight: that is no outage
                    markDown(e);
                }
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @throws StoreUnavailableException when the store was found down and has not answered since */
    public void requireUp() {
        if (!up) {
            throw new StoreUnavailableException(null);
        }
    }

    public void markDown(Throwable cause) {
        if (up) {
            log.warn("The store is unreachable; refusing calls until it answers: {}", cause.getMessage());
        }
        up = false;
    }

    @Override
    public void close() {
        closed = true;
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }
}
