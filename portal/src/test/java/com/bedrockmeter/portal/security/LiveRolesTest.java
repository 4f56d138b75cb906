package com.bedrockmeter.portal.security;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bedrockmeter.portal.shell.AccessDeniedView;
import com.bedrockmeter.portal.customer.CustomerAdminService;
import com.bedrockmeter.portal.customer.ui.CustomersView;
import com.bedrockmeter.portal.testsupport.KaribuTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Admin rights are asked again on every request, through the portal's real security filter chain, with the session
 * holding a sign-in as the browser's would: what the request then sees is what its navigation and service calls get.
 */
class LiveRolesTest extends KaribuTest {

    @Autowired FilterChainProxy securityFilters;
    @Autowired CustomerAdminService customers;

    @Test
    void anAdminByGroup_staysAdmin_whileTheSignInIsRecent() {
        Authentication seen = nextRequest(adminSignIn("boss-" + UUID.randomUUID() + "@example.com", true,
                Duration.ofMinutes(1)), () -> assertThat(customers.search("")).isNotNull());

        assertThat(roles(seen)).contains("ROLE_ADMIN");
    }

    @Test
    void anAdminByGroup_isAnOrdinaryUser_onceTheSignInIsOlderThanTheMaxAge() {
        // given: signed in as a member of the admins group 20 minutes ago (the default max age is 15), tab still open
        Authentication signedIn = adminSignIn("boss-" + UUID.randomUUID() + "@example.com", true,
                Duration.ofMinutes(20));

        // when: the next click
        Authentication seen = nextRequest(signedIn, () -> {
            // then: no admin page and no admin service
            navigate("admin/customers");
            assertThat(_find(CustomersView.class)).isEmpty();
            assertThat(_find(AccessDeniedView.class)).hasSize(1);
            assertThatThrownBy(() -> customers.search("")).isInstanceOf(AccessDeniedException.class);
        });
        assertThat(roles(seen)).contains("ROLE_USER").doesNotContain("ROLE_ADMIN");
    }

    @Test
    void someoneWhoseEmailIsNoLongerAnAdminEmail_isAnOrdinaryUser_onTheNextRequest() {
        // given: made admin at sign-in by an e-mail the running configuration does not hold (any more), no group
        Authentication signedIn = adminSignIn("former-" + UUID.randomUUID() + "@example.com", false,
                Duration.ofMinutes(1));

        // when
        Authentication seen = nextRequest(signedIn, () -> assertThatThrownBy(() -> customers.search(""))
                .isInstanceOf(AccessDeniedException.class));

        // then
        assertThat(roles(seen)).doesNotContain("ROLE_ADMIN");
    }

    /** A sign-in holding the admin role, made {@code ago}, with or without the admins group in its ID token. */
    private static Authentication adminSignIn(String email, boolean inAdminsGroup, Duration ago) {
        Instant issued = Instant.now().minus(ago);
        Map<String, Object> claims = new HashMap<>(Map.of("sub", email, "email", email));
        if (inAdminsGroup) {
            claims.put("cognito:groups", List.of("admins"));
        }
        List<GrantedAuthority> authorities = new ArrayList<>(List.of(new SimpleGrantedAuthority("ROLE_USER"),
                new SimpleGrantedAuthority("ROLE_ADMIN")));
        OidcIdToken idToken = new OidcIdToken("id-token", issued, issued.plusSeconds(3600), claims);
        return new OAuth2AuthenticationToken(new DefaultOidcUser(authorities, idToken), authorities, "portal");
    }

    /**
     * Sends a request of a browser whose session holds {@code signedIn} through the security filters, and runs
     * {@code inRequest} where the application would: with the sign-in as the filters left it for this request.
     *
     * @return the sign-in the request saw
     */
    private Authentication nextRequest(Authentication signedIn, Runnable inRequest) {
        signIn(signedIn.getName(), true); // Karibu's Vaadin request; its roles are asked of the security context
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin/customers");
        MockHttpSession session = new MockHttpSession();
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(signedIn));
        request.setSession(session);
        AtomicReference<Authentication> seen = new AtomicReference<>();
        try {
            securityFilters.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
                seen.set(SecurityContextHolder.getContext().getAuthentication());
                inRequest.run();
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return seen.get();
    }

    private static List<String> roles(Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }
}
