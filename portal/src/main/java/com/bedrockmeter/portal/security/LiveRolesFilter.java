package com.bedrockmeter.portal.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the admin role away, for this request, from a person whose {@link AdminRights} no longer hold. Every
 * navigation and every service call is a request (Vaadin sends each click as one), so the views' role checks, the
 * services' {@code @PreAuthorize} and {@link CurrentUser} all see the role as it is now. The session keeps the
 * sign-in as it was (Spring Security saves a context only when told to), so this is decided afresh each time and
 * never grants anything: admin comes only from a sign-in.
 */
final class LiveRolesFilter extends OncePerRequestFilter {

    private static final String ADMIN = "ROLE_" + Roles.ADMIN;

    private final AdminRights adminRights;

    LiveRolesFilter(AdminRights adminRights) {
        this.adminRights = adminRights;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn instanceof OAuth2AuthenticationToken token && token.getPrincipal() instanceof OidcUser user
                && token.getAuthorities().stream().anyMatch(a -> ADMIN.equals(a.getAuthority()))
                && !adminRights.holds(user)) {
            List<GrantedAuthority> withoutAdmin = token.getAuthorities().stream()
                    .filter(a -> !ADMIN.equals(a.getAuthority())).map(GrantedAuthority.class::cast).toList();
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new OAuth2AuthenticationToken(user, withoutAdmin,
                    token.getAuthorizedClientRegistrationId()));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
