package com.bedrockmeter.proxy.snapstart;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.web.HttpRequestHandler;

/**
 * {@code GET /ready}: 200 once the application has started and, when asked to, the SnapStart priming has run; 503
 * before. The Lambda Web Adapter's readiness check (the streaming function) polls it, and Lambda takes the SnapStart
 * snapshot once it passes, so the priming is in the snapshot. Not routed by API Gateway: only the adapter, inside
 * the function, reaches it.
 */
public class Readiness implements HttpRequestHandler, ApplicationListener<ApplicationReadyEvent> {

    public static final String ROUTE = "/ready";
    private static final Logger log = LoggerFactory.getLogger(Readiness.class);

    private final SnapStartPriming priming;
    private final boolean primeFirst;
    private volatile boolean ready;

    public Readiness(SnapStartPriming priming, boolean primeFirst) {
        this.priming = priming;
        this.primeFirst = primeFirst;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (primeFirst) {
            try {
                priming.prime();
            } catch (RuntimeException e) { // priming must never keep the function from starting
                log.warn("SnapStart priming failed; ready without it", e);
            }
        }
        ready = true;
    }

    public boolean ready() {
        return ready;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean now = ready;
        response.setStatus(now ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.getOutputStream().write((now ? "{\"status\":\"ready\"}"
                : "{\"error\":{\"code\":\"starting\",\"message\":\"The proxy is starting\"}}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
