package com.bedrockmeter.portal.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.Customer;
import com.bedrockmeter.model.customer.CustomerStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerNamesTest {

    @Test
    void distinctNames_tellsApartCustomersWhoShareAName_andLeavesTheOthersAlone() {
        // given: the guide's two "Customer Name"s and one other
        List<Customer> all = List.of(customer("3f2a9c1e-0000-4000-8000-000000000001", "Customer Name"),
                customer("77b0d4aa-0000-4000-8000-000000000002", "Customer Name"),
                customer("c0ffee00-0000-4000-8000-000000000003", "Acme"));

        // when
        var names = CustomerAdminService.distinctNames(all);

        // then
        assertThat(names).containsEntry("3f2a9c1e-0000-4000-8000-000000000001", "Customer Name (3f2a9c1e)")
                .containsEntry("77b0d4aa-0000-4000-8000-000000000002", "Customer Name (77b0d4aa)")
                .containsEntry("c0ffee00-0000-4000-8000-000000000003", "Acme");
    }

    private static Customer customer(String id, String name) {
        return new Customer(id, name, "ap@example.com", CustomerStatus.ACTIVE, null, null, null, Instant.EPOCH);
    }
}
