package com.bedrockmeter.proxy.base;

import com.bedrockmeter.model.base.StoreUnavailableException;
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
    private final Runnable read;
    private volatile boolean up = true;
    private volatile boolean closed;

    private StoreHealth() {
        this.heartbeat = null;
        this.read = () -> { };
    }

    /** A heartbeat every {@code interval}, the first at once. */
    public StoreHealth(DynamoDbClient dynamo, String table, String keyAttribute, Duration interval) {
        this(dynamo, table, keyAttribute);
        heartbeat.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Without a schedule: {@link #beat()} runs when called (the tests'). */
    StoreHealth(DynamoDbClient dynamo, String table, String keyAttribute) {
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-heartbeat");
            t.setDaemon(true);
            return t;
        });
        Map<String, AttributeValue> key = Map.of(keyAttribute, AttributeValue.fromS("__heartbeat__"));
        this.read = () -> dynamo.getItem(r -> r.tableName(table).key(key));
    }

    /** One heartbeat: a read of an item that does not exist; an answer marks the store up, a failure down. */
    void beat() {
        try {
            read.run();
            if (!up) {
                log.info("The store is reachable again");
            }
            up = true;
        } catch (RuntimeException e) {
            if (!closed) { // closing interrupts a heartbeat in flight: that is no outage
                markDown(e);
            }
        }
    }

    /** @throws StoreUnavailableException when the store was found down and has not answered since */
    public void requireUp() {
        if (!up) {
            throw new StoreUnavailableException(null);
        }
    }

    /** Marks the store down until a heartbeat is answered; {@link #ALWAYS_UP}, which has no heartbeat, stays up. */
    public void markDown(Throwable cause) {
        if (heartbeat == null) {
            return; // nothing would ever mark it up again: every call there writes to the store itself
        }
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
