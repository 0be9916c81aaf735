package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.examples.DemoRoles;
import org.partnerdelegation.examples.SeedTenants;

/**
 * The customer's Partner access page over HTTP, on a fresh demo for every test in which Jane
 * (Acme Reseller) manages Initech with all three roles for 90 days: reducing the roles, and the
 * delegated logins and live sessions the page lists.
 */
class PartnerAccessPageTest {

    private static final String TENANT_ADMINISTRATOR = "tenant:administrator";
    private static final String BILLING = DemoRoles.BILLING_READ.value();
    private static final String SUPPORT = DemoRoles.SUPPORT_TICKETS.value();
    private static final String ALL_ROLES = "Billing (read only), Support tickets, Tenant administrator";

    @TempDir
    Path data;
    DemoServer server;
    WebClient jane;
    WebClient initech;
    String row;
    String until;

    @BeforeEach
    void initechManagedByJane() {
        server = DemoServer.start(data, true, 0);
        jane = signedIn("jane");
        jane.get("/accounts?add=1");
        assertThat(jane.post("/accounts/add", "email", "admin@initech.example", "roles", TENANT_ADMINISTRATOR, "roles", BILLING,
                "roles", SUPPORT, "days", "90").statusCode()).isEqualTo(302);
        Matcher token = Pattern.compile("/accept\\?token=([A-Za-z0-9_-]+)")
                .matcher(jane.mailText("admin@initech.example", "asks to manage your account"));
        assertThat(token.find()).isTrue();
        initech = signedIn("initech");
        initech.get("/accept?token=" + token.group(1));
        assertThat(initech.submit("/accept", "token", token.group(1), "answer", "accept").body()).contains("You accepted");
        Matcher id = Pattern.compile("data-email=\"admin@initech.example\" data-id=\"([0-9a-f-]+)\"").matcher(jane.get("/accounts").body());
        assertThat(id.find()).isTrue();
        row = id.group(1);
        String access = initech.get("/partner-access").body();
        assertThat(Html.checked(access, "roles")).containsExactly(BILLING, SUPPORT, TENANT_ADMINISTRATOR);
        until = Html.text(access, "until").orElseThrow();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theCustomerKeepsSomeRolesAndBothItsPageAndThePartnersRowShowOnlyThose() {
        HttpResponse<String> reduced = initech.post("/partner-access/reduce", "roles", BILLING, "roles", TENANT_ADMINISTRATOR);
        assertThat(reduced.statusCode()).isEqualTo(302);
        String page = initech.followRedirect(reduced).body();
        assertThat(Html.text(page, "notice")).hasValue("The partner's roles were reduced.");
        assertThat(Html.checkboxes(page, "roles")).containsExactly(BILLING, TENANT_ADMINISTRATOR);
        assertThat(Html.checked(page, "roles")).containsExactly(BILLING, TENANT_ADMINISTRATOR);
        assertThat(Html.text(page, "until")).hasValue(until);

        List<String> janesRow = Html.rows(jane.get("/accounts").body(), "accounts").get(0);
        assertThat(janesRow.get(2)).isEqualTo("Connected");
        assertThat(janesRow.get(3)).isEqualTo("Billing (read only), Tenant administrator");
        assertThat(janesRow.get(4)).isEqualTo(until);
        assertThat(jane.mailText("admin@acme-reseller.example", "Initech (C-2001) reduced your access"))
                .contains("- Billing (read only): ", "- Tenant administrator: ").doesNotContain("Support tickets");

        // The partner's next session holds only what is left.
        jane.get("/accounts");
        jane.post("/accounts/" + row + "/login");
        assertThat(jane.get("/console").body()).contains("<dt>Roles</dt><dd>Billing (read only), Tenant administrator</dd>");
        jane.post("/console/end-session");

        // Reducing again, to one role.
        initech.get("/partner-access");
        initech.post("/partner-access/reduce", "roles", BILLING);
        assertThat(Html.checkboxes(initech.get("/partner-access").body(), "roles")).containsExactly(BILLING);
        assertThat(Html.rows(jane.get("/accounts").body(), "accounts").get(0).get(3)).isEqualTo("Billing (read only)");
    }

    @Test
    void aDelegatedSessionCookiePlantedUnderPartnerAccessLocksTheCustomerAdministratorOutOfNothing() {
        // Someone who can set cookies for the demo's host (a sibling subdomain, a page over plain HTTP, a script)
        // planted cookies of the delegated session's name: one under /partner-access, one for the whole site.
        initech.plantCookie(DelegatedRequests.COOKIE, "planted-at-partner-access", "/partner-access");
        initech.plantCookie(DelegatedRequests.COOKIE, "A".repeat(43), "/");
        jane.get("/accounts");
        assertThat(jane.post("/accounts/" + row + "/login").statusCode()).isEqualTo(302);
        assertThat(jane.get("/console").statusCode()).isEqualTo(200);

        // The page where the customer ends sessions opens, as the signed-in administrator's own, and ending works.
        HttpResponse<String> access = initech.get("/partner-access");
        assertThat(access.statusCode()).isEqualTo(200);
        assertThat(Html.has(access.body(), "signed-in-as")).isTrue();
        assertThat(Html.has(access.body(), "delegation-banner")).isFalse();
        Matcher session = Pattern.compile("/partner-access/sessions/([0-9a-f-]+)/end").matcher(access.body());
        assertThat(session.find()).isTrue();
        assertThat(initech.post("/partner-access/sessions/" + session.group(1) + "/end").statusCode()).isEqualTo(302);
        // The filter cleared what it could (the one at Path=/); the one under /partner-access it cannot see the path
        // of, so the browser keeps sending it, and the page keeps opening.
        assertThat(initech.cookiesSentTo("/partner-access", DelegatedRequests.COOKIE)).containsExactly("planted-at-partner-access");
        assertThat(initech.get("/partner-access").statusCode()).isEqualTo(200);

        // The partner's console, delegated-only, still says the session ended.
        HttpResponse<String> console = jane.get("/console");
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(DelegatedRequests.ENDED_PATH));

        // Signing out and in again, with a cookie planted for the whole site once more.
        initech.plantCookie(DelegatedRequests.COOKIE, "A".repeat(43), "/");
        initech.get("/partner-access");
        HttpResponse<String> signOut = initech.post("/signout");
        assertThat(signOut.statusCode()).isEqualTo(302);
        initech.plantCookie(DelegatedRequests.COOKIE, "A".repeat(43), "/");
        initech.signIn("initech");
        assertThat(initech.get("/partner-access").statusCode()).isEqualTo(200);
    }

