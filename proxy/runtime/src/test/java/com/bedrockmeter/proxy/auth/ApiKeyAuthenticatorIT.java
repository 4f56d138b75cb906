package com.bedrockmeter.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.model.base.ApiException;
import com.bedrockmeter.model.config.Repositories;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.testsupport.Customers;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import com.bedrockmeter.proxy.testsupport.RecordedStoreCalls;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Authentication under a flood of junk tokens: the valid keys stay cached, repeated junk costs no read. */
@ProxyTest
class ApiKeyAuthenticatorIT {

    /** A read of the keys table (the store's other tables have readers of their own in the test's application). */
    private static final String KEYS_READ = "bedrock_api_keys:GetItem";

    @Autowired Repositories repositories;
    @Autowired CustomerService customers;

    @Test
    void authenticate_keepsValidKeysCached_whenAFloodOfDistinctUnknownTokensArrives() {
        // given: a cache of 50 entries holding one valid key
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(repositories.keys(), repositories.customers(),
                Clock.systemUTC(), Duration.ofMinutes(5), Runnable::run, 50);
        CreatedCustomer acme = Customers.acme(customers);
        String valid = "Bearer " + acme.token().token();
        authenticator.authenticate(valid);

        // when: 500 distinct unknown tokens, far more than the cache holds
        for (int i = 0; i < 500; i++) {
            String junk = "Bearer bm_" + UUID.randomUUID() + UUID.randomUUID();
            assertThatThrownBy(() -> authenticator.authenticate(junk)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("not valid");
        }
        RecordedStoreCalls.clear();
        Caller caller = authenticator.authenticate(valid);

        // then: the valid key is still served from the cache, without a read
        assertThat(caller.customerId()).isEqualTo(acme.customer().id());
        assertThat(RecordedStoreCalls.calls()).doesNotContain(KEYS_READ);
    }

    @Test
    void authenticate_readsTheStoreOnce_forARepeatedUnknownToken_andNeverForOneOfImpossibleLength() {
        // given
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(repositories.keys(), repositories.customers(),
                Clock.systemUTC(), Duration.ofMinutes(5), Runnable::run, 50);
        String junk = "Bearer bm_" + UUID.randomUUID() + UUID.randomUUID();
        assertThatThrownBy(() -> authenticator.authenticate(junk)).isInstanceOf(ApiException.class);
        RecordedStoreCalls.clear();

        // when
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> authenticator.authenticate(junk)).isInstanceOf(ApiException.class);
        }
        assertThatThrownBy(() -> authenticator.authenticate("Bearer short")).isInstanceOf(ApiException.class)
                .hasMessageContaining("not valid");
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + "x".repeat(600)))
                .isInstanceOf(ApiException.class).hasMessageContaining("not valid");

        // then
        assertThat(RecordedStoreCalls.calls()).doesNotContain(KEYS_READ);
    }
}
