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

    @Test
    void signOut_comesBackToTheHostOfTheConfiguredCallback_notToTheAddressTheRequestCameTo() {
        // given: in AWS the callback is configured absolute, and TLS ends at the load balancer
        ClientRegistration registration = registration("https://idp.example/endsession",
                "https://portal.public.example/login/oauth2/code/portal");

        // when
        String target = target(registration, "http", "10.0.3.7", 8080);

        // then
        assertThat(target).contains("post_logout_redirect_uri=https://portal.public.example/");
    }

    private static String target(String endSessionEndpoint) {
        return target(registration(endSessionEndpoint, "{baseUrl}/login/oauth2/code/{registrationId}"), "https",
                "portal.example", 443);
    }

    private static ClientRegistration registration(String endSessionEndpoint, String callback) {
        return ClientRegistration.withRegistrationId("portal").clientId("portal-client")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri(callback)
                .authorizationUri("https://idp.example/authorize").tokenUri("https://idp.example/token")
                .providerConfigurationMetadata(Map.of("end_session_endpoint", endSessionEndpoint)).build();
    }

    private static String target(ClientRegistration registration, String scheme, String host, int port) {
        ProviderSignOut signOut = new ProviderSignOut(new InMemoryClientRegistrationRepository(registration),
                ProviderSignOut.backToThePortal(registration));
        var authorities = List.of(new SimpleGrantedAuthority("ROLE_USER"));
        var idToken = new OidcIdToken("id-token", Instant.now(), Instant.now().plusSeconds(60), Map.of("sub", "a"));
        var signedIn = new OAuth2AuthenticationToken(new DefaultOidcUser(authorities, idToken), authorities, "portal");
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/logout");
        request.setScheme(scheme);
        request.setServerName(host);
        request.setServerPort(port);
        return signOut.determineTargetUrl(request, new MockHttpServletResponse(), signedIn);
    }
}
