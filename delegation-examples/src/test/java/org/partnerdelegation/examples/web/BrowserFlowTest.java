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
import org.openqa.selenium.Dimension;
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
 * The README's flow by clicks in one headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}), as one person tries it: the menu on every page, the accept page that
 * signs in as the invited account, sign-out ending the delegated session (its token replayed),
 * confirmations with a reason that the audit trail shows, and the pages at 1,280 and 390 px. Saves
 * a screenshot of each step under {@code target/screenshots}. Skipped where Chromium is missing, unless
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
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Dimension PHONE = new Dimension(390, 844);

    private DemoServer server;
    private WebDriver browser;
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
        browser = browser(chromium, driver, profiles.resolve("browser"));
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
                "--disable-dev-shm-usage", "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight(), "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return chrome;
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theReadmeFlowInOneBrowser() {
        try {
            readmeFlow();
        } catch (RuntimeException | AssertionError e) {
            failureRecord(browser, "browser", e);
            throw e;
        }
    }

    private void readmeFlow() {
        WebDriver d = browser;
        // Jane signs in and adds three customers.
        open(d, "/");
        signInAs(d, "jane");
        assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Account Management");
        add(d, "admin@initech.example");
        add(d, "it-admin@umbrella.example");
        add(d, "admin@hooli.example");
        assertThat(statusOf(d, "admin@initech.example")).isEqualTo("Pending");
        // At 1,280 px a row stays one line high, its buttons included.
        assertThat(rowHeights(d)).hasSize(3).allSatisfy(h -> assertThat(h).isLessThan(2 * lineHeight(d)));
        shot(d, "partner-added-three-customers");

        // The invitation in the mailbox, reached from the menu; its Accept and Login button leads to the accept page.
        clickAndWait(d, d.findElement(By.id("nav-mailbox")));
        // Hooli reads German: its invitation is in German, with the partner's name and times in Berlin's zone.
        WebElement german = waitFor(d, () -> d.findElements(By.xpath(
                "//tr[td[@class='to' and text()='admin@hooli.example']]//a[@class='subject']")));
        assertThat(german.getText()).contains("Acme Reseller", "möchte Ihr Konto verwalten");
        clickAndWait(d, german);
        assertThat(d.findElement(By.id("mail-text")).getAttribute("textContent")).contains("Zeitraum").containsPattern("(MEZ|MESZ)");
        shot(d, "german-invitation-mail");
        clickAndWait(d, d.findElement(By.id("nav-mailbox")));
        WebElement invitation = waitFor(d, () -> d.findElements(By.xpath(
                "//tr[td[@class='to' and text()='admin@initech.example']]//a[@class='subject']")));
        assertThat(invitation.getText()).contains("asks to manage your account");
        clickAndWait(d, invitation);
        assertThat(d.findElement(By.id("mail-to")).getText()).contains("admin@initech.example");
        shot(d, "invitation-mail");
        clickInFrameAndWait(d, By.id("mail-html"), By.partialLinkText("Accept"));
        assertThat(d.getCurrentUrl()).contains("/accept?token=");

        // Still signed in as Jane: the page says whom the invitation is for, signs in as that account and comes back.
        assertThat(d.findElement(By.id("invited-account")).getText()).contains("This invitation is for admin@initech.example",
                "You are signed in as jane@acme-reseller.example");
        shot(d, "accept-page-signed-in-as-someone-else");
        clickAndWait(d, d.findElement(By.id("signin-initech")));
        assertThat(d.getCurrentUrl()).contains("/accept?token=");
        assertThat(d.findElement(By.id("invitation-summary")).getText())
                .contains("Acme Reseller", "admin@acme-reseller.example", "account P-1001", "asks to manage your tenant");
        shot(d, "accept-page");
        clickAndWait(d, d.findElement(By.id("accept")));
        assertThat(d.findElement(By.id("confirmation")).getText()).contains("You accepted", "Connected");

        // Back as Jane, the row is Connected; Login opens the console under its banner.
        switchUser(d, "jane");
        assertThat(statusOf(d, "admin@initech.example")).isEqualTo("Connected");
        shot(d, "account-management-pending-and-connected");
        clickAndWait(d, row(d, "admin@initech.example").findElement(By.className("login")));
        assertThat(d.findElement(By.id("banner-text")).getText())
                .isEqualTo("Acting as admin@initech.example on behalf of jane@acme-reseller.example");
        shot(d, "delegated-session-banner");
        String token = d.manage().getCookieNamed(DelegatedRequests.COOKIE).getValue();

        // Jane's own Account Management keeps working while she holds the session, and says she holds it.
        clickAndWait(d, d.findElement(By.id("nav-accounts")));
        assertThat(d.findElement(By.id("signed-in-as")).getText()).startsWith("jane@acme-reseller.example");
        assertThat(d.findElement(By.id("banner-text")).getText()).contains("You hold a delegated session into admin@initech.example");
        assertThat(d.findElements(By.id("add-account"))).hasSize(1);

        // Signing out ends the session: its token, replayed as a bearer token or a cookie, opens nothing.
        clickAndWait(d, d.findElement(By.id("sign-out")));
        assertThat(server.backend().delegation().validateSession(token)).isEmpty();
        WebClient replay = new WebClient(server.url());
        assertThat(replay.get("/console", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
        replay.plantCookie(DelegatedRequests.COOKIE, token, "/");
        assertThat(replay.get("/console").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith(DelegatedRequests.ENDED_PATH));

        // A second partner adding the same customer is told the single-partner rule.
        signInAs(d, "gary");
        add(d, "admin@initech.example");
        assertThat(d.findElement(By.id("add-error")).getText()).isEqualTo(DelegationException.ALREADY_LINKED_MESSAGE);
        assertThat(d.findElement(By.id("email")).getAttribute("value")).isEqualTo("admin@initech.example");
        shot(d, "second-partner-refused");
        // The dialog is modal: the page behind it is out of reach until Cancel.
        clickAndWait(d, d.findElement(By.id("add-cancel")));

        // Initech disassociates, after a confirmation that says what happens and takes a reason.
        switchUser(d, "initech");
        clickAndWait(d, d.findElement(By.id("disassociate")));
        assertThat(d.findElement(By.id("confirm-effects")).getText()).contains("loses access to your tenant at once");
        d.findElement(By.id("reason")).sendKeys("We move to another reseller");
        shot(d, "confirm-disassociate");
        clickAndWait(d, d.findElement(By.id("confirm-submit")));
        assertThat(d.findElement(By.id("notice")).getText()).contains("You disassociated the partner");

        // The operator revokes Globex's permission with a reason, which the permission audit trail shows.
        switchUser(d, "operator");
        clickAndWait(d, d.findElement(By.id("revoke-globex-services")));
        d.findElement(By.id("reason")).sendKeys("Reseller agreement terminated");
        clickAndWait(d, d.findElement(By.id("confirm-submit")));
        WebElement latest = d.findElement(By.cssSelector("#permission-trail tbody tr"));
        assertThat(latest.getText()).contains("Partner permission revoked", "globex-services", "Reseller agreement terminated");
        shot(d, "operator-audit-trail-with-reason");

        // At a phone's width nothing scrolls sideways: the account table becomes stacked rows.
        switchUser(d, "jane");
        assertThat(d.findElements(By.cssSelector("tr[data-email='admin@initech.example']"))).isEmpty();
        d.manage().window().setSize(PHONE);
        d.navigate().refresh();
        assertThat(pageWidth(d)).isLessThanOrEqualTo(viewportWidth(d));
        shot(d, "phone-account-management");
        clickAndWait(d, d.findElement(By.id("nav-mailbox")));
        assertThat(pageWidth(d)).isLessThanOrEqualTo(viewportWidth(d));
        d.manage().window().setSize(DESKTOP);
    }

    private void signInAs(WebDriver d, String user) {
        if (!d.getCurrentUrl().equals(server.url() + "/")) {
            clickAndWait(d, d.findElement(By.id("nav-signin")));
        }
        clickAndWait(d, d.findElement(By.id("signin-" + user)));
    }

    /** Through the menu's Switch user, the picker standing in for the host's login. */
    private void switchUser(WebDriver d, String user) {
        clickAndWait(d, d.findElement(By.id("nav-signin")));
        clickAndWait(d, d.findElement(By.id("signin-" + user)));
    }

    private static List<Long> rowHeights(WebDriver d) {
        return d.findElements(By.cssSelector("#accounts tbody tr")).stream().map(r -> (long) r.getSize().getHeight()).toList();
    }

    private static long lineHeight(WebDriver d) {
        return d.findElement(By.cssSelector("#accounts thead tr")).getSize().getHeight();
    }

    private static long pageWidth(WebDriver d) {
        return ((Number) ((JavascriptExecutor) d).executeScript("return document.documentElement.scrollWidth")).longValue();
    }

    private static long viewportWidth(WebDriver d) {
        return ((Number) ((JavascriptExecutor) d).executeScript("return document.documentElement.clientWidth")).longValue();
    }

    /** Loads a page; {@code get} returns once it has loaded. Every page of the demo has the menu. */
    private void open(WebDriver d, String path) {
        d.get(server.url() + path);
        assertThat(d.findElements(By.id("menu"))).as("the menu on " + d.getCurrentUrl()).hasSize(1);
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
        assertThat(d.findElements(By.id("menu"))).as("the menu on " + d.getCurrentUrl()).hasSize(1);
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
