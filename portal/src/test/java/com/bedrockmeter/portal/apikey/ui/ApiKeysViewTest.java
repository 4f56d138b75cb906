package com.bedrockmeter.portal.apikey.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.model.customer.CustomerSuspendedException;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.model.customer.ApiKey;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.Tokens;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.textfield.TextField;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ApiKeysViewTest extends KaribuTest {

    @Autowired ApiKeyService keys;
    @Autowired CustomerService customers;

    @Test
    void createKey_isRefused_whenTheCustomerWasSuspendedAfterOpeningThePage() {
        // given: a customer on their keys page, whom an admin then suspends
        CreatedCustomer acme = customer("Acme");
        navigate("keys");
        ApiKeysView view = _get(ApiKeysView.class);
        customers.suspend("test", acme.customer().id());

        // when
        view.keyName.setValue("after the suspension");
        view.create.click();

        // then
        assertThat(view.keyName.isInvalid()).isTrue();
        assertThat(view.keyName.getErrorMessage()).contains("suspended");
        assertThat(_find(TextField.class, spec -> spec.withId("new-token"))).isEmpty();
        assertThat(keys.keys(acme.customer().id())).hasSize(1);
    }

    @Test
    void rotate_isRefused_whenTheCustomerWasSuspendedAfterOpeningThePage() {
        // given
        CreatedCustomer acme = customer("Acme");
        navigate("keys");
        ApiKeysView view = _get(ApiKeysView.class);
        customers.suspend("test", acme.customer().id());

        // when
        view.rotate.click();

        // then: no new token, the old key untouched, and the customer is told why
        assertThat(_find(TextField.class, spec -> spec.withId("new-token"))).isEmpty();
        assertThat(keys.keys(acme.customer().id())).singleElement()
                .satisfies(k -> assertThat(k.expiresAt()).isNull());
        NotificationsKt.expectNotifications(new CustomerSuspendedException().getMessage());
    }

    @Test
    void view_listsTheCustomersOwnKeys_withoutTheirTokens() {
        // given
        CreatedCustomer acme = customer("Acme");

        // when
        navigate("keys");
        ApiKeysView view = _get(ApiKeysView.class);

        // then
        assertThat(GridKt._size(view.grid.getDataProvider(), null)).isEqualTo(1);
        ApiKey shown = GridKt._get(view.grid, 0);
        assertThat(shown.prefix()).isEqualTo(acme.token().prefix()).hasSizeLessThan(10);
    }

    @Test
    void createKey_showsTheNewTokenOnce_andListsTheKey() {
        // given
        CreatedCustomer acme = customer("Acme");
        navigate("keys");
        ApiKeysView view = _get(ApiKeysView.class);

        // when
        view.keyName.setValue("production");
        view.create.click();

        // then
        String token = _get(TextField.class, spec -> spec.withId("new-token")).getValue();
        assertThat(token).startsWith(Tokens.PREFIX);
        assertThat(keys.keys(acme.customer().id())).anySatisfy(k -> {
            assertThat(k.name()).isEqualTo("production");
            assertThat(k.tokenHash()).isEqualTo(Tokens.hash(token));
        });
        assertThat(GridKt._size(view.grid.getDataProvider(), null)).isEqualTo(2);
    }

    @Test
    void createKey_refusesAnEmptyName_andCreatesNothing() {
        CreatedCustomer acme = customer("Acme");
        navigate("keys");
        ApiKeysView view = _get(ApiKeysView.class);

        view.keyName.setValue("   ");
        view.create.click();

        assertThat(view.keyName.isInvalid()).isTrue();
        assertThat(keys.keys(acme.customer().id())).hasSize(1);
    }

    @Test
    void rotate_showsTheNewToken_andKeepsTheOldKeyForTheChosenGrace() {
        // given
        CreatedCustomer acme = customer("Acme");
        navigate("keys");
        ApiKeysView view = _get(ApiKeysView.class);

        // when
        view.grace.setValue(Duration.ofHours(1));
        view.rotate.click();

        // then
        String token = _get(TextField.class, spec -> spec.withId("new-token")).getValue();
        assertThat(token).startsWith(Tokens.PREFIX).isNotEqualTo(acme.token().token());
        Instant now = Instant.now();
        assertThat(keys.keys(acme.customer().id())).extracting(k -> k.status(now))
                .containsExactlyInAnyOrder(ApiKey.Status.ACTIVE, ApiKey.Status.GRACE);
    }

    @Test
    void revoke_asksForConfirmation_thenRevokes() {
        // given
        CreatedCustomer acme = customer("Acme");
        navigate("keys");
        ApiKeysView view = _get(ApiKeysView.class);
        ApiKey key = GridKt._get(view.grid, 0);

        // when
        view.confirmRevoke(key);
        assertThat(keys.keys(acme.customer().id()).get(0).revokedAt()).isNull();
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));

        // then
        assertThat(keys.keys(acme.customer().id()).get(0).status(Instant.now())).isEqualTo(ApiKey.Status.REVOKED);
    }

    @Test
    void anonymousVisitor_cannotOpenTheKeys() {
        navigate("keys");
        assertThat(_find(ApiKeysView.class)).isEmpty();
    }
}