    @Test
    void keepingNoRoleIsRefusedInWordsAndChangesNothing() {
        HttpResponse<String> refused = initech.submit("/partner-access/reduce");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.text(refused.body(), "page-error"))
                .hasValue("Keep at least one role checked. To end the partner's access altogether, use Disassociate below.");
        assertThat(Html.checked(refused.body(), "roles")).containsExactly(BILLING, SUPPORT, TENANT_ADMINISTRATOR);
        assertThat(Html.rows(jane.get("/accounts").body(), "accounts").get(0).get(3)).isEqualTo(ALL_ROLES);
    }

    @Test
    void keepingARoleThePartnerDoesNotHoldIsRefusedInWords() {
        initech.post("/partner-access/reduce", "roles", BILLING);
        initech.get("/partner-access");

        HttpResponse<String> notHeld = initech.submit("/partner-access/reduce", "roles", BILLING, "roles", SUPPORT);
        assertThat(notHeld.statusCode()).isEqualTo(422);
        assertThat(Html.text(notHeld.body(), "page-error"))
                .hasValue("The partner does not hold Support tickets: you can only keep roles it holds now.");
        assertThat(Html.checkboxes(notHeld.body(), "roles")).containsExactly(BILLING);

        HttpResponse<String> unknown = initech.submit("/partner-access/reduce", "roles", "<b>root</b>");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(Html.text(unknown.body(), "page-error"))
                .hasValue("The partner does not hold <b>root</b>: you can only keep roles it holds now.");
        assertThat(unknown.body()).doesNotContain("<b>root").contains("&lt;b&gt;root");
        assertThat(Html.rows(jane.get("/accounts").body(), "accounts").get(0).get(3)).isEqualTo("Billing (read only)");
    }

    @Test
    void thePageListsEachDelegatedLoginWithWhoWhenRolesAndReasonAndTheLiveSessions() {
        Instant before = Instant.now();
        jane.get("/accounts");
        assertThat(jane.post("/accounts/" + row + "/login").statusCode()).isEqualTo(302);
        // Another user of the partner, whom the host signs in, logs in giving a reason.
        Principal joe = Principal.administrator(SeedTenants.acmeReseller().id(), UserId.of("joe@acme-reseller.example"))
                .withAuthentication(Authentication.of(server.backend().delegation().clock().instant(), "pwd", "otp"));
        server.backend().delegation().loginToCustomer(joe, DelegationId.parse(row),
                LoginRequest.roles(BILLING).withReason("Invoice question <#42>"));
        Instant after = Instant.now();

        String page = initech.get("/partner-access").body();
        List<List<String>> logins = Html.rows(page, "logins");
        assertThat(logins).hasSize(2);
        assertThat(logins.get(0).subList(1, 4)).containsExactly("joe@acme-reseller.example (acme-reseller)", "Billing (read only)",
                "Invoice question <#42>");
        assertThat(logins.get(1).subList(1, 4)).containsExactly("jane@acme-reseller.example (acme-reseller)", ALL_ROLES, "");
        for (List<String> login : logins) {
            assertWithin(Html.time(login.get(0)), before, after);
        }
        assertThat(page).contains("Invoice question &lt;#42&gt;");

        List<List<String>> sessions = Html.rows(page, "sessions");
        assertThat(sessions).hasSize(2);
        // Newest first; two sessions issued within the same second come in either order.
        assertThat(sessions).extracting(s -> s.get(0) + " | " + s.get(3) + " | " + s.get(4)).containsExactlyInAnyOrder(
                "joe@acme-reseller.example | Billing (read only) | Invoice question <#42>",
                "jane@acme-reseller.example | " + ALL_ROLES + " | ");
        for (List<String> session : sessions) {
            assertWithin(Html.time(session.get(1)), before, after);
            assertThat(Duration.between(Html.time(session.get(1)), Html.time(session.get(2)))).isEqualTo(Duration.ofHours(1));
            assertThat(session.get(5)).isEqualTo("End");
        }

        // Ending Jane's session takes it off the live list; the audit trail keeps both logins.
        Matcher end = Pattern.compile(">jane@acme-reseller.example</td>.*?href=\"(/partner-access/sessions/[0-9a-f-]+/end)\"",
                Pattern.DOTALL).matcher(page);
        assertThat(end.find()).as("the End button of Jane's session").isTrue();
        // End asks first, naming whose session it is.
        assertThat(Html.text(initech.get(end.group(1)).body(), "confirm-question")).hasValue("End the delegated session of jane@acme-reseller.example?");
        HttpResponse<String> ended = initech.post(end.group(1), "reason", "");
        String afterEnd = initech.followRedirect(ended).body();
        assertThat(Html.text(afterEnd, "notice")).hasValue("The session was ended: the partner's next click is refused.");
        assertThat(Html.rows(afterEnd, "sessions")).extracting(s -> s.get(0)).containsExactly("joe@acme-reseller.example");
        assertThat(Html.rows(afterEnd, "logins")).hasSize(2);
    }

    @Test
    void beforeAnyLoginBothListsSaySoInWords() {
        String page = initech.get("/partner-access").body();
        assertThat(Html.emptyRow(page, "sessions")).hasValue("No live session.");
        assertThat(Html.emptyRow(page, "logins")).hasValue("No delegated login yet.");
        assertThat(Html.text(page, "partner")).hasValue("admin@acme-reseller.example (account P-1001)");
    }

    @Test
    void everyDelegatedLoginIsListedNewestFirstHoweverLongTheAuditTrail() {
        int logins = 120;
        logInThroughTheBackend(logins);
        List<List<String>> shown = Html.rows(initech.get("/partner-access").body(), "logins");
        assertThat(shown).hasSize(logins);
        for (int i = 0; i < logins; i++) {
            assertThat(shown.get(i).get(3)).isEqualTo("Check " + (logins - i));
        }
    }

    @Test
    void everyLiveSessionIsListedHoweverManyEndedBefore() {
        // One session stays live; 60 newer ones were ended (by the partner).
        logInThroughTheBackend(1);
        for (int i = 0; i < 60; i++) {
            String token = server.backend().delegation().loginToCustomer(partnerUser(i + 2), DelegationId.parse(row),
                    LoginRequest.roles(BILLING).withReason("Ended " + i)).token().reveal();
            server.backend().delegation().endSession(token);
        }
        String page = initech.get("/partner-access").body();
        assertThat(Html.rows(page, "sessions")).extracting(s -> s.get(4)).containsExactly("Check 1");
        assertThat(Html.rows(page, "logins")).hasSize(61);
    }

    /**
     * {@code count} delegated logins, each with the reason "Check n", as an API client of the host would log in: the
     * first 20 by Jane, each further 20 by another administrator of Acme ({@link #partnerUser}).
     */
    private void logInThroughTheBackend(int count) {
        for (int i = 1; i <= count; i++) {
            server.backend().delegation().loginToCustomer(partnerUser(i), DelegationId.parse(row),
                    LoginRequest.roles(BILLING).withReason("Check " + i));
        }
    }

    /**
     * Who makes the {@code n}th login (from 1): Jane for the first 20, then 20 each by "api-client-k@acme-reseller.example":
     * the library allows one user 30 logins into one customer a minute, and these tests log in faster than that.
     */
    /** Jane for the first 20 logins, then other Acme administrators, 20 each, each just stepped up (pwd, otp). */
    private Principal partnerUser(int n) {
        int k = (n - 1) / 20;
        Principal user = k == 0 ? SeedTenants.janeAtAcme()
                : Principal.administrator(SeedTenants.janeAtAcme().tenantId(), UserId.of("api-client-" + k + "@acme-reseller.example"));
        return user.withAuthentication(Authentication.of(server.backend().delegation().clock().instant(), "pwd", "otp"));
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(server, user);
    }

    /** The pages show minutes. */
    private static void assertWithin(Instant shown, Instant from, Instant to) {
        assertThat(shown).isBetween(from.truncatedTo(ChronoUnit.MINUTES), to);
    }

}
