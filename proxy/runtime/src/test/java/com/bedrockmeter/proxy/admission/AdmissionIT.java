package com.bedrockmeter.proxy.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.local.simulator.BedrockSimulator;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import com.bedrockmeter.model.testsupport.TestClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ProxyTest
class AdmissionIT {

    @Autowired ProxyClient proxy;
    @Autowired CustomerService customers;
    @Autowired DynamoUsageRepository usage;
    @Autowired com.bedrockmeter.proxy.metering.UsageMeter meter;
    @Autowired BedrockSimulator simulator;

    @Autowired TestClock clock;

    @AfterEach
    void clearFaults() {
        clock.reset();
        simulator.faults().clear();
    }

    @Test
    void admit_refusesCallsOverTheDailyLimit_with429AndRateLimitHeaders() {
        // given
        CreatedCustomer acme = Customers.acmeWithLimits(customers, new Limits(3L, null, null));
        long nextUtcMidnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)
                .toEpochSecond();

        // when
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("call " + i)));
        }

        // then
        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 429, 429);
        assertThat(responses.get(0).headers().firstValue("X-RateLimit-Remaining")).hasValue("2");
        assertThat(responses.get(2).headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        HttpResponse<String> refused = responses.get(3);
        assertThat(refused.body()).contains("\"code\":\"rate_limited\"");
        assertThat(refused.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(refused.headers().firstValue("X-RateLimit-Reset")).hasValue(Long.toString(nextUtcMidnight));
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 86_401L);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(flushed().days(acme.customer().id(), today, today).get(0).totals().requests()).isEqualTo(3);
    }

    @Test
    void admit_letsExactlyTheLimitThrough_whenManyCallsRaceConcurrently() throws Exception {
        // given
        CreatedCustomer acme = Customers.acmeWithLimits(customers, new Limits(10L, null, null));
        long invocationsBefore = simulator.invocations();
        int calls = 50;
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        CountDownLatch start = new CountDownLatch(1);

        // when
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            statuses.add(pool.submit(() -> {
                start.await();
                return proxy.bedrock(acme.token().token(), ProxyClient.guideBody("race")).statusCode();
            }));
        }
        start.countDown();
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> status : statuses) {
            results.add(status.get());
        }
        pool.shutdown();

        // then
        assertThat(results).filteredOn(s -> s == 200).hasSize(10);
        assertThat(results).filteredOn(s -> s == 429).hasSize(40);
        assertThat(simulator.invocations() - invocationsBefore).isEqualTo(10);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(flushed().days(acme.customer().id(), today, today).get(0).totals().requests()).isEqualTo(10);
    }

    @Test
    void admit_refusesOverThePerMinuteLimit_andGivesBackTheDailyCount() {
        // given: a minute boundary in the middle would split the calls over two windows
        startAFreshMinute();
        CreatedCustomer acme = Customers.acmeWithLimits(customers, new Limits(100L, 2L, null));

        // when
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(proxy.bedrock(acme.token().token(), ProxyClient.guideBody("rpm")).statusCode());
        }

        // then
        assertThat(statuses).containsExactly(200, 200, 429);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        assertThat(flushed().days(acme.customer().id(), today, today).get(0).totals().requests()).isEqualTo(2);
    }

    @Test
    void admit_refusesWhenTheMonthlyTokenReservationDoesNotFit_andSettlesActualTokens() {
        // given: each call reserves max_tokens (1000) plus an input estimate
        CreatedCustomer acme = Customers.acmeWithLimits(customers, new Limits(null, null, 1500L));

        // when
        HttpResponse<String> first = proxy.bedrock(acme.token().token(), ProxyClient.guideBody("tokens"));
        HttpResponse<String> second = proxy.bedrock(acme.token().token(), ProxyClient.guideBody("tokens"));

        // then: the first settles to its few real tokens, so the second still fits
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        String month = DynamoUsageRepository.month(YearMonth.now(ZoneOffset.UTC));
        var counters = flushed().counters(acme.customer().id(), month).orElseThrow();
        assertThat(counters.get(DynamoUsageRepository.TOKENS_COMMITTED))
                .isEqualTo(counters.get(DynamoUsageRepository.INPUT_TOKENS)
                        + counters.get(DynamoUsageRepository.OUTPUT_TOKENS));

        // and a call whose max_tokens alone exceeds the limit is refused before Bedrock
        long before = simulator.invocations();
        HttpResponse<String> tooBig = proxy.bedrock(acme.token().token(),
                ProxyClient.guideBody("big").replace("\"max_tokens\":1000", "\"max_tokens\":5000"));
        assertThat(tooBig.statusCode()).isEqualTo(429);
        assertThat(simulator.invocations()).isEqualTo(before);
        // with a message that says why although the limit is far from used up
        assertThat(tooBig.body()).contains("\"rate_limited\"").contains("reserves up to")
                .contains("Send a smaller max_tokens").doesNotContain("is reached");
    }

    @Test
    void failedBedrockCall_givesTheDailyQuotaBack() {
        // given
        CreatedCustomer acme = Customers.acmeWithLimits(customers, new Limits(1L, null, null));
        simulator.faults().failNext(1, "InternalServerException");

        // when
        int failed = proxy.bedrock(acme.token().token(), ProxyClient.guideBody("fails")).statusCode();
        int retried = proxy.bedrock(acme.token().token(), ProxyClient.guideBody("retry")).statusCode();

        // then
        assertThat(failed).isEqualTo(502);
        assertThat(retried).isEqualTo(200);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        var day = flushed().days(acme.customer().id(), today, today).get(0).totals();
        assertThat(day.requests()).isEqualTo(1);
        assertThat(day.errors()).isEqualTo(1);
    }

    /** The calls of a test all fall in one minute: the clock stands at the start of the next one. */
    private void startAFreshMinute() {
        clock.set(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
    }

    /** Coalesced counters are written every flush interval; write them now before reading. */
    private DynamoUsageRepository flushed() {
        meter.flush();
        return usage;
    }
}
