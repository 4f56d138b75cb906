package com.bedrockmeter.portal.security;

import com.vaadin.flow.spring.security.UidlRedirectStrategy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Signing out at the provider too (OpenID Connect RP-initiated logout: its {@code end_session_endpoint} with
 * {@code post_logout_redirect_uri}), and in Cognito's dialect as well: Cognito publishes its {@code /logout} as the
 * end-session endpoint but reads {@code client_id} and {@code logout_uri} (which must be a registered LogoutURL)
 * instead, and shows an error page without them. A Cognito domain gets both sets of parameters; other providers the
 * standard ones only. Without an end-session endpoint the person comes back to the portal directly.
 */
final class ProviderSignOut extends OidcClientInitiatedLogoutSuccessHandler {

    private static final String COGNITO_DOMAINS = ".amazoncognito.com";

    private final ClientRegistrationRepository registrations;

    ProviderSignOut(ClientRegistrationRepository registrations, String postLogoutRedirectUri) {
        super(registrations);
        this.registrations = registrations;
        setPostLogoutRedirectUri(postLogoutRedirectUri);
        // Vaadin signs out in a UIDL request: the browser is sent on by the client engine, not by a 302
        setRedirectStrategy(new UidlRedirectStrategy());
    }

    /**
     * Where the provider sends the browser after its sign-out: the portal's root. At the host of the sign-in callback
     * when that is configured as an absolute URL (in AWS: behind a load balancer that ends TLS the request's own
     * address reads http://, and Cognito accepts only the registered LogoutURL, {@code <PortalBaseUrl>/}); else at
     * the address the request came to.
     */
    static String backToThePortal(ClientRegistration registration) {
        String callback = registration.getRedirectUri();
        return callback.startsWith("{") ? "{baseUrl}/" : URI.create(callback).resolve("/").toString();
    }

    @Override
    protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) {
        String target = super.determineTargetUrl(request, response, authentication);
        String host = URI.create(target).getHost();
        if (host == null || !host.endsWith(COGNITO_DOMAINS)
                || !(authentication instanceof OAuth2AuthenticationToken token)) {
            return target;
        }
        ClientRegistration registration = registrations.findByRegistrationId(token.getAuthorizedClientRegistrationId());
        // already encoded by the standard handler
        String backHere = UriComponentsBuilder.fromUriString(target).build().getQueryParams()
                .getFirst("post_logout_redirect_uri");
        return target + "&client_id=" + URLEncoder.encode(registration.getClientId(), StandardCharsets.UTF_8)
                + (backHere == null ? "" : "&logout_uri=" + backHere);
    }
}
