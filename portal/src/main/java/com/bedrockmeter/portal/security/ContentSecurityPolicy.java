package com.bedrockmeter.portal.security;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.communication.IndexHtmlResponse;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The portal's Content-Security-Policy: its pages run only the portal's own scripts, so text that became markup
 * still could not run script (inline event handlers, injected script elements and {@code javascript:} URLs are
 * refused). Spring Security sends {@link #STATIC} on every response; Vaadin's page itself starts with inline bootstrap
 * scripts, one of them holding the session's initial state (so no hash can allow them), and gets a policy of its own
 * with a fresh nonce on those scripts (Spring Security leaves a policy already set alone).
 * <p>
 * Found by trying in Chromium with the production bundle: Vaadin's client runs the server's JavaScript
 * ({@code executeJs}, the grid's connectors) with {@code new Function}, so it needs {@code 'unsafe-eval'}; without it
 * the page stays blank and the console says nothing. Lumo and ApexCharts set inline styles: {@code 'unsafe-inline'}
 * for styles only. Nothing is loaded from another origin. Sign-in and sign-out leave the portal by redirects, which no
 * directive governs, so {@code form-action 'self'} holds for the IdP on another origin too.
 */
@Component
class ContentSecurityPolicy implements VaadinServiceInitListener {

    static final String HEADER = "Content-Security-Policy";
    /** For every response but Vaadin's page: no inline script at all. */
    static final String STATIC = policy("'self'");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** @param scripts the script-src sources */
    static String policy(String scripts) {
        return String.join("; ",
                "default-src 'self'",
                "script-src " + scripts,
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self'",
                // Lumo's icon font comes as a data: URL
                "font-src 'self' data:",
                // UIDL requests, downloads and the page's fetches: the portal only
                "connect-src 'self'",
                "object-src 'none'",
                // a <base> would re-point every relative script URL
                "base-uri 'self'",
                // no page of the portal inside another site's frame (clickjacking)
                "frame-ancestors 'none'",
                "form-action 'self'");
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.addIndexHtmlRequestListener(ContentSecurityPolicy::allowBootstrapScripts);
    }

    /** Marks the page's own scripts with a nonce made for this page alone, and allows only those. */
    static void allowBootstrapScripts(IndexHtmlResponse page) {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        page.getDocument().select("script").forEach(script -> script.attr("nonce", nonce));
        page.getVaadinResponse().setHeader(HEADER, policy("'self' 'unsafe-eval' 'nonce-" + nonce + "'"));
    }
}
