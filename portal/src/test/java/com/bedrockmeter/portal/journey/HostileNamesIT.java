package com.bedrockmeter.portal.journey;

import com.bedrockmeter.local.dynalite.Dynalite;
import static org.assertj.core.api.Assertions.assertThat;

import com.bedrockmeter.portal.testsupport.Browser;
import com.bedrockmeter.model.billing.BillingRuns;
import com.bedrockmeter.model.billing.Invoices;
import com.bedrockmeter.model.billing.PlanCatalogue;
import com.bedrockmeter.model.billing.Money;
import com.bedrockmeter.model.billing.PayPerRequest;
import com.bedrockmeter.model.billing.Plan;
import com.bedrockmeter.model.customer.OnboardingService;
import com.bedrockmeter.model.usage.DynamoUsageRepository;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A customer who names their company, an API key and a model with script and HTML, seen by themselves and by an
 * admin on every page, chart, grid, dialog and document that shows those names, in a real headless Chromium: nothing
 * runs, and the text is shown as typed. Also checks that the pages raise no Content-Security-Policy violation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "bedrock-meter.portal.embedded-idp.port=0"})
class HostileNamesIT {

    /** Each part tries another way in: an event handler, a script element, breaking out of an attribute, alert. */
    private static final String SCRIPT = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>"
            + "\"><svg onload=window.__xss=3>'><img src=y onerror=alert(4)>";
    private static final String MODEL = "<img src=x onerror=\"window.__xss=5\">";
    private static final String UNESCAPED = "<img src=x onerror=\"window.__xss=7\">";
    /** Key names have at most 100 characters. */
    private static final String KEY = "<svg onload=window.__xss=6><b>key</b>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("target", "hostile-names-usage-events");

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
        registry.add("bedrock-meter.analytics.directory", EVENTS::toString);
    }

    @BeforeAll
    static void start() throws IOException {
        if (Files.exists(EVENTS)) {
            try (var paths = Files.walk(EVENTS)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(EVENTS);
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void namesWithScriptAndHtml_runNothing_andShowAsTyped_onEveryPageChartGridDialogAndDocument() throws Exception {
        // given: a customer who signs up as SCRIPT, with calls of a model named MODEL today and a bill for last month
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String name = SCRIPT + " " + unique;
        String person = "hostile-" + unique + "@example.com";
        signIn(person);
        browser.type("#company", name);
        browser.click("#accept-terms");
        browser.click("#create-account");
        browser.waitFor("#new-token input");
        browser.click("#token-stored");
        browser.waitFor("#month-requests");
        String customerId = onboarding.customerOf(person).orElseThrow().id();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        usage.add(customerId, DynamoUsageRepository.day(today), Map.of("requests", 4L, "inputTokens", 40L,
                "outputTokens", 16L, DynamoUsageRepository.modelAttribute(MODEL, "requests"), 3L,
                DynamoUsageRepository.modelAttribute(MODEL, "inputTokens"), 30L,
                DynamoUsageRepository.modelAttribute(MODEL, "outputTokens"), 12L,
                DynamoUsageRepository.modelAttribute("plain-model", "requests"), 1L,
                DynamoUsageRepository.modelAttribute("plain-model", "inputTokens"), 10L,
                DynamoUsageRepository.modelAttribute("plain-model", "outputTokens"), 4L));
        // and another customer's calls, so that the per-customer charts have two series and show their legend
        writeEvents(customerId, today, 3);
        writeEvents("another-" + unique, today, 1);
        YearMonth lastMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        catalogue.savePlan("test", new Plan("hostile-" + unique, "Per call", new PayPerRequest(Money.usd("0.01")), false));
        catalogue.assignPlan("test", customerId, "hostile-" + unique, LocalDate.of(2020, 1, 1));
        usage.add(customerId, DynamoUsageRepository.day(lastMonth.atDay(5)), Map.of("requests", 100L));
        billing.runBilling("test", lastMonth.atDay(1), lastMonth.atEndOfMonth());

        // then: the customer's own pages, under a Content-Security-Policy
        browser.open(portal("/"));
        assertThat((String) browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(location.href).then(r => done(r.headers.get('content-security-policy')))"))
                .contains("script-src 'self'").contains("object-src 'none'");
        assertShownLiterally("dashboard", name);
        assertChart("dashboard", "#calls-chart", MODEL);
        assertChart("dashboard", "#tokens-chart", MODEL);
        // and the chart element alone keeps text the server did not escape from becoming markup
        browser.script("const c = document.querySelector('#calls-chart'); c.config = {...c.config, xaxis: "
                + "{categories: c.config.xaxis.categories.map(() => arguments[0])}, series: c.config.series.map("
                + "(s, i) => ({...s, name: i === 0 ? arguments[0] : s.name}))};", UNESCAPED);
        assertChart("dashboard, unescaped", "#calls-chart", UNESCAPED);

        browser.open(portal("/usage"));
        browser.waitFor("#usage vaadin-grid-cell-content");
        assertShownLiterally("usage", MODEL);
        // RFC 4180: the field quoted, its quotes doubled
        assertThat(fetchText("#usage-csv")).contains("\"" + MODEL.replace("\"", "\"\"") + "\"");

        browser.open(portal("/keys"));
        browser.type("#key-name", KEY);
        browser.click("#create-key");
        browser.click("#token-stored");
        assertShownLiterally("keys", KEY);
        revokeButtonOfTheNewestKey().click();
        browser.waitFor("vaadin-confirm-dialog-overlay");
        assertShownLiterally("revoke dialog", "Revoke " + KEY + "?");
        browser.driver().findElement(By.cssSelector("vaadin-confirm-dialog-overlay [slot=cancel-button]")).click();

        browser.open(portal("/billing"));
        browser.waitFor(".invoice-pdf");
        assertNothingRan("billing");
        assertThat(pdfText(".invoice-pdf")).contains(oneLine(name));

        browser.open(portal("/quickstart"));
        browser.waitFor("vaadin-app-layout");
        assertNothingRan("quickstart");

        // and the admin's pages
        signIn("admin@example.com");
        browser.open(portal("/admin/customers"));
        browser.type("#customer-search", unique);
        browser.until(Duration.ofSeconds(10), () -> browser.deepText().contains(name) ? Boolean.TRUE : null);
        assertShownLiterally("customers", name);
        clickInGrid("#customers", "Suspend", name + " is suspended");
        assertShownLiterally("suspend notification", name + " is suspended");
        clickInGrid("#customers", "Reactivate", name + " is active");

        browser.open(portal("/admin/customers/" + customerId));
        assertShownLiterally("customer detail", name);
        assertShownLiterally("customer detail keys", KEY);
        assertChart("customer detail", "#calls-chart", MODEL);
        assertChart("customer detail", "#tokens-chart", MODEL);

        browser.open(portal("/admin/analytics"));
        browser.waitFor("#calls-per-customer-per-day svg");
        assertChart("analytics", "#calls-per-customer-per-day", name);
        assertChart("analytics", "#usage-per-customer-per-month", name);
        assertShownLiterally("analytics", name);
        assertInComboBox("analytics customer filter", "#analytics-customer", unique, name);

        browser.open(portal("/admin/invoices"));
        browser.waitFor("#invoices vaadin-grid-cell-content");
        assertShownLiterally("invoices", name);
        assertInComboBox("invoices customer filter", "#invoice-customer", unique, name);
        assertThat(fetchText("#invoices-csv")).contains("\"" + name.replace("\"", "\"\"") + "\"");

        browser.open(portal("/admin/billing"));
        browser.waitFor("#run-invoices");
        assertShownLiterally("billing runs", name);

        browser.open(portal("/admin/audit"));
        browser.type("#audit-customer", customerId);
        assertShownLiterally("audit log", name);
    }

    /** Waits until the page shows {@code text} as text, then checks that nothing ran and no markup was made. */
    private void assertShownLiterally(String page, String text) {
        try {
            browser.until(Duration.ofSeconds(15), () -> browser.deepText().contains(text) ? Boolean.TRUE : null);
        } catch (org.openqa.selenium.TimeoutException e) {
            assertNothingRan(page);
            assertThat(browser.deepText()).as("text on " + page).contains(text);
        }
        assertNothingRan(page);
    }

    private void assertNothingRan(String page) {
        try {
            String alert = browser.driver().switchTo().alert().getText();
            throw new AssertionError("an alert opened on " + page + ": " + alert);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
        assertThat(browser.script("return window.__xss === undefined ? null : String(window.__xss)"))
                .as("script run on " + page).isNull();
        assertThat(browser.countDeep("img[src=x], img[src=y], svg[onload], [onerror]"))
                .as("elements made from names on " + page).isZero();
        assertThat(browser.consoleMessages()).as("console on " + page)
                .noneMatch(m -> m.contains("Content Security Policy"));
    }

    /** Typing {@code filter} into the combo box lists {@code name} among its items, as text. */
    private void assertInComboBox(String page, String comboBox, String filter, String name) {
        // the charts above have scrolled it out of sight, where the driver does not see it
        browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", comboBox);
        browser.type(comboBox, filter);
        try {
            browser.until(Duration.ofSeconds(10), () -> (Boolean) browser.script("""
                    const items = [];
                    const walk = root => root.querySelectorAll('*').forEach(e => {
                      if (e.localName === 'vaadin-combo-box-item') { items.push(e); }
                      if (e.shadowRoot) { walk(e.shadowRoot); }
                    });
                    walk(document);
                    return items.some(i => i.textContent.includes(arguments[0])) || null;""", name));
        } finally {
            assertNothingRan(page);
        }
        browser.driver().findElement(By.cssSelector(comboBox + " input")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
    }

    /** The chart's legend shows {@code series} as text, and so does its tooltip when a bar is hovered. */
    private void assertChart(String page, String chart, String series) {
        // a legend shows from two series on
        browser.until(Duration.ofSeconds(30), () -> legendTexts(chart).size() >= 2 ? Boolean.TRUE : null);
        assertNothingRan(page + " " + chart + " legend");
        assertThat(legendTexts(chart)).as(page + " " + chart + " legend").contains(series);
        WebElement bar = browser.until(Duration.ofSeconds(10), () -> browser.driver()
                .findElements(By.cssSelector(chart + " path.apexcharts-bar-area")).stream()
                .filter(b -> ((Number) browser.script("return arguments[0].getBBox().height", b)).doubleValue() > 0)
                .findFirst().orElse(null));
        browser.script("arguments[0].scrollIntoView({block: 'center'})", bar);
        new Actions(browser.driver()).moveToElement(bar).perform();
        String tooltip = browser.until(Duration.ofSeconds(10), () -> {
            Object text = browser.script("const t = document.querySelector(arguments[0] + ' .apexcharts-tooltip');"
                    + "return t && t.classList.contains('apexcharts-active') ? t.textContent : null", chart);
            return text == null || !text.toString().contains(series) ? null : text.toString();
        });
        assertThat(tooltip).contains(series);
        assertNothingRan(page + " " + chart + " tooltip");
        new Actions(browser.driver()).moveToLocation(1, 1).perform();
    }

    @SuppressWarnings("unchecked")
    private List<String> legendTexts(String chart) {
        return (List<String>) browser.script("return [...document.querySelectorAll(arguments[0]"
                + " + ' .apexcharts-legend-text')].map(e => e.textContent)", chart);
    }

    private WebElement revokeButtonOfTheNewestKey() {
        // newest first: the key just made is the first row's
        return browser.until(Duration.ofSeconds(10), () -> browser.driver()
                .findElements(By.cssSelector("#keys vaadin-grid-cell-content vaadin-button")).stream()
                .filter(b -> b.getText().equals("Revoke") && b.isEnabled()).findFirst().orElse(null));
    }

    /**
     * Clicks the button of the grid's only row until the page shows {@code expected}: the grid re-renders its rows
     * when the lazy search behind it fires, which can take the button away under a click.
     */
    private void clickInGrid(String grid, String button, String expected) {
        browser.until(Duration.ofSeconds(20), () -> {
            browser.driver().findElements(By.cssSelector(grid + " vaadin-grid-cell-content vaadin-button")).stream()
                    .filter(b -> b.getText().equals(button)).findFirst()
                    // the button's own click event: a pointer click on the row is also taken by the grid
                    .ifPresent(b -> browser.script("arguments[0].click()", b));
            try {
                return browser.until(Duration.ofSeconds(3), () -> browser.deepText().contains(expected) ? true : null);
            } catch (org.openqa.selenium.TimeoutException notYet) {
                return null;
            }
        });
    }

    /** Calls of a customer's on {@code day}, as the proxy writes them (JSON lines under dt=). */
    private static void writeEvents(String customerId, LocalDate day, int calls) throws IOException {
        Path dir = Files.createDirectories(EVENTS.resolve("dt=" + day));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < calls; i++) {
            lines.append(JSON.createObjectNode().put("requestId", "hostile-" + UUID.randomUUID())
                    .put("timestamp", day + "T00:00:0" + i + ".000Z").put("customerId", customerId)
                    .put("keyId", "key_x").put("modelId", MODEL).put("route", "/bedrock").put("status", 200)
                    .put("inputTokens", 10).put("outputTokens", 4).put("latencyMs", 100)).append('\n');
        }
        Files.writeString(dir.resolve("events-" + customerId + ".jsonl"), lines);
    }

    /** What the link selected by {@code css} downloads, as UTF-8 text, fetched by the page. */
    private String fetchText(String css) {
        return new String(fetchBytes(css), java.nio.charset.StandardCharsets.UTF_8);
    }

    private byte[] fetchBytes(String css) {
        String base64 = (String) browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(document.querySelector(arguments[0]).href, {credentials: 'same-origin'})"
                + ".then(r => r.arrayBuffer()).then(b => { let s = ''; new Uint8Array(b).forEach(c => s += "
                + "String.fromCharCode(c)); done(btoa(s)); }).catch(e => done('failed: ' + e));", css);
        return Base64.getDecoder().decode(base64);
    }

    /** The PDF's text as pdftotext (poppler) reads it, on one line. */
    private String pdfText(String css) throws IOException, InterruptedException {
        Path pdf = Files.createTempFile("hostile-invoice", ".pdf");
        Files.write(pdf, fetchBytes(css));
        Process pdftotext = new ProcessBuilder("pdftotext", pdf.toString(), "-").redirectErrorStream(true).start();
        String text = new String(pdftotext.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(pdftotext.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.delete(pdf);
        return oneLine(text);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private void signIn(String person) {
        browser.driver().manage().deleteAllCookies();
        browser.open(portal("/"));
        browser.waitFor("input[name=username]").sendKeys(person);
        browser.driver().findElement(By.cssSelector("input[name=username]")).submit();
    }

    private String portal(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
