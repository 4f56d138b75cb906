package com.bedrockmeter.local.idp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The local stack's OIDC provider (mock-oauth2-server): real discovery, JWKS and authorization-code flow, with a
 * sign-in page where a person types any user name. {@code local-stack} starts it in its own process and hands the
 * portal the {@link #clientRegistration}; in the portal's tests, whose classpath alone has it (registered in their
 * {@code META-INF/spring.factories}), it starts before the application context (Spring Security reads the provider's
 * discovery document while it starts), once per JVM, only when {@code bedrock-meter.portal.embedded-idp.enabled=true},
 * and only in local mode (it refuses to start otherwise); it then points the {@code portal} client registration at
 * itself. The portal's jar never contains it. Sign in as {@code admin@example.com} (an admin e-mail by default) to be an admin; any other name is a
 * customer. In AWS it is off and the registration points at Cognito.
 */
public class EmbeddedIdp implements EnvironmentPostProcessor {

    static final String ISSUER_ID = "default";
    private static final String ENABLED = "bedrock-meter.portal.embedded-idp.enabled";
    private static final String PORT = "bedrock-meter.portal.embedded-idp.port";
    private static final String MODE = "bedrock-meter.mode";
    private static MockOAuth2Server server;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(ENABLED, Boolean.class, false)) {
            return;
        }
        if (!"local".equalsIgnoreCase(environment.getProperty(MODE, "aws"))) {
            // an identity provider that signs in whoever types a name must never run beside real data
            throw new IllegalStateException(ENABLED + "=true needs " + MODE + "=local: the embedded OIDC provider "
                    + "is for the local stack and the tests only");
        }
        String issuer = start(environment.getProperty(PORT, Integer.class, 8082));
        environment.getPropertySources().addLast(new MapPropertySource("embeddedIdp",
                new HashMap<>(clientRegistration(issuer))));
    }

    /** The portal's {@code portal} client registration on this provider, as Spring Boot properties. */
    public static Map<String, String> clientRegistration(String issuer) {
        return Map.of(
                "spring.security.oauth2.client.provider.portal.issuer-uri", issuer,
                "spring.security.oauth2.client.registration.portal.client-id", "bedrock-meter-portal",
                "spring.security.oauth2.client.registration.portal.client-secret", "local-only",
                "spring.security.oauth2.client.registration.portal.scope", "openid,profile,email");
    }

    /** Starts the provider on {@code port} (0: a free one), once per JVM. @return the issuer URL */
    public static synchronized String start(int port) {
        if (server == null) {
            MockOAuth2Server idp = new MockOAuth2Server(OAuth2Config.Companion.fromJson(
                    "{\"interactiveLogin\":true,\"httpServer\":\"MockWebServerWrapper\"}"));
            try {
                idp.start(InetAddress.getByName("127.0.0.1"), port);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(idp::shutdown, "embedded-idp-stop"));
            server = idp;
        }
        return server.issuerUrl(ISSUER_ID).toString();
    }
}
