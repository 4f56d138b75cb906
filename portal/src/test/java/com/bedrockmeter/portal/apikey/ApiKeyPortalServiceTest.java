package com.bedrockmeter.portal.apikey;

import com.bedrockmeter.model.customer.CustomerSuspendedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A customer's status is read on every key change, whoever asks. */
class ApiKeyPortalServiceTest extends KaribuTest {

    @Autowired ApiKeyPortalService keys;
    @Autowired CustomerService customers;

    @Test
    void createAndRotate_areRefused_forASuspendedCustomer_evenWhenAnAdminAsks() {
        // given
        CreatedCustomer acme = customer("Acme");
        String id = acme.customer().id();
        customers.suspend("test", id);
        admin();

        // when / then
        assertThatThrownBy(() -> keys.createKey(id, "by the admin")).isInstanceOf(CustomerSuspendedException.class)
                .hasFieldOrPropertyWithValue("code", "customer_suspended");
        assertThatThrownBy(() -> keys.rotate(id, Duration.ZERO)).isInstanceOf(CustomerSuspendedException.class);
        assertThat(keys.keys(id)).hasSize(1);
    }

    @Test
    void revokeAndNewKeys_work_again_onceTheCustomerIsReactivated() {
        // given: suspended, and revoking still takes a key away
        CreatedCustomer acme = customer("Acme");
        String id = acme.customer().id();
        customers.suspend("test", id);
        assertThat(keys.revoke(id, acme.token().keyId())).isTrue();

        // when
        customers.reactivate("test", id);

        // then
        assertThat(keys.createKey(id, "after reactivation").token()).isNotBlank();
    }
}
