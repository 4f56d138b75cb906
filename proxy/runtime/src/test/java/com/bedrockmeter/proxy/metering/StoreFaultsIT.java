package com.bedrockmeter.proxy.metering;

import com.bedrockmeter.model.config.Services;
import com.bedrockmeter.model.usage.UsageEvent;
import com.bedrockmeter.model.usage.UsageEventFiles;
import com.bedrockmeter.proxy.base.WriteRetries;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.model.usage.Reconciliation.Report;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.proxy.testsupport.FaultyStore;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyOnItsOwnStore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The store misbehaving while calls run: writes applied whose answers are lost (reset, or past the client's
 * timeout), writes refused, the store down for a while. Every call that reached Bedrock leaves exactly one usage
 * event, the client gets Bedrock's answer whenever Bedrock answered, buffered counters are neither lost nor
 * double-counted, and {@code reconcile} brings whatever could not be written back to exactly the events.
 */
class StoreFaultsIT {

    private static final int CALLS = 1_000;
    private static final int CONCURRENCY = 8;

    @TempDir
    Path events;

    @Test
    void meter_countsEveryAnsweredCallOnce_whenTheStoreLosesAnswersRefusesWritesAndGoesDown() throws Exception {
        try (Stack stack = Stack.start(events, "100ms")) {
            // given: one customer with every kind of limit, one with none
            CreatedCustomer limited = Customers.acmeWithLimits(stack.customers(),
                    new Limits(1_000_000L, 100_000L, 1_000_000_000L));
            CreatedCustomer unlimited = Customers.acme(stack.customers());
            long invocationsBefore = stack.simulator().invocations();

            // when: 1,000 calls at concurrency 8 through faults, with the store down for 2 s and paused for 3 s
            stack.store().faults(0.02, 0.01, 0.02, Duration.ofMillis(1_500));
            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                String token = (i % 2 == 0 ? limited : unlimited).token().token();
                int n = i;
                statuses.add(pool.submit(() -> {
                    if (n == CALLS / 3) {
                        stack.store().down(Duration.ofSeconds(2));
                    } else if (n == 2 * CALLS / 3) {
                        stack.store().pause(Duration.ofSeconds(3));
                    }
                    return stack.proxy().bedrock(token, ProxyClient.guideBody("call " + n)).statusCode();
                }));
            }
            Map<Integer, Long> byStatus = new java.util.TreeMap<>();
            for (Future<Integer> status : statuses) {
                byStatus.merge(status.get(), 1L, Long::sum);
            }
            pool.shutdown();
            stack.store().clear();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stack.buffer().unresolvedWrites() == 0
                    && stack.app().getBean(WriteRetries.class).pending() == 0);
            stack.meter().flush();

            // then: the faults happened, and every call the store let through was answered
            LoggerFactory.getLogger(StoreFaultsIT.class).info("statuses {}; writes applied then lost {}, refused {}",
                    byStatus, stack.store().appliedThenLost(), stack.store().refused());
            assertThat(stack.store().appliedThenLost()).isPositive();
            assertThat(byStatus.keySet()).containsOnly(200, 503);
            assertThat(byStatus.get(503)).isPositive();
            // one event per call that reached Bedrock, and one answered event per 200
            List<UsageEvent> written = readEvents(stack, Set.of(limited.customer().id(), unlimited.customer().id()));
            long reachedBedrock = stack.simulator().invocations() - invocationsBefore;
            assertThat(written.stream().filter(e -> !UsageEvent.REFUSED.equals(e.outcome())).count())
                    .isEqualTo(reachedBedrock);
            assertThat(written.stream().filter(e -> UsageEvent.ANSWERED.equals(e.outcome())).count())
                    .isEqualTo(byStatus.get(200));
            assertThat(written.stream().map(UsageEvent::requestId).collect(Collectors.toSet())).hasSize(written.size());
            // every counter survived the faults exactly, without any repair: buffered additions (the customer without
            // limits), and admissions, settlements and give-backs (the customer with limits)
            assertThat(stack.reconcile(unlimited).drifts()).isEmpty();
            assertThat(stack.reconcile(limited).drifts()).isEmpty();
        }
    }

    @Test
    void invoke_answersAndPublishesTheEvent_whenEveryCounterWriteAfterBedrockFails() throws Exception {
        try (Stack stack = Stack.start(events, "0")) {
            // given: Lambda's unbuffered counters; settlement writes (after Bedrock answered) all refused
            CreatedCustomer acme = Customers.acmeWithLimits(stack.customers(), new Limits(100L, null, 1_000_000L));
            stack.store().targeting(body -> body.contains("REMOVE") || body.contains("SET #w"))
                    .faults(0, 0, 1.0, Duration.ZERO);

            // when
            HttpResponse<String> response = stack.proxy().bedrock(acme.token().token(), ProxyClient.guideBody("hi"));

            // then: Bedrock's answer, and its event, whatever the counters
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"type\":\"message\"");
            stack.meter().flush();
            List<UsageEvent> written = readEvents(stack, Set.of(acme.customer().id()));
            assertThat(written).singleElement().satisfies(event -> {
                assertThat(event.outcome()).isEqualTo(UsageEvent.ANSWERED);
                assertThat(event.inputTokens()).isPositive();
            });
            // and: the settlement, refused while the caller got the answer, lands once the store takes writes again
            assertThat(stack.app().getBean(WriteRetries.class).pending()).isPositive();
            stack.store().clear();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> stack.app().getBean(WriteRetries.class).pending() == 0);
            assertThat(stack.reconcile(acme).drifts()).isEmpty();
        }
    }

    private static List<UsageEvent> readEvents(Stack stack, Set<String> customers) {
        List<UsageEvent> read = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        stack.events().read(today.minusDays(1), today, event -> {
            if (customers.contains(event.customerId())) {
                read.add(event);
            }
        });
        return read;
    }

    /** The proxy against dynalite through a {@link FaultyStore}, with its events in a directory of the test's. */
    private record Stack(Dynalite dynalite, FaultyStore store, ConfigurableApplicationContext app, Path eventRoot)
            implements AutoCloseable {

        static Stack start(Path events, String flushInterval) throws IOException {
            Dynalite dynalite = Dynalite.start(0, null);
            FaultyStore store = FaultyStore.in(dynalite.endpoint());
            Path eventRoot = Files.createDirectories(events.resolve("usage"));
            ConfigurableApplicationContext app = ProxyOnItsOwnStore.start(store.endpoint(), flushInterval, eventRoot);
            return new Stack(dynalite, store, app, eventRoot);
        }

        CustomerService customers() {
            return app.getBean(CustomerService.class);
        }

        BedrockSimulator simulator() {
            return app.getBean(BedrockSimulator.class);
        }

        UsageMeter meter() {
            return app.getBean(UsageMeter.class);
        }

        CounterBuffer buffer() {
            return app.getBean(CounterBuffer.class);
        }

        UsageEventFiles events() {
            return new UsageEventFiles(eventRoot);
        }

        ProxyClient proxy() {
            return ProxyOnItsOwnStore.client(app);
        }

        Report reconcile(CreatedCustomer customer) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return app.getBean(Services.class).reconciliation()
                    .check(List.of(customer.customer().id()), today, today, events());
        }

        @Override
        public void close() {
            app.close();
            store.close();
            dynalite.close();
        }
    }
}
