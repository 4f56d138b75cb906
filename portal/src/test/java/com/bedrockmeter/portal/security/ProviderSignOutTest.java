package com.bedrockmeter.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/** Where signing out sends the browser. */
class ProviderSignOutTest {

    @Test
    void signOut_goesToCognitosLogout_withItsClientIdAndLogoutUri_andTheStandardParameters() {
        String target = target("https://bm-portal.auth.eu-west-1.amazoncognito.com/logout");

        assertThat(target).startsWith("https://bm-portal.auth.eu-west-1.amazoncognito.com/logout?")
                .contains("id_token_hint=id-token")
                .contains("post_logout_redirect_uri=https://portal.example/")
                .contains("&client_id=portal-client")
                .endsWith("&logout_uri=https://portal.example/");
    }

    @Test
    void signOut_usesTheStandardParametersOnly_atAnotherProvider() {
        String target = target("https://idp.example/endsession");

        assertThat(target).isEqualTo("https://idp.example/endsession?id_token_hint=id-token"
                + "&post_logout_redirect_uri=https://portal.example/");
    }

    private static String target(String endSessionEndpoint) {
        ClientRegistration registration = ClientRegistration.withRegistrationId("portal").clientId("portal-client")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .authorizationUri("https://idp.example/authorize").tokenUri("https://idp.example/token")
                .providerConfigurationMetadata(Map.of("end_session_endpoint", endSessionEndpoint)).build();
        ProviderSignOut signOut = new ProviderSignOut(new InMemoryClientRegistrationRepository(registration),
                SecurityConfiguration.POST_LOGOUT_REDIRECT);
        var authorities = List.of(new SimpleGrantedAuthority("ROLE_USER"));
        var idToken = new OidcIdToken("id-token", Instant.now(), Instant.now().plusSeconds(60), Map.of("sub", "a"));
        var signedIn = new OAuth2AuthenticationToken(new DefaultOidcUser(authorities, idToken), authorities, "portal");
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/logout");
        request.setScheme("https");
        request.setServerName("portal.example");
        request.setServerPort(443);
        return signOut.determineTargetUrl(request, new MockHttpServletResponse(), signedIn);
    }
}
