package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.examples.DemoRoles;
import org.partnerdelegation.examples.SeedTenants;

/**
 * The partner's Account Management page over HTTP, on a fresh demo for every test: the status
 * filter, the Add new Account dialog with roles and a period (and what it refuses), and keyset paging.
 */
class AccountManagementPageTest {

    private static final String TENANT_ADMINISTRATOR = "tenant:administrator";
    private static final String BILLING = DemoRoles.BILLING_READ.value();
    private static final String SUPPORT = DemoRoles.SUPPORT_TICKETS.value();

    @TempDir
    Path data;
    DemoServer server;
    int registered;

    @BeforeEach
    void start() {
        server = DemoServer.start(data, true, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** One row of the account table, as the page shows it. */
    record Row(String email, String accountNumber, String status, String roles, String accessEnds, String actions) {
        static Row of(List<String> cells) {
            return new Row(cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(4), cells.get(5));
        }
    }

    @Test
    void eachStatusFilterShowsExactlyTheRowsInThatStatus() {
        WebClient jane = signedIn("jane");
        rowsInSeveralStatuses(jane);

        assertThat(statusesShown(jane, "")).containsExactly("admin@hooli.example Pending", "admin@initech.example Connected");
        assertThat(statusesShown(jane, "?status=open")).containsExactly("admin@hooli.example Pending", "admin@initech.example Connected");
        assertThat(statusesShown(jane, "?status=PENDING")).containsExactly("admin@hooli.example Pending");
        assertThat(statusesShown(jane, "?status=CONNECTED")).containsExactly("admin@initech.example Connected");
        assertThat(statusesShown(jane, "?status=DECLINED")).containsExactly("it-admin@umbrella.example Declined");
        assertThat(statusesShown(jane, "?status=REMOVED")).containsExactly("admin@stark.example Removed");
        assertThat(statusesShown(jane, "?status=EXPIRED")).isEmpty();
        assertThat(statusesShown(jane, "?status=ENDED")).isEmpty();
        assertThat(statusesShown(jane, "?status=all")).containsExactly("admin@hooli.example Pending", "admin@initech.example Connected",
                "admin@stark.example Removed", "it-admin@umbrella.example Declined");

        // The filter says which one is shown; an empty list says so.
        assertThat(Html.selected(jane.get("/accounts").body(), "status-filter")).containsExactly("open");
        assertThat(Html.selected(jane.get("/accounts?status=DECLINED").body(), "status-filter")).containsExactly("DECLINED");
        assertThat(Html.selected(jane.get("/accounts?status=all").body(), "status-filter")).containsExactly("all");
        assertThat(Html.emptyRow(jane.get("/accounts?status=EXPIRED").body(), "accounts")).hasValue("No customer accounts yet.");

        // Each row offers what its status allows; the history offers nothing.
        List<Row> all = rows(jane.get("/accounts?status=all").body());
        assertThat(all).extracting(Row::actions).containsExactly("Resend Delete Account", "Login Delete Account", "", "");
    }

    @Test
    void anUnknownStatusValueFallsBackToPendingAndConnected() {
        WebClient jane = signedIn("jane");
        rowsInSeveralStatuses(jane);
        for (String bogus : List.of("?status=bogus", "?status=pending", "?status=", "?status=%3Cscript%3E")) {
            HttpResponse<String> page = jane.get("/accounts" + bogus);
            assertThat(page.statusCode()).as(bogus).isEqualTo(200);
            assertThat(statuses(page.body())).as(bogus).containsExactly("admin@hooli.example Pending", "admin@initech.example Connected");
            assertThat(Html.selected(page.body(), "status-filter")).as(bogus).containsExactly("open");
            assertThat(page.body()).doesNotContain("<script>");
        }
    }

    @Test
    void chosenRolesAndThirtyDaysGoFromTheRowThroughTheMailAndTheAcceptPageToTheConnectedRow() {
        WebClient jane = signedIn("jane");
        String dialog = jane.get("/accounts?add=1").body();
        assertThat(Html.checkboxes(dialog, "roles")).containsExactly(TENANT_ADMINISTRATOR, BILLING, SUPPORT);
        assertThat(Html.checked(dialog, "roles")).containsExactly(TENANT_ADMINISTRATOR);
        assertThat(Html.selected(dialog, "days")).containsExactly("");

        HttpResponse<String> added = jane.post("/accounts/add", "email", "admin@initech.example", "roles", BILLING, "days", "30");
        assertThat(added.statusCode()).isEqualTo(302);
        String page = jane.followRedirect(added).body();
        assertThat(Html.text(page, "notice")).hasValueSatisfying(n -> assertThat(n).startsWith("Added: the invitation is on its way"));
        assertThat(rows(page)).singleElement().satisfies(row -> {
            assertThat(row.email()).isEqualTo("admin@initech.example");
            assertThat(row.accountNumber()).isEqualTo("C-2001");
            assertThat(row.status()).isEqualTo("Pending");
            assertThat(row.roles()).isEqualTo("Billing (read only)");
            assertThat(row.accessEnds()).isEqualTo("30 days from approval");
        });

        String mail = jane.mailText("admin@initech.example", "asks to manage your account");
        assertThat(mail).contains("- Billing (read only): Reads invoices, usage and payment methods.",
                "Period: 30 days, counted from your acceptance; the access then ends by itself.");
        assertThat(mail).doesNotContain("Tenant administrator", "Support tickets");

        WebClient initech = signedIn("initech");
        String token = tokenIn(mail);
        Instant asked = Instant.now();
        String accept = initech.get("/accept?token=" + token).body();
        assertThat(Html.text(accept, "invitation-summary")).hasValue("Acme Reseller (admin@acme-reseller.example, account P-1001) asks to manage your tenant.");
        assertThat(Html.text(accept, "requested-roles")).hasValue("Billing (read only): Reads invoices, usage and payment methods.");
        String term = Html.text(accept, "requested-term").orElseThrow();
        Matcher about = Pattern.compile("30 days after you accept \\(about (.+ UTC)\\)").matcher(term);
        assertThat(about.matches()).as(term).isTrue();
        assertAbout(Html.time(about.group(1)), asked.plus(Duration.ofDays(30)));

        Instant accepted = Instant.now();
        assertThat(Html.text(initech.submit("/accept", "token", token, "answer", "accept").body(), "confirmation"))
                .hasValue("You accepted: Acme Reseller (admin@acme-reseller.example, account P-1001) now manages your tenant. Status: Connected.");
        assertThat(rows(jane.get("/accounts").body())).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo("Connected");
            assertThat(row.roles()).isEqualTo("Billing (read only)");
            assertAbout(Html.time(row.accessEnds()), accepted.plus(Duration.ofDays(30)));
        });
        String access = initech.get("/partner-access").body();
        assertThat(Html.checked(access, "roles")).containsExactly(BILLING);
        assertAbout(Html.time(Html.text(access, "until").orElseThrow()), accepted.plus(Duration.ofDays(30)));
    }

