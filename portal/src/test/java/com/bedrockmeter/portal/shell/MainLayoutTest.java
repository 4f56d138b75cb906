package com.bedrockmeter.portal.shell;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.apikey.ui.ApiKeysView;
import com.bedrockmeter.portal.customer.ui.CustomersView;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.sidenav.SideNavItem;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainLayoutTest extends KaribuTest {

    @Test
    void adminWithoutACustomerAccount_isSentFromTheCustomerViews_toTheCustomersList() {
        // given
        admin();

        for (String path : List.of("keys", "usage", "billing")) {
            // when
            navigate(path);

            // then
            assertThat(activeView()).as(path).isInstanceOf(CustomersView.class);
        }
        assertThat(navLabels()).contains("Customers", "Quickstart").doesNotContain("API keys", "Usage", "Billing");
    }

    @Test
    void customer_seesTheirOwnViews() {
        // given
        customer("Acme");

        // when
        navigate("keys");

        // then
        assertThat(activeView()).isInstanceOf(ApiKeysView.class);
        _get(ApiKeysView.class);
        assertThat(navLabels()).contains("API keys", "Usage", "Billing").doesNotContain("Customers");
    }

    private static Object activeView() {
        return UI.getCurrent().getInternals().getActiveRouterTargetsChain().get(0);
    }

    private static List<String> navLabels() {
        return _find(SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }
}
