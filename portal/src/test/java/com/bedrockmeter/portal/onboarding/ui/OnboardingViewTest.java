package com.bedrockmeter.portal.onboarding.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.testsupport.KaribuTest;
import com.bedrockmeter.portal.usage.ui.DashboardView;
import com.bedrockmeter.model.customer.ApiKeyService;
import com.bedrockmeter.model.customer.Tokens;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;

@ExtendWith(OutputCaptureExtension.class)
class OnboardingViewTest extends KaribuTest {

    @Autowired ApiKeyService keys;

    @Test
    void firstSignIn_isSentToOnboarding_whateverViewIsOpened() {
        // given
        newPerson();

        // when
        navigate("keys");

        // then
        assertThat(UI.getCurrent().getCurrentView()).isInstanceOf(OnboardingView.class);
    }

    @Test
    void submit_createsTheCustomer_andShowsTheTokenOnce(CapturedOutput logs) {
        // given
        String subject = newPerson();
        navigate("onboarding");
        OnboardingView view = _get(OnboardingView.class);
        assertThat(_get(com.vaadin.flow.component.html.Paragraph.class, spec -> spec.withId("new-customer-offer"))
                .getText()).startsWith("Your account starts with 100 calls a day");

        // when
        view.company.setValue("Globex Corporation");
        view.terms.setValue(true);
        view.create.click();

        // then
        String token = _get(TextField.class, spec -> spec.withId("new-token")).getValue();
        assertThat(token).startsWith(Tokens.PREFIX);
        var customer = onboarding.customerOf(subject).orElseThrow();
        assertThat(customer.name()).isEqualTo("Globex Corporation");
        // with the operator's limits for new customers, which the page said before the form was sent
        assertThat(customer.limits()).isEqualTo(onboarding.policy().limits());
        assertThat(customer.limits().dailyRequests()).isNotNull();
        assertThat(customer.email()).isEqualTo(subject);
        assertThat(keys.keys(customer.id())).singleElement()
                .satisfies(k -> assertThat(k.tokenHash()).isEqualTo(Tokens.hash(token)));

        // and closing the dialog leads to the dashboard, with the token gone from the page
        _get(Button.class, spec -> spec.withId("token-stored")).click();
        assertThat(UI.getCurrent().getCurrentView()).isInstanceOf(DashboardView.class);
        assertThat(_find(TextField.class, spec -> spec.withId("new-token"))).isEmpty();
        assertThat(logs.getAll()).doesNotContain(token);
    }

    @Test
    void submit_showsTheErrorOnTheField_andSavesNothing_whenTheEmailIsBad() {
        // given
        String subject = newPerson();
        navigate("onboarding");
        OnboardingView view = _get(OnboardingView.class);

        // when
        view.company.setValue("Initech");
        view.email.setValue("not-an-email");
        view.terms.setValue(true);
        view.create.click();

        // then
        assertThat(view.email.isInvalid()).isTrue();
        assertThat(view.email.getErrorMessage()).contains("not a valid e-mail");
        assertThat(onboarding.customerOf(subject)).isEmpty();
    }

    @Test
    void submit_requiresTheTerms_andAName() {
        String subject = newPerson();
        navigate("onboarding");
        OnboardingView view = _get(OnboardingView.class);

        view.company.setValue("  ");
        view.terms.setValue(true);
        view.create.click();
        assertThat(view.company.isInvalid()).isTrue();

        view.company.setValue("Initech");
        view.terms.setValue(false);
        view.create.click();
        assertThat(view.terms.isInvalid()).isTrue();
        assertThat(onboarding.customerOf(subject)).isEmpty();
    }

    @Test
    void anonymousVisitor_cannotOpenOnboarding() {
        navigate("onboarding");
        assertThat(_find(OnboardingView.class)).isEmpty();
    }
}
