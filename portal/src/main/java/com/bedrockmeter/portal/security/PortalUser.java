package com.bedrockmeter.portal.security;

/**
 * The person signed in, from the ID token.
 *
 * @param subject the OIDC subject: what binds the person to a customer
 */
public record PortalUser(String subject, String email, String name, boolean admin) {
}
