package com.bedrockmeter.proxy.customer;

import com.bedrockmeter.model.base.InvalidInputException;
import com.bedrockmeter.model.customer.CustomerStatus;
import com.bedrockmeter.model.customer.Limits;
import com.bedrockmeter.model.customer.NewCustomerPolicy;
import com.bedrockmeter.model.customer.Tokens;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.CustomerService;
import com.bedrockmeter.model.customer.OnboardingService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.proxy.testsupport.ProxyClient;
import com.bedrockmeter.proxy.testsupport.ProxyTest;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ProxyTest
class OnboardingIT {

    @Autowired OnboardingService onboarding;
    @Autowired ApiKeyService keys;
    @Autowired CustomerService customers;
    @Autowired com.bedrockmeter.model.config.Repositories repositories;
    @Autowired ProxyClient proxy;

    @Test
    void onboard_givesTheNewCustomerTheOperatorsSmallDefaultLimits_notUnlimited() {
        // when
        CreatedCustomer created = onboarding.onboard("test", "sub-" + UUID.randomUUID(), "Hooli", "ap@hooli.example", true);

        // then
        assertThat(created.customer().limits()).isEqualTo(new Limits(100L, 10L, 1_000_000L));
        assertThat(customers.require(created.customer().id()).status()).isEqualTo(CustomerStatus.ACTIVE);
    }

    @Test
    void onboard_whenApprovalIsRequired_leavesTheKeyRefusedUntilAnAdminApproves() {
        // given: an operator who requires approval
        OnboardingService approving = new OnboardingService(repositories.subjects(), customers, java.time.Clock.systemUTC(),
                new NewCustomerPolicy(new Limits(5L, null, null), true));
        CreatedCustomer created = approving.onboard("test", "sub-" + UUID.randomUUID(), "Pied Piper", "rh@pp.example", true);
        String token = created.token().token();

        // when
        var beforeApproval = proxy.bedrock(token, ProxyClient.guideBody("hi"));
        customers.approve("test", created.customer().id());

        // then: refused while pending; served once approved (within the proxy's auth cache TTL, 200 ms in tests)
        assertThat(beforeApproval.statusCode()).isEqualTo(403);
        assertThat(beforeApproval.body()).contains("\"code\":\"customer_pending_approval\"");
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> proxy.bedrock(token, ProxyClient.guideBody("hi")).statusCode() == 200);
        assertThat(customers.require(created.customer().id()).limits()).isEqualTo(new Limits(5L, null, null));
        assertThatThrownBy(() -> customers.approve("test", created.customer().id()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not waiting for approval");
    }

    @Test
    void onboard_createsACustomerBoundToTheSubject_withItsFirstKey() {
        // given
        String subject = "sub-" + UUID.randomUUID();

        // when
        CreatedCustomer created = onboarding.onboard("test", subject, "Globex", "billing@globex.example", true);

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
        onboarding.onboard("test", subject, "Initech", "ap@initech.example", true);
        assertThatThrownBy(() -> onboarding.onboard("test", subject, "Initech again", "ap@initech.example", true))
                .isInstanceOf(OnboardingService.AlreadyOnboardedException.class);
    }

    @Test
    void onboard_writesNothing_whenInputIsInvalid() {
        // given
        String subject = "sub-" + UUID.randomUUID();

        // when / then
        assertThatThrownBy(() -> onboarding.onboard("test", subject, "Umbrella", "not-an-email", true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a valid e-mail");
        assertThatThrownBy(() -> onboarding.onboard("test", subject, " ", "ok@umbrella.example", true))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> onboarding.onboard("test", subject, "Umbrella", "ok@umbrella.example", false))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("terms");
        assertThat(onboarding.customerOf(subject)).isEmpty();

        // and the subject is still free for a valid form
        assertThat(onboarding.onboard("test", subject, "Umbrella", "ok@umbrella.example", true).customer().name())
                .isEqualTo("Umbrella");
    }
}
