package com.bedrockmeter.portal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.PortalProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

class OidcRoleMapperTest {

    private final OidcRoleMapper mapper = new OidcRoleMapper(new PortalProperties(URI.create("http://proxy"),
            List.of("boss@example.com"), "cognito:groups", "admins",
            new PortalProperties.EmbeddedIdp(false, 0), List.of(Duration.ZERO), Duration.ofMinutes(15)));

    @Test
    void isAdmin_whenTheGroupsClaimHoldsTheAdminGroup() {
        assertThat(mapper.isAdmin("someone@example.com", List.of("users", "admins"))).isTrue();
    }

    @Test
    void isAdmin_whenTheEmailIsAConfiguredAdminEmail_inAnyCase() {
        assertThat(mapper.isAdmin("Boss@Example.com", null)).isTrue();
    }

    @Test
    void isNotAdmin_otherwise() {
        assertThat(mapper.isAdmin("someone@example.com", List.of("users"))).isFalse();
        assertThat(mapper.isAdmin(null, null)).isFalse();
    }

    @Test
    void email_fallsBackToAnEmailShapedSubject_whenTheProviderSendsNone() {
        var token = new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("sub", "Alice@Example.com"));
        assertThat(OidcRoleMapper.email(new DefaultOidcUser(List.of(), token))).isEqualTo("alice@example.com");
        var opaque = new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("sub", "a1b2c3"));
        assertThat(OidcRoleMapper.email(new DefaultOidcUser(List.of(), opaque))).isNull();
    }

    @Test
    void isAdmin_byEmail_onlyWhenTheProviderVerifiedTheEmail() {
        // given: Cognito-like sign-ins with an admin e-mail, verified or not
        var verified = user(Map.of("sub", "u1", "email", "boss@example.com", "email_verified", true));
        var unverified = user(Map.of("sub", "u2", "email", "boss@example.com", "email_verified", false));
        var silent = user(Map.of("sub", "boss@example.com"));

        // then
        assertThat(mapper.isAdmin(verified)).isTrue();
        assertThat(mapper.isAdmin(unverified)).isFalse();
        assertThat(mapper.isAdmin(silent)).isFalse();
    }

    @Test
    void isAdmin_byEmail_asTyped_withTheLocalStacksEmbeddedProvider() {
        OidcRoleMapper local = new OidcRoleMapper(new PortalProperties(URI.create("http://proxy"),
                List.of("admin@example.com"), "cognito:groups", "admins",
                new PortalProperties.EmbeddedIdp(true, 0), List.of(Duration.ZERO), Duration.ofMinutes(15)));
        assertThat(local.isAdmin(user(Map.of("sub", "admin@example.com")))).isTrue();
    }

    private static DefaultOidcUser user(Map<String, Object> claims) {
        return new DefaultOidcUser(List.of(), new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60),
                claims));
    }
}
