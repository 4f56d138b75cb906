package com.bedrockmeter.portal.testsupport;

import com.bedrockmeter.local.dynalite.Dynalite;
import com.bedrockmeter.portal.security.Roles;
import com.bedrockmeter.model.customer.CustomerService.CreatedCustomer;
import com.bedrockmeter.model.customer.OnboardingService;
import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kotlin.jvm.functions.Function0;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Browserless view tests: the real Spring context (against the JVM's dynalite) with Vaadin mocked by
 * Karibu-Testing, and a signed-in persona as Spring Security and Vaadin's access checker see it.
 */
@SpringBootTest(properties = "bedrock-meter.portal.embedded-idp.port=0")
public abstract class KaribuTest {

    private static final Routes ROUTES = new Routes().autoDiscoverViews("com.bedrockmeter.portal");

    @Autowired protected ApplicationContext context;
    @Autowired protected OnboardingService onboarding;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("bedrock-meter.dynamodb.endpoint", () -> Dynalite.sharedEndpoint().toString());
        registry.add("bedrock-meter.analytics.directory", () -> TestUsageEvents.directory().toString());
    }

    @BeforeEach
    void startVaadin() {
        Function0<UI> uiFactory = UI::new;
        MockVaadin.setup(uiFactory, new MockSpringServlet(ROUTES, context, uiFactory));
    }

    @AfterEach
    void stopVaadin() {
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }

    /** A person who has never signed in before. */
    protected String newPerson() {
        String subject = "person-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        signIn(subject, false);
        return subject;
    }

    /** A signed-in customer with a finished onboarding. */
    protected CreatedCustomer customer(String company) {
        String subject = newPerson();
        return onboarding.onboard(subject, subject, company, subject, true);
    }

    protected void admin() {
        signIn("admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", true);
    }

    protected void signIn(String subject, boolean admin) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + Roles.USER));
        if (admin) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + Roles.ADMIN));
        }
        OidcIdToken idToken = new OidcIdToken("id-token", Instant.now(), Instant.now().plusSeconds(3600),
                Map.of("sub", subject, "email", subject));
        var authentication = new OAuth2AuthenticationToken(new DefaultOidcUser(authorities, idToken), authorities,
                "portal");
        SecurityContextHolder.getContext().setAuthentication(authentication);
        FakeRequest request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(authentication);
        // asked at check time, as Spring Security's request wrapper does: a role taken away later shows
        request.setUserInRole((principal, role) -> {
            var now = SecurityContextHolder.getContext().getAuthentication();
            return now != null && now.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + role));
        });
    }

    protected static void navigate(String path) {
        UI.getCurrent().navigate(path);
    }
}
