package com.bedrockmeter.portal.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Whether a person signed in as an admin still is one: asked on every request ({@link LiveRolesFilter}) instead of
 * trusting the sign-in for as long as the tab stays open. The e-mail rule is checked against the running
 * configuration. The groups come from the ID token the provider issued at sign-in, and the portal cannot see a
 * removal from the group before the person signs in again; so admin rights last {@code admin-sign-in-max-age} after a
 * sign-in, and then the person is an ordinary user until they sign in again.
 */
final class AdminRights {

    private final OidcRoleMapper rule;
    private final Duration maxAge;
    private final Clock clock;

    AdminRights(OidcRoleMapper rule, Duration maxAge, Clock clock) {
        this.rule = rule;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    boolean holds(OidcUser user) {
        Instant signedIn = user.getIdToken() == null ? null : user.getIdToken().getIssuedAt();
        return signedIn != null && signedIn.plus(maxAge).isAfter(clock.instant()) && rule.isAdmin(user);
    }
}
