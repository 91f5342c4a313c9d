package dev.invitations.endtoend.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}; run-tests.sh installs them),
 * driven by Selenium with a fresh profile: no cookies, no session, nothing shared with another test. A missing browser
 * fails the test with what to do; it never skips.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** @param language the browser's Accept-Language, e.g. {@code en} */
    static Browser start(String language) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                    + CHROMEDRIVER + "): run ./run-tests.sh, which installs them, or apt-get install chromium chromium-driver");
        }
        try {
            Path profile = Files.createTempDirectory("portal-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // The machine's network is closed: without the background-networking flags Chromium keeps trying Google's hosts.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1000,900", "--lang=" + language, "--accept-lang=" + language,
                    "--user-data-dir=" + profile);
            // The performance log carries the DevTools network events: the only place Selenium shows a page's HTTP status.
            options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(URI address) {
        driver.get(address.toString());
    }

    URI address() {
        return URI.create(driver.getCurrentUrl());
    }

    String title() {
        return driver.getTitle();
    }

    WebElement find(String css) {
        return whenThere(css, element -> element.isDisplayed() ? element : null);
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    String text(String css) {
        return find(css).getText();
    }

    /**
     * Clicks the element once it is visible and enabled. An element found on a page that is being replaced (the
     * sign-in's last redirect) is looked up again.
     */
    void click(String css) {
        whenThere(css, element -> {
            if (!element.isDisplayed() || !element.isEnabled()) {
                return null;
            }
            element.click();
            return Boolean.TRUE;
        });
    }

    /**
     * What {@code use} makes of the element {@code css} finds, once it makes something (not null): the element is
     * looked up anew on each try, so one from a page the browser is replacing is tried again on the new page.
     */
    private <T> T whenThere(String css, Function<WebElement, T> use) {
        return new WebDriverWait(driver, WAIT).until(d -> {
            try {
                return use.apply(d.findElement(By.cssSelector(css)));
            } catch (NoSuchElementException notYet) {
                return null;
            } catch (WebDriverException failure) {
                if (isGone(failure)) {
                    return null;
                }
                throw failure;
            }
        });
    }

    /**
     * Whether a call failed because its element's page was replaced: Selenium says stale, or Chrome's inspector says
     * the node does not belong to the document (what it answers mid-navigation).
     */
    private static boolean isGone(WebDriverException failure) {
        return failure instanceof StaleElementReferenceException
                || String.valueOf(failure.getMessage()).contains("does not belong to the document");
    }

    /**
     * Clicks what submits a form or follows a link, and waits until the browser has left the page: an element that
     * stands on both the old and the new page would otherwise be found on the old one, mid-navigation.
     */
    void clickAndLeave(String css) {
        WebElement page = driver.findElement(By.tagName("html"));
        click(css);
        new WebDriverWait(driver, WAIT).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (WebDriverException failure) {
                if (isGone(failure)) {
                    return true;
                }
                throw failure;
            }
        });
    }

    /** Scrolls until the element starts at the top of the window, so that a screenshot shows it. */
    void scrollTo(String css) {
        driver.executeScript("arguments[0].scrollIntoView(true)", find(css));
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Chooses {@code file} in the file input {@code css}, as a person does in the file dialog. */
    void upload(String css, Path file) {
        find(css).sendKeys(file.toAbsolutePath().toString());
    }

    /** Waits until an element matching {@code css} shows; the page may get there through redirects or refreshes. */
    void await(String css) {
        find(css);
    }

    /** Waits until an element matching one of {@code css} shows and answers which one. */
    String awaitAny(String... css) {
        return new WebDriverWait(driver, WAIT).until(d -> {
            for (String selector : css) {
                if (!d.findElements(By.cssSelector(selector)).isEmpty()) {
                    return selector;
                }
            }
            return null;
        });
    }

    /** Signs in at Keycloak's own login page and waits until it has sent the browser back to {@code returningTo}'s host. */
    void signInAtKeycloak(String login, String password, URI returningTo) {
        await("#username");
        type("#username", login);
        type("#password", password);
        click("#kc-login");
        awaitHost(returningTo);
    }

    /**
     * Waits until the browser is on {@code host:port} (a redirect to the identity provider and back), past the OIDC
     * callback (whose address carries {@code state=} and which redirects once more), with the page loaded.
     */
    void awaitHost(URI origin) {
        new WebDriverWait(driver, WAIT).until(d -> {
            URI current = URI.create(d.getCurrentUrl());
            return origin.getHost().equals(current.getHost()) && origin.getPort() == current.getPort()
                    && (current.getQuery() == null || !current.getQuery().contains("state="))
                    && "complete".equals(driver.executeScript("return document.readyState"));
        });
    }

    /**
     * The HTTP status of the last page the browser received since the previous call (after redirects), or -1 when it
     * received none.
     */
    int status() {
        int status = -1;
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = JSON.readTree(entry.getMessage()).path("message");
                if ("Network.responseReceived".equals(message.path("method").asText())
                        && "Document".equals(message.path("params").path("type").asText())) {
                    status = message.path("params").path("response").path("status").asInt();
                }
            } catch (IOException notJson) {
                // Chromium writes only JSON here; a line that is not cannot be a response.
            }
        }
        return status;
    }

    String cookie(String name) {
        var cookie = driver.manage().getCookieNamed(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** Saves the viewport as {@code <portal.screenshots>/<name>.png} (target/screenshots unless told otherwise). */
    void screenshot(String name) {
        Path directory = Path.of(System.getProperty("portal.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(directory);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException leftInTmp) {
                // A profile left in the temporary directory harms nothing.
            }
        }
    }
}
