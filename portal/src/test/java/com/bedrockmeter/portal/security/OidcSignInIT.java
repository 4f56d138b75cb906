package com.bedrockmeter.portal.security;

import com.bedrockmeter.local.dynalite.Dynalite;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real authorization-code flow over HTTP against the embedded OIDC provider: discovery, the provider's sign-in
 * form, the code exchange with ID-token validation against its JWKS, and a session that then opens the portal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bedrock-meter.portal.embedded-idp.port=0")
class OidcSignInIT {

    @LocalServerPort int port;
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("bedrock-meter.dynamodb.endpoint", () -> Dynalite.sharedEndpoint().toString());
    }

    @Test
    void signIn_withTheEmbeddedProvider_opensThePortal() throws Exception {
        // given: not signed in, a protected page sends the browser to the provider
        HttpResponse<String> response = get(portal("/keys"));
        int hops = 0;
        while (response.statusCode() == 302 && hops++ < 5) {
            response = get(URI.create(response.headers().firstValue("Location").orElseThrow()));
        }
        assertThat(response.statusCode()).isEqualTo(200);
        URI signInForm = response.uri();
        assertThat(signInForm.getPort()).isNotEqualTo(port);
        assertThat(response.body()).containsIgnoringCase("username");

        // when: the person signs in on the provider's form
        HttpResponse<String> callback = browser.send(HttpRequest.newBuilder(signInForm)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username="
                        + URLEncoder.encode("alice@example.com", StandardCharsets.UTF_8) + "&claims="))
                .build(), HttpResponse.BodyHandlers.ofString());
        String redirect = callback.headers().firstValue("Location").orElseThrow();
        assertThat(redirect).contains("/login/oauth2/code/portal").contains("code=");
        HttpResponse<String> afterCode = get(URI.create(redirect));

        // then: the code was exchanged and the session is signed in
        assertThat(afterCode.statusCode()).isEqualTo(302);
        assertThat(afterCode.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        HttpResponse<String> page = get(portal("/keys"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("window.Vaadin");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    }

    @Test
    void protectedPage_withoutSignIn_redirectsToTheProvider() throws Exception {
        HttpResponse<String> response = get(portal("/admin/customers"));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("/oauth2/authorization/portal");
    }

    private URI portal(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(uri).header("Accept", "text/html,application/xhtml+xml").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
