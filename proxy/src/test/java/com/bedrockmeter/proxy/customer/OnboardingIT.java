package com.bedrockmeter.proxy.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.proxy.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ProxyTest
class OnboardingIT {

    @Autowired OnboardingService onboarding;
    @Autowired ApiKeyService keys;

    @Test
    void onboard_createsACustomerBoundToTheSubject_withItsFirstKey() {
        // given
        String subject = "sub-" + UUID.randomUUID();

        // when
        CreatedCustomer created = onboarding.onboard(subject, "Globex", "billing@globex.example", true);

        // then
        assertThat(onboarding.customerOf(subject)).hasValueSatisfying(c -> {
            assertThat(c.id()).isEqualTo(created.customer().id());
            assertThat(c.oidcSubject()).isEqualTo(subject);
        });
        assertThat(created.token().token()).startsWith(Tokens.PREFIX);
        assertThat(keys.keys(created.customer().id())).singleElement()
                .satisfies(k -> assertThat(k.tokenHash()).isEqualTo(Tokens.hash(created.token().token())));
    }

    @Test
    void onboard_refusesASecondOnboarding_ofTheSameSubject() {
        String subject = "sub-" + UUID.randomUUID();
        onboarding.onboard(subject, "Initech", "ap@initech.example", true);
        assertThatThrownBy(() -> onboarding.onboard(subject, "Initech again", "ap@initech.example", true))
                .isInstanceOf(OnboardingService.AlreadyOnboardedException.class);
    }

    @Test
    void onboard_writesNothing_whenInputIsInvalid() {
        // given
        String subject = "sub-" + UUID.randomUUID();

        // when / then
        assertThatThrownBy(() -> onboarding.onboard(subject, "Umbrella", "not-an-email", true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a valid e-mail");
        assertThatThrownBy(() -> onboarding.onboard(subject, " ", "ok@umbrella.example", true))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> onboarding.onboard(subject, "Umbrella", "ok@umbrella.example", false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("terms");
        assertThat(onboarding.customerOf(subject)).isEmpty();

        // and the subject is still free for a valid form
        assertThat(onboarding.onboard(subject, "Umbrella", "ok@umbrella.example", true).customer().name())
                .isEqualTo("Umbrella");
    }
}
