package com.bedrockmeter.portal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The portal's settings, bound from {@code bedrock-meter.portal.*} ({@code BEDROCK_METER_PORTAL_*}).
 *
 * @param proxyUrl    the proxy's public base URL, shown in the quickstart examples
 * @param adminEmails people signed in with one of these e-mails (verified by the provider) are admins; none by
 *                    default (local-stack passes {@code admin@example.com})
 * @param groupsClaim the ID-token claim with the person's groups (Cognito: {@code cognito:groups})
 * @param adminGroup  members of this group are admins
 * @param embeddedIdp the local stack's OIDC provider
 * @param gracePeriods the choices a customer has for how long old keys keep working after a rotation
 * @param adminSignInMaxAge how long admin rights last after a sign-in: the groups claim is only as fresh as the
 *                          sign-in, so a person removed from the admin group loses admin within this time
 */
@Validated
@ConfigurationProperties("bedrock-meter.portal")
public record PortalProperties(
        @DefaultValue("http://127.0.0.1:8081") @NotNull URI proxyUrl,
        @DefaultValue List<String> adminEmails,
        @DefaultValue("cognito:groups") @NotBlank String groupsClaim,
        @DefaultValue("admins") @NotBlank String adminGroup,
        @DefaultValue @Valid EmbeddedIdp embeddedIdp,
        @DefaultValue({"0s", "1h", "24h", "7d"}) List<Duration> gracePeriods,
        @DefaultValue("15m") @NotNull Duration adminSignInMaxAge) {

    /**
     * @param enabled start an OIDC provider in this process (local stack and tests; refused outside local mode)
     * @param port    its port, 0 for a free one
     */
    public record EmbeddedIdp(@DefaultValue("false") boolean enabled, @DefaultValue("8082") int port) {
    }
}
