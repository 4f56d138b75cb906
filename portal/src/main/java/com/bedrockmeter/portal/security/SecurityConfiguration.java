package com.bedrockmeter.portal.security;

import com.bedrockmeter.portal.PortalProperties;
import com.vaadin.flow.spring.security.VaadinWebSecurity;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Sign-in with OpenID Connect (authorization-code flow) against the {@code portal} client registration: the
 * embedded provider locally, Cognito in AWS. Vaadin's defaults add CSRF protection and security headers, and
 * {@link ContentSecurityPolicy} a Content-Security-Policy; views are checked by their annotations and services again
 * by {@code @PreAuthorize}. Admin rights are checked again on every request ({@link LiveRolesFilter}). Signing out
 * invalidates the session.
 */
@Configuration
@EnableWebSecurity
@EnableMethodSecurity
class SecurityConfiguration extends VaadinWebSecurity {

    static final String REGISTRATION = "portal";
    static final String LOGIN_URL = "/oauth2/authorization/" + REGISTRATION;

    private final PortalProperties properties;
    private final Clock clock;
    private final ObjectProvider<ClientRegistrationRepository> registrations;

    SecurityConfiguration(PortalProperties properties, Clock clock,
                          ObjectProvider<ClientRegistrationRepository> registrations) {
        this.properties = properties;
        this.clock = clock;
        this.registrations = registrations;
    }

    @Bean
    OidcRoleMapper oidcRoleMapper() {
        return new OidcRoleMapper(properties);
    }

    /** Vaadin's OIDC sign-out, also in Cognito's dialect. */
    @Override
    protected LogoutSuccessHandler oidcLogoutSuccessHandler(String postLogoutRedirectUri) {
        return new ProviderSignOut(registrations.getObject(), postLogoutRedirectUri);
    }

    @Override
    protected void configure(HttpSecurity http) throws Exception {
        super.configure(http);
        // the provider sends the browser back here after its sign-out: an absolute address (a relative "/" is the
        // provider's own root; Cognito accepts only the registered absolute LogoutURL, <PortalBaseUrl>/)
        setOAuth2LoginPage(http, LOGIN_URL,
                ProviderSignOut.backToThePortal(registrations.getObject().findByRegistrationId(REGISTRATION)));
        http.oauth2Login(login -> login.userInfoEndpoint(userInfo -> userInfo.oidcUserService(oidcRoleMapper())));
        http.logout(logout -> logout.invalidateHttpSession(true).clearAuthentication(true)
                .deleteCookies("JSESSIONID"));
        http.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(ContentSecurityPolicy.STATIC)));
        // right after the session's sign-in is loaded, before anything asks for roles (not a bean: Boot would also
        // run a Filter bean outside this chain, where no sign-in is loaded yet)
        http.addFilterAfter(new LiveRolesFilter(new AdminRights(oidcRoleMapper(), properties.adminSignInMaxAge(),
                clock)), SecurityContextHolderFilter.class);
    }
}
