package com.bedrockmeter.portal.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver (nothing is downloaded), with the
 * flags this machine needs (no sandbox as root, no background networking).
 */
public final class Browser implements AutoCloseable {

    private final ChromeDriver driver;

    public Browser() {
        try {
            Path profile = Files.createTempDirectory("chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
            // the console, read by consoleMessages(): Content-Security-Policy violations are reported there only
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement waitFor(String css) {
        // elements re-render (a chart redraws its SVG on every update): a stale match just means "look again"
        return new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    var found = d.findElements(By.cssSelector(css));
                    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
                });
    }

    /** Types into a Vaadin field (its slotted native input). */
    public void type(String fieldCss, String text) {
        WebElement input = waitFor(fieldCss + " input");
        input.clear();
        input.sendKeys(text);
    }

    public void click(String css) {
        waitFor(css).click();
    }

    public Object script(String js, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(js, arguments);
    }

    public <T> T until(Duration timeout, java.util.function.Supplier<T> condition) {
        return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class)
                .until(d -> condition.get());
    }

    /** The console messages since the last call (errors, warnings and CSP violations among them). */
    public List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /**
     * Every text node of the page, shadow roots included (dialogs, notifications and overlays render their text
     * there): what a person can read, as text. Markup that a page turned into elements is not in it.
     */
    public String deepText() {
        return (String) script("""
                const out = [];
                const walk = node => {
                  if (node.nodeType === Node.TEXT_NODE) { out.push(node.data); return; }
                  if (node.shadowRoot) { walk(node.shadowRoot); }
                  node.childNodes.forEach(walk);
                };
                walk(document.body);
                return out.join(' ');""");
    }

    /** Elements anywhere in the page, shadow roots included, that match {@code css}. */
    public long countDeep(String css) {
        return ((Number) ((JavascriptExecutor) driver).executeScript("""
                let n = 0;
                const walk = root => {
                  n += root.querySelectorAll(arguments[0]).length;
                  root.querySelectorAll('*').forEach(e => { if (e.shadowRoot) { walk(e.shadowRoot); } });
                };
                walk(document);
                return n;""", css)).longValue();
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves a PNG of the page under target/screenshots/. */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
