package com.bedrockmeter.portal.security;

import com.bedrockmeter.portal.PortalProperties;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Gives a signed-in person their roles: {@code ROLE_USER} always, {@code ROLE_ADMIN} when the groups claim holds
 * the admin group (Cognito's {@code cognito:groups} containing {@code admins}) or the e-mail, verified by the
 * provider, is a configured admin e-mail.
 */
public class OidcRoleMapper implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService delegate = new OidcUserService();
    private final PortalProperties properties;

    public OidcRoleMapper(PortalProperties properties) {
        this.properties = properties;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        Set<GrantedAuthority> authorities = new HashSet<>(user.getAuthorities());
        authorities.add(new SimpleGrantedAuthority("ROLE_" + Roles.USER));
        if (isAdmin(user)) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + Roles.ADMIN));
        }
        return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo());
    }

    /** The admin rule on the person's ID-token claims, as they were at sign-in. */
    boolean isAdmin(OidcUser user) {
        return isAdmin(verifiedEmail(user), user.getClaimAsStringList(properties.groupsClaim()));
    }

    /**
     * The e-mail an admin e-mail may be matched against: only one the provider says it verified
     * ({@code email_verified}), since anyone can sign up to Cognito with any address they type. The embedded
     * provider of the local stack verifies nothing and signs in whoever types a name; it runs only in local mode,
     * where its names count as they are typed.
     */
    String verifiedEmail(OidcUser user) {
        if (properties.embeddedIdp().enabled()) {
            return email(user);
        }
        return Boolean.TRUE.equals(user.getEmailVerified()) && user.getEmail() != null
                ? user.getEmail().toLowerCase(Locale.ROOT) : null;
    }

    boolean isAdmin(String email, Collection<String> groups) {
        boolean byGroup = groups != null && groups.contains(properties.adminGroup());
        boolean byEmail = email != null && properties.adminEmails().stream()
                .anyMatch(admin -> admin.equalsIgnoreCase(email));
        return byGroup || byEmail;
    }

    /** The e-mail claim, or the subject when the provider sends none and the subject is an e-mail address. */
    static String email(OidcUser user) {
        String email = user.getEmail();
        if (email == null && user.getSubject() != null && user.getSubject().contains("@")) {
            email = user.getSubject();
        }
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

}
