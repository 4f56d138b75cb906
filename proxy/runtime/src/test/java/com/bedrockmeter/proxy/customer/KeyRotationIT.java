package com.bedrockmeter.proxy.customer;

import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.customer.ApiKey;
import com.bedrockmeter.model.customer.Tokens;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.CustomerService;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import com.bedrockmeter.model.testsupport.TestClock;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ProxyTest
class KeyRotationIT {

    @Autowired ProxyClient proxy;
    @Autowired CustomerService customers;
    @Autowired ApiKeyService keys;
    @Autowired TestClock clock;

    @org.junit.jupiter.api.AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void rotateKey_keepsTheOldTokenWorkingDuringTheGracePeriod_thenRefusesIt() {
        // given
        CreatedCustomer acme = Customers.acme(customers);
        String oldToken = acme.token().token();

        // when
        ApiKeyService.Rotation rotation = keys.rotateKey("test", acme.customer().id(), Optional.empty(),
                Duration.ofHours(24));
        String newToken = rotation.token().token();

        // then: both work during the grace period
        assertThat(newToken).isNotEqualTo(oldToken).startsWith(Tokens.PREFIX);
        assertThat(proxy.bedrock(oldToken, ProxyClient.guideBody("old")).statusCode()).isEqualTo(200);
        assertThat(proxy.bedrock(newToken, ProxyClient.guideBody("new")).statusCode()).isEqualTo(200);
        assertThat(keys.keys(acme.customer().id())).extracting(k -> k.status(clock.instant()))
                .containsExactlyInAnyOrder(ApiKey.Status.GRACE, ApiKey.Status.ACTIVE);

        // and after it (the clock moved a day and a second on) the old one gets 401, the new one keeps working
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertThat(proxy.bedrock(oldToken, ProxyClient.guideBody("old")).statusCode()).isEqualTo(401);
        assertThat(proxy.bedrock(oldToken, ProxyClient.guideBody("old")).body()).contains("token_expired");
        assertThat(proxy.bedrock(newToken, ProxyClient.guideBody("new")).statusCode()).isEqualTo(200);
    }

    @Test
    void rotateKey_withZeroGrace_revokesTheOldTokenAtOnce() {
        CreatedCustomer acme = Customers.acme(customers);
        keys.rotateKey("test", acme.customer().id(), Optional.empty(), Duration.ZERO);
        Awaitility.await().atMost(Duration.ofSeconds(3)).until(() ->
                proxy.bedrock(acme.token().token(), ProxyClient.guideBody("old")).statusCode() == 401);
    }

    @Test
    void rotateKey_refusesAWeakSuppliedToken_andWritesNothing() {
        CreatedCustomer acme = Customers.acme(customers);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        keys.rotateKey("test", acme.customer().id(), Optional.of("password123"), Duration.ofHours(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 32");
        assertThat(keys.keys(acme.customer().id())).singleElement()
                .satisfies(k -> assertThat(k.expiresAt()).isNull());
    }
}
