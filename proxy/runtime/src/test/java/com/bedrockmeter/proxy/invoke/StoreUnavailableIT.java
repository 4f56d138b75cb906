package com.bedrockmeter.proxy.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyOnItsOwnStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The store going away: calls fail closed with 503 and Bedrock is not called, even with a warm auth cache — at
 * once when every call writes to the store (Lambda), within the heartbeat interval when counters are buffered.
 */
class StoreUnavailableIT {

    @Test
    void invoke_failsClosedWith503AtOnce_whenEveryCallWritesToTheStore() {
        failsClosed("0", Duration.ZERO);
    }

    @Test
    void invoke_failsClosedWith503WithinTheHeartbeat_whenCountersAreBuffered() {
        failsClosed("100ms", Duration.ofSeconds(3));
    }

    private static void failsClosed(String flushInterval, Duration detection) {
        Dynalite ownStore = Dynalite.start(0, null);
        try (ConfigurableApplicationContext app = ProxyOnItsOwnStore.start(ownStore.endpoint(), flushInterval,
                Path.of("target", "test-usage-events"))) {
            // given: a customer whose key and account are in the auth cache
            CreatedCustomer acme = Customers.acme(app.getBean(CustomerService.class));
            ProxyClient proxy = ProxyOnItsOwnStore.client(app);
            assertThat(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("warm")).statusCode())
                    .isEqualTo(200);
            BedrockSimulator simulator = app.getBean(BedrockSimulator.class);

            // when
            ownStore.close();
            if (!detection.isZero()) {
                Awaitility.await().atMost(detection).until(() ->
                        proxy.bedrock(acme.token().token(), ProxyClient.guideBody("detect")).statusCode() == 503);
            }
            long before = simulator.invocations();
            HttpResponse<String> response = proxy.bedrock(acme.token().token(), ProxyClient.guideBody("cold"));

            // then
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("\"code\":\"store_unavailable\"");
            assertThat(simulator.invocations()).isEqualTo(before);
        } finally {
            ownStore.close();
        }
    }
}
