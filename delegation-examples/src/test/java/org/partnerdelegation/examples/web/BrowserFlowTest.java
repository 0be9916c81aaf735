package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * The seed flow by clicks in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}):
 * a partner browser and a customer browser, each with its own cookies. Saves a screenshot of each
 * step under {@code target/screenshots}. Skipped where Chromium is missing, unless
 * {@code -Dpd.browser.required=true} (what {@code .ci/run} passes) makes that a failure.
 *
 * <p>Every click that loads a page goes through {@link #clickAndWait}: WebDriver's click may return
 * before the next page has replaced the current one, and a lookup right after it would find the old
 * page's element (stale a moment later, or with the old text).
 */
class BrowserFlowTest {

    /** How long a click's page may take to load (a loaded machine with two browsers is slow). */
    private static final Duration PAGE_LOAD = Duration.ofSeconds(15);
    private static final String INSTALL = "the browser test needs Chromium and its driver: as root,"
            + " apt-get update && apt-get install -y chromium chromium-driver (or set pd.chromium and pd.chromedriver)";

    @TempDir
    Path data;
    /** Each browser's own fresh, empty profile. */
    @TempDir
    Path profiles;
    private DemoServer server;
    private WebDriver partner;
    private WebDriver customer;
    private int step;
    private final Path screenshots = Path.of(System.getProperty("pd.screenshots.dir", "target/screenshots"));

    @BeforeEach
    void start() throws IOException {
        Path chromium = Path.of(System.getProperty("pd.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("pd.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            if (Boolean.getBoolean("pd.browser.required")) {
                fail("pd.browser.required is set but " + INSTALL);
            }
            Assumptions.abort("Skipped: " + INSTALL);
        }
        Files.createDirectories(screenshots);
        // This run's screenshots only: a step a failure cut short leaves no older picture behind.
        try (DirectoryStream<Path> old = Files.newDirectoryStream(screenshots, "{[0-9][0-9]-*.png,failed-*}")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
        server = DemoServer.start(data, true, 0);
        partner = browser(chromium, driver, profiles.resolve("partner"));
        customer = browser(chromium, driver, profiles.resolve("customer"));
    }

    /**
     * A headless Chromium with the flags this machine needs: without the background-networking ones
     * Chromium keeps opening connections that a closed network refuses, many at a time.
     */
    private static WebDriver browser(Path chromium, Path driver, Path profile) throws IOException {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return chrome;
    }

    @AfterEach
    void stop() {
        for (WebDriver d : new WebDriver[] {partner, customer}) {
            if (d != null) {
                d.quit();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSeedFlowByClicks() {
        try {
            seedFlow();
        } catch (RuntimeException | AssertionError e) {
            failureRecord(partner, "partner", e);
            failureRecord(customer, "customer", e);
            throw e;
        }
    }

    private void seedFlow() {
        // The partner signs in and adds two customers.
        open(partner, "/");
        clickAndWait(partner, partner.findElement(By.id("signin-jane")));
        assertThat(partner.findElement(By.tagName("h1")).getText()).isEqualTo("Account Management");
        add(partner, "admin@initech.example");
        add(partner, "it-admin@umbrella.example");
        assertThat(statusOf(partner, "admin@initech.example")).isEqualTo("Pending");
        assertThat(statusOf(partner, "it-admin@umbrella.example")).isEqualTo("Pending");
        shot(partner, "partner-added-two-customers");

        // The invitation appears in the mailbox; its Accept and Login button leads to the accept page.
        open(customer, "/mailbox");
        WebElement invitation = waitFor(customer, () -> customer.findElements(By.xpath(
                "//tr[td[@class='to' and text()='admin@initech.example']]//a[@class='subject']")));
        assertThat(invitation.getText()).contains("asks to manage your account");
        clickAndWait(customer, invitation);
        assertThat(customer.findElement(By.id("mail-to")).getText()).contains("admin@initech.example");
        shot(customer, "invitation-mail");
        clickInFrameAndWait(customer, By.id("mail-html"), By.partialLinkText("Accept"));
        assertThat(customer.getCurrentUrl()).contains("/accept?token=");

        // The customer signs in as the invited account and accepts.
        assertThat(customer.findElement(By.id("sign-in-needed")).getText()).contains("Sign in as the invited account");
        clickAndWait(customer, customer.findElement(By.id("signin-initech")));
        assertThat(customer.findElement(By.id("invitation-summary")).getText())
                .contains("Acme Reseller", "admin@acme-reseller.example", "account P-1001", "asks to manage your tenant");
        shot(customer, "accept-page");
        clickAndWait(customer, customer.findElement(By.id("accept")));
        assertThat(customer.findElement(By.id("confirmation")).getText()).contains("You accepted", "Connected");
        shot(customer, "accepted");

        // The row turns Connected.
        open(partner, "/accounts");
        assertThat(statusOf(partner, "admin@initech.example")).isEqualTo("Connected");
        assertThat(statusOf(partner, "it-admin@umbrella.example")).isEqualTo("Pending");
        shot(partner, "account-management-pending-and-connected");

        // The partner logs in and sees the banner.
        clickAndWait(partner, row(partner, "admin@initech.example").findElement(By.className("login")));
        assertThat(partner.findElement(By.id("banner-text")).getText())
                .isEqualTo("Acting as admin@initech.example on behalf of jane@acme-reseller.example");
        assertThat(partner.findElement(By.id("delegation-banner")).getText()).contains("End session");
        shot(partner, "delegated-session-banner");

        // A second partner adding the same customer is told the single-partner rule.
        open(customer, "/");
        clickAndWait(customer, customer.findElement(By.id("signin-gary")));
        add(customer, "admin@initech.example");
        assertThat(customer.findElement(By.id("add-error")).getText()).isEqualTo(DelegationException.ALREADY_LINKED_MESSAGE);
        shot(customer, "second-partner-refused");

        // The customer ends the live session; the partner's next click is refused.
        open(customer, "/");
        clickAndWait(customer, customer.findElement(By.id("signin-initech")));
        List<WebElement> end = customer.findElements(By.className("end-session"));
        assertThat(end).hasSize(1);
        clickAndWait(customer, end.get(0));
        assertThat(customer.findElement(By.id("notice")).getText()).contains("The session was ended");
        shot(customer, "customer-ended-session");
        clickAndWait(partner, partner.findElement(By.id("console-refresh")));
        assertThat(partner.findElement(By.id("error-message")).getText()).contains("Your delegated session has ended");
        shot(partner, "partner-refused-after-end");

        // The customer disassociates; the row disappears.
        clickAndWait(customer, customer.findElement(By.id("disassociate")));
        assertThat(customer.findElement(By.id("notice")).getText()).contains("You disassociated the partner");
        open(partner, "/accounts");
        assertThat(partner.findElements(By.cssSelector("tr[data-email='admin@initech.example']"))).isEmpty();
        assertThat(statusOf(partner, "it-admin@umbrella.example")).isEqualTo("Pending");
        shot(partner, "row-gone-after-disassociation");
    }

    /** Loads a page; {@code get} returns once it has loaded. */
    private void open(WebDriver d, String path) {
        d.get(server.url() + path);
    }

    /** Opens the Add dialog (a page of its own), fills in the email and submits it. */
    private static void add(WebDriver d, String email) {
        clickAndWait(d, d.findElement(By.id("add-account")));
        WebElement field = d.findElement(By.id("email"));
        field.clear();
        field.sendKeys(email);
        clickAndWait(d, d.findElement(By.id("add-submit")));
    }

    /**
     * Clicks a link or submit button that loads a new page, and returns once that page has replaced
     * the current one and loaded: the current page's {@code <html>} element has gone stale and the
     * new document's {@code readyState} is {@code complete}. (The demo's pages forbid scripts by CSP;
     * WebDriver's own scripts are not the page's and still run.)
     */
    private static void clickAndWait(WebDriver d, WebElement element) {
        WebElement page = d.findElement(By.tagName("html"));
        element.click();
        awaitNextPage(d, page);
    }

    /**
     * Clicks a link inside a frame that loads a new page into the top window (the mail's HTML is in a
     * sandboxed frame whose links target {@code _top}), and waits for that page as
     * {@link #clickAndWait} does.
     */
    private static void clickInFrameAndWait(WebDriver d, By frame, By link) {
        WebElement page = d.findElement(By.tagName("html"));
        d.switchTo().frame(d.findElement(frame));
        d.findElement(link).click();
        d.switchTo().defaultContent();
        awaitNextPage(d, page);
    }

    private static void awaitNextPage(WebDriver d, WebElement previousPage) {
        WebDriverWait wait = new WebDriverWait(d, PAGE_LOAD);
        wait.until(x -> isGone(previousPage));
        wait.until(x -> "complete".equals(((JavascriptExecutor) x).executeScript("return document.readyState")));
    }

    /**
     * Whether the element's document has been replaced. As {@code ExpectedConditions.stalenessOf},
     * and also when chromedriver reports the stale element as an unknown error from the DevTools
     * protocol instead (it does, now and then, while a navigation replaces the document: "Node with
     * given id does not belong to the document", in older versions "No node with given id found").
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException | NoSuchElementException e) {
            return true;
        } catch (WebDriverException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Node with given id does not belong to the document")
                    || message.contains("No node with given id found")) {
                return true;
            }
            throw e;
        }
    }

    private static WebElement row(WebDriver d, String email) {
        return d.findElement(By.cssSelector("tr[data-email='" + email + "']"));
    }

    private static String statusOf(WebDriver d, String email) {
        return row(d, email).findElement(By.className("status")).getText();
    }

    /** Reloads until {@code find} finds something (the dispatcher mails within a second). */
    private static WebElement waitFor(WebDriver d, java.util.function.Supplier<List<WebElement>> find) {
        for (int i = 0; i < 40; i++) {
            List<WebElement> found = find.get();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            d.navigate().refresh();
        }
        throw new AssertionError("not found on " + d.getCurrentUrl());
    }

    private void shot(WebDriver d, String name) {
        step++;
        Path file = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(file, screenshots.resolve(String.format("%02d-%s.png", step, name)), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * On a failure: the browser's screenshot, address and page source as {@code failed-<who>.png} and
     * {@code .html} beside the steps' screenshots; what keeps them from being saved is added to the
     * failure as suppressed, never hides it.
     */
    private void failureRecord(WebDriver d, String who, Throwable failure) {
        if (d == null) {
            return;
        }
        try {
            Path file = ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, screenshots.resolve("failed-" + who + ".png"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(screenshots.resolve("failed-" + who + ".html"),
                    "<!-- " + d.getCurrentUrl() + " -->\n" + d.getPageSource());
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