    @Test
    void thePlainFlowAsksForTheWholeTenantWithNoEndDate() {
        WebClient jane = signedIn("jane");
        jane.get("/accounts?add=1");
        assertThat(jane.post("/accounts/add", "email", "admin@hooli.example", "roles", TENANT_ADMINISTRATOR, "days", "").statusCode())
                .isEqualTo(302);
        assertThat(rows(jane.get("/accounts").body())).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo("Pending");
            assertThat(row.roles()).isEqualTo("Tenant administrator");
            assertThat(row.accessEnds()).isEqualTo("No end date");
        });
        // Hooli reads German (SeedTenants).
        String mail = jane.mailText("admin@hooli.example", "möchte Ihr Konto verwalten");
        assertThat(mail).contains("- Tenant administrator: ", "Zeitraum: ohne Enddatum; der Zugang besteht, bis Sie oder der Partner"
                + " ihn beenden.");

        WebClient hooli = signedIn("hooli");
        String token = tokenIn(mail);
        assertThat(Html.text(hooli.get("/accept?token=" + token).body(), "requested-term")).hasValue("No end date");
        hooli.submit("/accept", "token", token, "answer", "accept");
        assertThat(rows(jane.get("/accounts").body())).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo("Connected");
            assertThat(row.roles()).isEqualTo("Tenant administrator");
            assertThat(row.accessEnds()).isEqualTo("No end date");
        });
    }

    @Test
    void aRoleThatIsNotOfferedIsRefusedNextToTheFormWhichKeepsWhatWasTyped() {
        WebClient jane = signedIn("jane");
        jane.get("/accounts?add=1");
        HttpResponse<String> forged = jane.submit("/accounts/add", "email", "admin@initech.example", "roles", BILLING,
                "roles", "admin:everything", "days", "30");
        assertRefusedNextToTheForm(forged, "admin@initech.example");
        assertThat(Html.text(forged.body(), "add-error").orElseThrow())
                .isEqualTo("Pick the roles to request from the list: admin:everything is not one of them.");
        assertThat(Html.checked(forged.body(), "roles")).containsExactly(BILLING);
        assertThat(Html.selected(forged.body(), "days")).containsExactly("30");

        HttpResponse<String> malformed = jane.submit("/accounts/add", "email", "admin@initech.example", "roles", "<b>root</b>", "days", "");
        assertRefusedNextToTheForm(malformed, "admin@initech.example");
        assertThat(Html.text(malformed.body(), "add-error").orElseThrow())
                .isEqualTo("Pick the roles to request from the list: <b>root</b> is not one of them.");
        assertThat(malformed.body()).doesNotContain("<b>root").contains("&lt;b&gt;root");
        assertNoAccounts(jane);
    }

    @Test
    void requestingNoRoleIsRefusedNextToTheForm() {
        WebClient jane = signedIn("jane");
        jane.get("/accounts?add=1");
        HttpResponse<String> none = jane.submit("/accounts/add", "email", "admin@initech.example", "days", "90");
        assertRefusedNextToTheForm(none, "admin@initech.example");
        assertThat(Html.text(none.body(), "add-error")).hasValue("Check at least one role to request.");
        assertThat(Html.checked(none.body(), "roles")).isEmpty();
        assertThat(Html.selected(none.body(), "days")).containsExactly("90");
        assertNoAccounts(jane);
    }

    @Test
    void aPeriodThatIsNotInTheListIsRefusedNextToTheForm() {
        WebClient jane = signedIn("jane");
        jane.get("/accounts?add=1");
        for (String days : List.of("45", "0", "-30", "abc", "99999999999", "30 ")) {
            HttpResponse<String> refused = jane.submit("/accounts/add", "email", "admin@initech.example", "roles", BILLING, "days", days);
            assertRefusedNextToTheForm(refused, "admin@initech.example");
            assertThat(Html.text(refused.body(), "add-error")).as(days).hasValue("Pick a period from the list.");
            assertThat(Html.checked(refused.body(), "roles")).as(days).containsExactly(BILLING);
        }
        assertNoAccounts(jane);

        // Every period the list offers is taken.
        for (String[] customer : new String[][] {{"admin@initech.example", "90", "Period: 90 days"},
                {"admin@hooli.example", "365", "Zeitraum: 365 Tage"}}) {
            HttpResponse<String> added = jane.post("/accounts/add", "email", customer[0], "roles", BILLING, "days", customer[1]);
            assertThat(added.statusCode()).as(customer[1]).isEqualTo(302);
            assertThat(jane.mailText(customer[0], invitationSubject(customer[0]))).contains(customer[2]);
            jane.get("/accounts?add=1");
        }
        assertThat(statusesShown(jane, "")).containsExactly("admin@hooli.example Pending", "admin@initech.example Pending");
    }

    @Test
    void moreThanFiftyCustomersArePagedFiftyAtATimeAndNextVisitsEachRowOnceInOrder() {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            emails.add(String.format("admin@customer-%03d.example", i));
        }
        List<String> added = new ArrayList<>(emails);
        Collections.shuffle(added, new Random(11)); // the list is ordered by email, not by when a row was added
        for (String email : added) {
            addCustomerThroughTheBackend(email);
        }
        WebClient jane = signedIn("jane");

        for (String filter : List.of("", "?status=all", "?status=PENDING")) {
            List<Integer> pageSizes = new ArrayList<>();
            List<String> visited = new ArrayList<>();
            String path = "/accounts" + filter;
            for (int pages = 0; path != null; pages++) {
                assertThat(pages).as("pages followed").isLessThan(10);
                HttpResponse<String> page = jane.get(path);
                assertThat(page.statusCode()).as(path).isEqualTo(200);
                List<Row> rows = rows(page.body());
                pageSizes.add(rows.size());
                rows.forEach(r -> visited.add(r.email()));
                assertThat(rows).extracting(Row::status).containsOnly("Pending");
                path = Html.href(page.body(), "next-page").orElse(null);
                if (path != null && !filter.isEmpty()) {
                    assertThat(path).as("the Next link keeps the filter").contains(filter.substring(1));
                }
            }
            assertThat(pageSizes).as(filter).containsExactly(50, 50, 20);
            assertThat(visited).as(filter).containsExactlyElementsOf(emails);
        }
    }

    @Test
    void aTamperedPageLinkIsRefusedInWordsAndTheListStartsAgain() {
        for (int i = 0; i < 60; i++) {
            addCustomerThroughTheBackend(String.format("admin@customer-%03d.example", i));
        }
        WebClient jane = signedIn("jane");
        String next = Html.href(jane.get("/accounts").body(), "next-page").orElseThrow();
        String cursor = next.substring(next.indexOf("after=") + "after=".length());
        List<String> tampered = List.of("abc", "%25%25", "AAAA" + cursor.substring(4), "%3Cscript%3Ealert(1)%3C/script%3E",
                "A".repeat(5000), java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("not-a-delegation-id|x".getBytes()));
        for (String after : tampered) {
            HttpResponse<String> page = jane.get("/accounts?status=open&after=" + after);
            String shown = after.length() > 40 ? after.substring(0, 40) + "..." : after;
            assertThat(page.statusCode()).as(shown).isEqualTo(400);
            assertThat(Html.text(page.body(), "page-error")).as(shown)
                    .hasValue("This page link is not valid (it was changed or cut short): the list starts again from its first page.");
            assertThat(page.body()).doesNotContain("<script>alert");
            assertThat(rows(page.body())).as(shown).hasSize(50);
            assertThat(rows(page.body()).get(0).email()).isEqualTo("admin@customer-000.example");
            assertThat(Html.href(page.body(), "next-page")).as(shown).isPresent();
        }
    }

    // --- helpers ---

    private WebClient signedIn(String user) {
        return WebClient.signedIn(server, user);
    }

    @Test
    void addingACustomerAlreadyListedSaysSoSendsNoMailAndPointsAtResend() {
        WebClient jane = signedIn("jane");
        jane.get("/accounts?add=1");
        jane.post("/accounts/add", "email", "admin@initech.example", "roles", TENANT_ADMINISTRATOR, "days", "");
        jane.mailText("admin@initech.example", "asks to manage your account");
        int mails = server.backend().inbox().receivedCount();

        jane.get("/accounts?add=1");
        HttpResponse<String> again = jane.submit("/accounts/add", "email", "ADMIN@initech.example", "roles", TENANT_ADMINISTRATOR, "days", "");

        assertThat(Html.text(again.body(), "notice")).hasValue("admin@initech.example is already in your list (Pending): no new mail"
                + " was sent. Use Resend on its row to mail the invitation again.");
        assertThat(again.body()).doesNotContain("Added: the invitation is on its way");
        server.backend().dispatch();
        assertThat(server.backend().inbox().receivedCount()).isEqualTo(mails);
    }

    @Test
    void withoutThePartnerPermissionThePageSaysSoAndOffersNoAdd() {
        WebClient art = signedIn("art");

        String page = art.get("/accounts").body();

        assertThat(Html.text(page, "no-permission")).hasValueSatisfying(t -> assertThat(t).contains("does not hold the partner permission"));
        assertThat(Html.has(page, "add-account")).isFalse();
        assertThat(Html.emptyRow(page, "accounts")).hasValue("No customer accounts: without the partner permission none can be added.");
        assertThat(Html.has(art.get("/accounts?add=1").body(), "add-dialog")).as("no dialog by its URL either").isFalse();
    }

    @Test
    void aPartnerWhosePermissionWasRevokedSeesItsCustomersReadOnly() {
        WebClient jane = signedIn("jane");
        rowsInSeveralStatuses(jane);
        server.backend().delegation().revokePartnerPermission(SeedTenants.operator(), SeedTenants.janeAtAcme().tenantId());

        String page = jane.get("/accounts").body();

        assertThat(Html.has(page, "no-permission")).isTrue();
        assertThat(Html.has(page, "add-account")).isFalse();
        assertThat(rows(page)).extracting(r -> r.email() + " " + r.status() + " " + r.actions())
                .containsExactly("admin@hooli.example Pending ", "admin@initech.example Connected ");
    }

    @Test
    void aDeclinedRowShowsNoEndDate() {
        WebClient jane = signedIn("jane");
        rowsInSeveralStatuses(jane);

        assertThat(rows(jane.get("/accounts?status=DECLINED").body())).singleElement()
                .satisfies(row -> assertThat(row.accessEnds()).isEmpty());
        assertThat(rows(jane.get("/accounts?status=REMOVED").body())).singleElement()
                .satisfies(row -> assertThat(row.accessEnds()).isEmpty());
    }

    @Test
    void aFiveThousandCharacterEmailIsRefusedForItsLength() {
        WebClient jane = signedIn("jane");
        jane.get("/accounts?add=1");
        String email = "a".repeat(4990) + "@x.example";

        HttpResponse<String> refused = jane.submit("/accounts/add", "email", email, "roles", TENANT_ADMINISTRATOR, "days", "");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.text(refused.body(), "add-error")).hasValue("That address is 5000 characters long: an email address has at most 254.");
    }

    @Test
    void aCraftedEmptyRoleIsRefusedInWords() {
        WebClient jane = signedIn("jane");
        jane.get("/accounts?add=1");

        HttpResponse<String> refused = jane.submit("/accounts/add", "email", "admin@initech.example", "roles", "", "days", "");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.text(refused.body(), "add-error")).hasValue("A role was sent without a name: check the roles to request from the list.");
        assertThat(refused.body()).contains("id=\"email\" value=\"admin@initech.example\"");
    }

    /**
     * Jane's table with a row in each of four statuses: Hooli Pending, Initech Connected, Umbrella
     * Declined, and Stark (a customer registered for this test) Removed.
     */
    private void rowsInSeveralStatuses(WebClient jane) {
        server.backend().wiring().tenants().register(new Tenant(TenantId.of("stark"), AccountNumber.of("C-2004"),
                EmailAddress.of("admin@stark.example"), false));
        for (String email : List.of("admin@hooli.example", "admin@initech.example", "it-admin@umbrella.example", "admin@stark.example")) {
            jane.get("/accounts?add=1");
            assertThat(jane.post("/accounts/add", "email", email, "roles", TENANT_ADMINISTRATOR, "days", "").statusCode()).as(email)
                    .isEqualTo(302);
        }
        answer("initech", "admin@initech.example", "accept");
        answer("umbrella", "it-admin@umbrella.example", "decline");
        String stark = jane.get("/accounts").body();
        Matcher row = Pattern.compile("data-email=\"admin@stark.example\" data-id=\"([0-9a-f-]+)\"").matcher(stark);
        assertThat(row.find()).isTrue();
        assertThat(jane.post("/accounts/" + row.group(1) + "/delete").statusCode()).isEqualTo(302);
    }

    private void answer(String customer, String email, String answer) {
        WebClient client = signedIn(customer);
        String token = tokenIn(client.mailText(email, invitationSubject(email)));
        client.get("/accept?token=" + token);
        HttpResponse<String> answered = client.submit("/accept", "token", token, "answer", answer);
        assertThat(Html.text(answered.body(), "confirmation")).as(customer).hasValueSatisfying(c -> assertThat(c).startsWith("You " + answer));
    }

    /** Registers a customer tenant the seed does not have and has Jane add it (the plain flow), as many partners' lists hold. */
    private void addCustomerThroughTheBackend(String email) {
        Tenant customer = new Tenant(TenantId.of(email.substring(email.indexOf('@') + 1).replace(".example", "")),
                AccountNumber.of(String.format("C-%05d", ++registered)), EmailAddress.of(email), false);
        server.backend().wiring().tenants().register(customer);
        server.backend().delegation().addCustomerAccount(SeedTenants.janeAtAcme(), customer.administratorEmail());
    }

    private static String tokenIn(String mail) {
        Matcher m = Pattern.compile("/accept\\?token=([A-Za-z0-9_-]+)").matcher(mail);
        assertThat(m.find()).as("the Accept and Login link in the mail").isTrue();
        return m.group(1);
    }

    private static List<Row> rows(String page) {
        return Html.rows(page, "accounts").stream().map(Row::of).toList();
    }

    private static List<String> statuses(String page) {
        return rows(page).stream().map(r -> r.email() + " " + r.status()).toList();
    }

    private static List<String> statusesShown(WebClient client, String query) {
        HttpResponse<String> page = client.get("/accounts" + query);
        assertThat(page.statusCode()).as(query).isEqualTo(200);
        return statuses(page.body());
    }

    private static void assertRefusedNextToTheForm(HttpResponse<String> refused, String typedEmail) {
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.has(refused.body(), "add-dialog")).as("the dialog stays open").isTrue();
        assertThat(refused.body()).contains("id=\"email\" value=\"" + typedEmail + "\"");
        assertThat(Html.has(refused.body(), "page-error")).isFalse();
    }

    private static void assertNoAccounts(WebClient jane) {
        assertThat(Html.emptyRow(jane.get("/accounts?status=all").body(), "accounts")).hasValue("No customer accounts yet.");
    }

    /** The pages show minutes: {@code shown} is {@code expected} within the minute either side. */
    private static void assertAbout(Instant shown, Instant expected) {
        assertThat(shown).isBetween(expected.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1)),
                expected.plus(Duration.ofMinutes(2)));
    }

    /** What the invitation's subject says in its reader's language: Hooli reads German (SeedTenants). */
    private static String invitationSubject(String email) {
        return email.equals("admin@hooli.example") ? "möchte Ihr Konto verwalten" : "asks to manage your account";
    }
}
