package com.bedrockmeter.portal.journey;

import com.bedrockmeter.local.dynalite.Dynalite;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.testsupport.Browser;
import com.bedrockmeter.portal.testsupport.ProxyProcess;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.PayPerRequest;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.customer.OnboardingService;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What people do, in a real headless Chromium: the portal with its embedded OIDC provider, the proxy as its own
 * process, one dynalite under both. Screenshots go to target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bedrock-meter.portal.embedded-idp.port=0",
        // a grace period short enough to watch it end
        "bedrock-meter.portal.grace-periods=0s,10s,24h",
        // the rotation journey calls the old key until its grace period ends: more than a new customer's 10 a minute
        "bedrock-meter.new-customers.rpm-limit=1000"})
class PortalJourneyIT {

    private static final String GUIDE_BODY = """
            {"modelId":"anthropic.claude-3-sonnet-20240229-v1:0","anthropic_version":"bedrock-2023-05-31",
             "max_tokens":1000,"messages":[{"role":"user","content":[{"type":"text",
             "text":"What is the capital of France?"}]}]}""";

    private static ProxyProcess proxy;
    private static Browser browser;

    @LocalServerPort int port;
    @Autowired OnboardingService onboarding;
    @Autowired PlanCatalogue catalogue;
    @Autowired BillingRuns billing;
    @Autowired Invoices invoices;
    @Autowired DynamoUsageRepository usage;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("bedrock-meter.dynamodb.endpoint", () -> Dynalite.sharedEndpoint().toString());
        // the analytics read the events the journey's proxy writes
        registry.add("bedrock-meter.analytics.directory", () -> ProxyProcess.USAGE_DIRECTORY);
    }

    @BeforeAll
    static void start() {
        proxy = ProxyProcess.start(Dynalite.sharedEndpoint());
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void newPerson_signsUp_getsAToken_callsTheProxy_andSeesTheCallInTheDashboardChart() throws Exception {
        // given: a person who has never been here signs in on the provider's page
        String person = "newbie-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        signIn(person);

        // when: they fill in the onboarding form
        browser.type("#company", "Newbie Labs");
        browser.click("#accept-terms");
        browser.click("#create-account");
        String token = browser.waitFor("#new-token input").getDomProperty("value");
        browser.click("#token-stored");
        browser.waitFor("#month-requests");

        // then: the token is gone from the page once stored, and is in no URL
        assertThat(browser.driver().getPageSource()).doesNotContain(token);
        assertThat(browser.currentUrl()).doesNotContain(token);

        // and it works against the proxy
        assertThat(token).startsWith("bm_");
        HttpResponse<String> call = HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxy.uri("/bedrock"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GUIDE_BODY)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);

        // and the dashboard chart shows the call, drawn as an SVG bar
        long bars = browser.until(Duration.ofSeconds(30), () -> {
            browser.open(portal("/"));
            browser.waitFor("#calls-chart svg");
            Object drawn = browser.script("return [...document.querySelectorAll('#calls-chart path.apexcharts-bar-area')]"
                    + ".filter(p => p.getBBox().height > 0).length");
            return ((Number) drawn).longValue() > 0 ? (Long) ((Number) drawn).longValue() : null;
        });
        assertThat(bars).isEqualTo(1);
        assertThat(browser.waitFor("#month-requests").getText()).isEqualTo("1");
        browser.screenshot("dashboard");

        browser.open(portal("/keys"));
        browser.waitFor("#keys");
        browser.screenshot("api-keys");

        // and signing out ends the session at the provider too and comes back to the portal, which asks for sign-in
        // again (the provider sends the browser to the portal's own absolute address, not to its own "/")
        browser.click("#sign-out");
        browser.until(Duration.ofSeconds(15), () -> browser.currentUrl().contains("/authorize?") ? true : null);
        assertThat(browser.currentUrl()).contains("redirect_uri=" + portal("/login/oauth2/code/portal"));
        browser.waitFor("input[name=username]");
        assertThat(browser.deepText()).doesNotContainIgnoringCase("not allowed");
        assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
        browser.screenshot("signed-out");
        browser.open(portal("/keys"));
        browser.waitFor("input[name=username]");
    }

    @Test
    void admin_billsLastMonthInTheBrowser_seesInvoicesAndAnalytics_andTheCustomerDownloadsThePdf() throws Exception {
        // given: a customer on 0.01 per call with 1,000 calls last month, and two calls through the proxy today
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String person = "billed-" + unique + "@example.com";
        String token = signUp(person, "Billed " + unique);
        String customerId = onboarding.customerOf(person).orElseThrow().id();
        catalogue.savePlan("test", new Plan("journey-" + unique, "Per call", new PayPerRequest(Money.usd("0.01")), false));
        catalogue.assignPlan("test", customerId, "journey-" + unique, LocalDate.of(2020, 1, 1));
        YearMonth lastMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        usage.add(customerId, DynamoUsageRepository.day(lastMonth.atDay(5)), Map.of("requests", 1_000L));
        assertThat(call(token).statusCode()).isEqualTo(200);
        assertThat(call(token).statusCode()).isEqualTo(200);

        // when: an admin runs billing for last month (the default period)
        signIn("admin@example.com");
        browser.open(portal("/admin/billing"));
        browser.click("#run-billing");

        // then: the run finishes in the background and the page shows it: 1,000 × 0.01 = 10.00
        browser.until(Duration.ofSeconds(60), () -> browser.waitFor("#run-state").getText().startsWith("Run done")
                ? Boolean.TRUE : null);
        browser.until(Duration.ofSeconds(10), () -> browser.driver().getPageSource().contains("10.00 USD")
                ? Boolean.TRUE : null);
        assertEveryComponentLoaded();
        browser.screenshot("admin-billing-runs");

        // and the invoices view charts the revenue
        browser.open(portal("/admin/invoices"));
        browser.waitFor("#revenue-chart svg");
        assertEveryComponentLoaded();
        browser.screenshot("admin-invoices");

        // and plans & prices
        browser.open(portal("/admin/plans"));
        browser.waitFor("#plans");
        assertEveryComponentLoaded();

        // and the analytics (DuckDB over the proxy's event files) list the customer among the most active
        // (the page queries when it opens and shows the answer on its next poll)
        browser.open(portal("/admin/analytics"));
        browser.waitFor("#usage-trend svg");
        browser.until(Duration.ofSeconds(30), () -> browser.driver().getPageSource().contains("Billed " + unique)
                ? Boolean.TRUE : null);
        browser.waitFor("#calls-per-customer-per-day svg");
        assertEveryComponentLoaded();
        browser.screenshot("admin-analytics");

        // and the customer downloads the invoice as a PDF and as CSV from their billing page
        signIn(person);
        browser.open(portal("/billing"));
        browser.waitFor(".invoice-pdf");
        assertThat(fetch(".invoice-pdf", 5)).isEqualTo("%PDF-");
        assertThat(fetch(".invoice-csv", 4000)).contains("Total,TOTAL,,,,10.00,USD");
        assertEveryComponentLoaded();
        browser.screenshot("billing");
    }

    @Test
    void customer_editingTheUrlToAnotherCustomersId_seesNothingOfIt() {
        // given: another customer, and a signed-in customer who knows (or guesses) its id
        String victimSubject = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String victimId = onboarding.onboard("test", victimSubject, "Victim Holdings", victimSubject, true).customer().id();
        signUp("curious-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "Curious Co");

        // when
        browser.open(portal("/admin/customers/" + victimId));

        // then
        String page = browser.until(Duration.ofSeconds(30), () -> {
            String text = (String) browser.script("return document.body ? document.body.innerText : ''");
            return text != null && text.contains("access") ? text : null;
        });
        browser.screenshot("customer-denied-other-customer");
        assertThat(browser.waitFor("#access-denied").getText()).contains("You do not have access");
        assertThat(page).doesNotContain("Victim Holdings").doesNotContain(victimSubject).doesNotContain(victimId);
    }

    @Test
    void admin_seesTheCustomersGrid() {
        signIn("admin@example.com");
        browser.open(portal("/admin/customers"));
        browser.waitFor("#customers");
        browser.until(Duration.ofSeconds(10), () -> browser.driver().getPageSource().contains("vaadin-grid-cell-content")
                ? Boolean.TRUE : null);
        browser.screenshot("admin-customers");
    }

    @Test
    void admin_setsADailyLimitOfTwo_andTheCustomersThirdCallGets429() throws Exception {
        // given: a customer with a token
        String person = "limited-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String token = signUp(person, "Limited Ltd");
        String customerId = onboarding.customerOf(person).orElseThrow().id();

        // when: an admin sets the daily limit to 2 in the customer's detail view
        signIn("admin@example.com");
        browser.open(portal("/admin/customers/" + customerId));
        browser.type("#limit-daily", "2");
        browser.click("#save-limits");
        browser.until(Duration.ofSeconds(10), () -> onboarding.customerOf(person).orElseThrow().limits()
                .dailyRequests() != null ? Boolean.TRUE : null);
        browser.screenshot("admin-customer-detail");

        // then
        assertThat(call(token).statusCode()).isEqualTo(200);
        assertThat(call(token).statusCode()).isEqualTo(200);
        HttpResponse<String> third = call(token);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("X-RateLimit-Limit")).hasValue("2");
    }

    @Test
    void customer_rotatesAKey_theOldOneWorksDuringTheGracePeriod_andNotAfter() throws Exception {
        // given
        String oldToken = signUp("rotating-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                "Rotating Inc");
        browser.open(portal("/keys"));

        // when: they rotate with a 10-second grace period
        browser.click("#grace-period");
        browser.until(Duration.ofSeconds(10), () -> browser.driver().findElements(
                org.openqa.selenium.By.cssSelector("vaadin-select-item")).stream()
                .filter(i -> i.getText().contains("10 seconds")).findFirst().orElse(null)).click();
        browser.click("#rotate-keys");
        String newToken = browser.waitFor("#new-token input").getDomProperty("value");
        browser.click("#token-stored");

        // then
        assertThat(newToken).startsWith("bm_").isNotEqualTo(oldToken);
        assertThat(call(oldToken).statusCode()).isEqualTo(200);
        assertThat(call(newToken).statusCode()).isEqualTo(200);
        int afterGrace = browser.until(Duration.ofSeconds(30), () -> {
            int status = call(oldToken).statusCode();
            return status == 401 ? status : null;
        });
        assertThat(afterGrace).isEqualTo(401);
        assertThat(call(newToken).statusCode()).isEqualTo(200);
    }

    private String signUp(String person, String company) {
        signIn(person);
        browser.type("#company", company);
        browser.click("#accept-terms");
        browser.click("#create-account");
        String token = browser.waitFor("#new-token input").getDomProperty("value");
        browser.click("#token-stored");
        browser.waitFor("#month-requests");
        return token;
    }

    private HttpResponse<String> call(String token) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(proxy.uri("/bedrock"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(GUIDE_BODY)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every element on the page is a defined (upgraded) web component: a view whose components are missing from the
     * production bundle shows them as empty boxes, which no server-side test sees. Waits a little for lazy chunks.
     * And nothing the page needed was refused by the Content-Security-Policy.
     */
    private void assertEveryComponentLoaded() {
        // components only: Flow's containers and the grid's cell-content elements are plain elements by design
        String undefined = "return [...new Set([...document.querySelectorAll(':not(:defined)')]"
                + ".map(e => e.localName).filter(n => /^(vaadin|apex)-/.test(n) && n !== 'vaadin-grid-cell-content'))]"
                + ".join(',')";
        try {
            browser.until(Duration.ofSeconds(10), () -> "".equals(browser.script(undefined)) ? Boolean.TRUE : null);
        } catch (org.openqa.selenium.TimeoutException e) {
            assertThat(browser.script(undefined)).as("elements never defined on " + browser.currentUrl()).isEqualTo("");
        }
        // and the page ran within the Content-Security-Policy (the browser reports refusals in the console only)
        assertThat(browser.consoleMessages()).as("console on " + browser.currentUrl())
                .noneMatch(m -> m.contains("Content Security Policy"));
    }

    /** The first {@code chars} characters of what the link selected by {@code css} downloads, fetched by the page. */
    private String fetch(String css, int chars) {
        return (String) browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.querySelector(arguments[0]).href, {credentials: 'same-origin'})"
                + ".then(r => r.arrayBuffer())"
                + ".then(b => done(new TextDecoder('latin1').decode(new Uint8Array(b).slice(0, arguments[1]))))"
                + ".catch(e => done('failed: ' + e));", css, chars);
    }

    private void signIn(String person) {
        browser.driver().manage().deleteAllCookies();
        browser.open(portal("/"));
        browser.waitFor("input[name=username]").sendKeys(person);
        browser.driver().findElement(org.openqa.selenium.By.cssSelector("input[name=username]")).submit();
    }

    private String portal(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
