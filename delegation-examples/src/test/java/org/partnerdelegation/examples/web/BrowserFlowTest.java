package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
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
 */
class BrowserFlowTest {

    private static final String INSTALL = "the browser test needs Chromium and its driver: as root,"
            + " apt-get update && apt-get install -y chromium chromium-driver (or set pd.chromium and pd.chromedriver)";

    @TempDir
    Path data;
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
        server = DemoServer.start(data, true, 0);
        partner = browser(chromium, driver);
        customer = browser(chromium, driver);
    }

    private static WebDriver browser(Path chromium, Path driver) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--disable-gpu", "--lang=en-US");
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
        // The partner signs in and adds two customers.
        open(partner, "/");
        partner.findElement(By.id("signin-jane")).click();
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
        invitation.click();
        assertThat(customer.findElement(By.id("mail-to")).getText()).contains("admin@initech.example");
        shot(customer, "invitation-mail");
        customer.switchTo().frame(customer.findElement(By.id("mail-html")));
        customer.findElement(By.partialLinkText("Accept")).click();
        customer.switchTo().defaultContent();
        new WebDriverWait(customer, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/accept?token="));

        // The customer signs in as the invited account and accepts.
        assertThat(customer.findElement(By.id("sign-in-needed")).getText()).contains("Sign in as the invited account");
        customer.findElement(By.id("signin-initech")).click();
        assertThat(customer.findElement(By.id("invitation-summary")).getText())
                .contains("admin@acme-reseller.example", "asks to manage your tenant");
        shot(customer, "accept-page");
        customer.findElement(By.id("accept")).click();
        assertThat(customer.findElement(By.id("confirmation")).getText()).contains("You accepted", "Connected");
        shot(customer, "accepted");

        // The row turns Connected.
        open(partner, "/accounts");
        assertThat(statusOf(partner, "admin@initech.example")).isEqualTo("Connected");
        assertThat(statusOf(partner, "it-admin@umbrella.example")).isEqualTo("Pending");
        shot(partner, "account-management-pending-and-connected");

        // The partner logs in and sees the banner.
        row(partner, "admin@initech.example").findElement(By.className("login")).click();
        assertThat(partner.findElement(By.id("banner-text")).getText())
                .isEqualTo("Acting as admin@initech.example on behalf of jane@acme-reseller.example");
        assertThat(partner.findElement(By.id("delegation-banner")).getText()).contains("End session");
        shot(partner, "delegated-session-banner");

        // A second partner adding the same customer is told the single-partner rule.
        open(customer, "/");
        customer.findElement(By.id("signin-gary")).click();
        add(customer, "admin@initech.example");
        assertThat(customer.findElement(By.id("add-error")).getText()).isEqualTo(DelegationException.ALREADY_LINKED_MESSAGE);
        shot(customer, "second-partner-refused");

        // The customer ends the live session; the partner's next click is refused.
        open(customer, "/");
        customer.findElement(By.id("signin-initech")).click();
        List<WebElement> end = customer.findElements(By.className("end-session"));
        assertThat(end).hasSize(1);
        end.get(0).click();
        assertShows(customer, By.id("notice"), "The session was ended");
        shot(customer, "customer-ended-session");
        partner.findElement(By.id("console-refresh")).click();
        assertShows(partner, By.id("error-message"), "Your delegated session has ended");
        shot(partner, "partner-refused-after-end");

        // The customer disassociates; the row disappears.
        customer.findElement(By.id("disassociate")).click();
        assertShows(customer, By.id("notice"), "You disassociated the partner");
        open(partner, "/accounts");
        assertThat(partner.findElements(By.cssSelector("tr[data-email='admin@initech.example']"))).isEmpty();
        assertThat(statusOf(partner, "it-admin@umbrella.example")).isEqualTo("Pending");
        shot(partner, "row-gone-after-disassociation");
    }

    private void open(WebDriver d, String path) {
        d.get(server.url() + path);
    }

    private static void add(WebDriver d, String email) {
        d.findElement(By.id("add-account")).click();
        WebElement field = d.findElement(By.id("email"));
        field.clear();
        field.sendKeys(email);
        d.findElement(By.id("add-submit")).click();
    }

    private static WebElement row(WebDriver d, String email) {
        return d.findElement(By.cssSelector("tr[data-email='" + email + "']"));
    }

    private static String statusOf(WebDriver d, String email) {
        return row(d, email).findElement(By.className("status")).getText();
    }

    /** Reloads until {@code find} finds something (the dispatcher mails within a second). */
    /**
     * Waits until the element shows the text: after a click the old page's element may still be
     * found (then goes stale) before the new page has loaded.
     */
    private static void assertShows(WebDriver d, By element, String text) {
        try {
            new WebDriverWait(d, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(x -> x.findElement(element).getText().contains(text));
        } catch (org.openqa.selenium.TimeoutException e) {
            assertThat(d.findElement(element).getText()).as("%s after waiting", element).contains(text);
        }
    }

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
}
