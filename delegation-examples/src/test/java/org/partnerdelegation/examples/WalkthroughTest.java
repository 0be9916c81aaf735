package org.partnerdelegation.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

class WalkthroughTest {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    private static final String HEADER = "(?m)^\\s*Email\\s+Account Number\\s+Status\\s+Roles\\s+Access ends\\s+Action\\s*$";
    /** The Roles and Access ends cells of a seed-style row: the whole tenant, no end date. */
    private static final String ADMIN_NO_END = "\\s+tenant:administrator\\s+-\\s+";
    private static final String OPEN_TABLE = "Acme Reseller's customer accounts:";
    /** delegation-mail's default invitation subject, under the demo's branding, naming Acme Reseller (a pattern). */
    private static final String INVITATION_SUBJECT = "Example Cloud: Acme Reseller \\(partner P-1001\\) asks to manage your account";
    /** An Accept and Login link as the mail shows it: the demo's base and a 256-bit token, URL-safe Base64. */
    private static final String LINK = "https://app\\.example\\.com/delegation/accept\\?token=[A-Za-z0-9_-]{43}";

    private static String output;

    @BeforeAll
    static void playTheWalkthrough() {
        output = play(new Walkthrough(Clock.fixed(START, ZoneOffset.UTC)));
    }

    private static String play(Walkthrough walkthrough) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            walkthrough.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsThePartnersAccountTableWithItsColumns() {
        assertThat(output).containsPattern(HEADER);
        assertThat(Pattern.compile(HEADER).matcher(output).results().count())
                .as("a table after every step").isGreaterThanOrEqualTo(8);
    }

    @Test
    void listsBothCustomersByTheirAdministratorEmails() {
        assertThat(output)
                .containsPattern("admin@initech\\.example\\s+C-2001\\s+Pending" + ADMIN_NO_END + "Resend invitation, Delete Account")
                .containsPattern("it-admin@umbrella\\.example\\s+C-2002\\s+Pending" + ADMIN_NO_END + "Resend invitation, Delete Account");
    }

    @Test
    void mailsEachCustomerAnInvitationWhoseLinkCarriesTheToken() {
        String invitations = section("Step 2:", "Step 3:");
        assertThat(invitations)
                .containsPattern("(?m)^  Mail to admin@initech\\.example: " + INVITATION_SUBJECT + "\\R    Accept and Login: " + LINK + "$")
                .containsPattern("(?m)^  Mail to it-admin@umbrella\\.example: " + INVITATION_SUBJECT + "\\R    Accept and Login: " + LINK + "$");
        assertThat(Pattern.compile(LINK).matcher(output).results().count()).as("the three links, each shown once").isEqualTo(3);
    }

    @Test
    void theMailsGoThroughSmtpToTheInProcessServer() {
        assertThat(section("Step 2:", "Step 3:"))
                .containsPattern("The mails go through SMTP to the in-process server at 127\\.0\\.0\\.1:\\d{1,5}; its mailboxes received:");
    }

    @Test
    void printsTheSubjectOfEveryOtherMailTheServerReceivedAfterItsStep() {
        assertThat(section("Step 3:", "Step 4:"))
                .contains("Mail to admin@initech.example: Example Cloud: Acme Reseller (partner P-1001) can now manage your account")
                .contains("Mail to admin@acme-reseller.example: Example Cloud: Initech (C-2001) accepted your invitation");
        assertThat(section("Step 7:", "History, all statuses"))
                .contains("Mail to admin@initech.example: Example Cloud: Acme Reseller (partner P-1001) no longer has access to your account")
                .contains("Mail to admin@acme-reseller.example: Example Cloud: Initech (account C-2001) is no longer linked to you");
        // 14, and since issue 17 the daily login digests of the scheduled job: Initech's login, Hooli's, and Hooli's late one.
        // Hooli reads German (SeedTenants): its mails are German, the partner's about it English, both naming the other side.
        assertThat(Pattern.compile("(?m)^  Mail to ").matcher(output).results().count()).as("mails in all").isEqualTo(17);
        assertThat(Pattern.compile("(?m)^  Mail to admin@hooli\\.example: Example Cloud: Delegierte Anmeldungen in Ihrem Konto C-2003 \\(\\d+\\)$")
                .matcher(output).results().count()).as("Hooli's digests, a day apart").isEqualTo(2);
        assertThat(output).containsPattern("(?m)^  Mail to admin@initech\\.example: Example Cloud: delegated logins to your account C-2001 \\(1\\)$");
        assertThat(section("Step 11:", "Step 12:"))
                .contains("Mail to admin@acme-reseller.example: Example Cloud: your access to Hooli (C-2003) reaches its end date soon")
                .contains("Mail to admin@hooli.example: Example Cloud: Der Zugang von Acme Reseller (Partner P-1001) zu Ihrem Konto endet bald");
        assertThat(output.substring(output.indexOf("Step 12:")))
                .contains("Mail to admin@acme-reseller.example: Example Cloud: your access to Hooli (C-2003) has ended")
                .contains("Mail to admin@hooli.example: Example Cloud: Der Zugang von Acme Reseller (Partner P-1001) zu Ihrem Konto ist beendet");
    }

    @Test
    void customerOneGoesFromPendingToConnectedWithTheLoginAction() {
        int pending = indexOf("admin@initech\\.example\\s+C-2001\\s+Pending");
        int connected = indexOf("admin@initech\\.example\\s+C-2001\\s+Connected" + ADMIN_NO_END + "Login, Request change, Delete Account");
        assertThat(pending).isNotNegative();
        assertThat(connected).isGreaterThan(pending);
    }

    @Test
    void customerOneAcceptsThroughTheLinkInItsMail() {
        assertThat(section("Step 3:", "Step 4:"))
                .contains("Only the invited account may accept: an administrator of Initech whose email the host verified as "
                        + "admin@initech.example.")
                .contains("reads the link's token parameter and calls acceptInvitation with it")
                .contains("You accepted: admin@acme-reseller.example (account P-1001) now manages your tenant. Status: Connected");
    }

    @Test
    void delegatedLoginShowsSubjectActorAndExpiryButNotTheSessionToken() {
        assertThat(output)
                .contains("subject: admin@initech.example")
                .contains("actor:   jane@acme-reseller.example of tenant acme-reseller")
                .contains("expires: 2026-01-05T10:00:00Z")
                .contains("validateSession: valid, acting as admin@initech.example");
        String loginStep = section("Step 4:", "Step 5:");
        assertThat(loginStep).doesNotContainPattern("[A-Za-z0-9_-]{43}");
    }

    @Test
    void aPasswordOnlySignInIsRefusedUntilJaneStepsUpWithASecondFactor() {
        String loginStep = section("Step 4:", "Step 5:");
        int refused = loginStep.indexOf("Signed in with her password only: refused until she steps up with a second factor");
        int steppedUp = loginStep.indexOf("She confirms with a one-time code (amr pwd otp) and logs in:");
        assertThat(refused).isNotNegative();
        assertThat(steppedUp).isGreaterThan(refused);
        assertThat(loginStep).contains("code:    STEP_UP_REQUIRED")
                .contains("you authenticated with pwd, a single factor");
    }

    @Test
    void theDelegatedSessionActsInTheCustomerTenantButCannotDelegateFurther() {
        String step = section("Step 5:", "Step 6:");
        assertThat(step)
                .contains("tries to delegate further")
                .contains("validateSession(token).map(DelegatedSession::principal)")
                .contains("Principal[ADMINISTRATOR jane@acme-reseller.example of initech, delegated from acme-reseller]")
                .contains("Within Initech it may read Initech's partner link: account P-1001, Connected")
                .contains("Adding it-admin@umbrella.example as a customer of Initech: refused")
                .contains("Disassociating Initech from its partner (ending the delegation it acts under): refused")
                .contains("Nothing changed: Initech is still Connected, and the session still validates.")
                .containsPattern("admin@initech\\.example\\s+C-2001\\s+Connected" + ADMIN_NO_END + "Login, Request change, Delete Account")
                .doesNotContain("Mail to")
                .doesNotContainPattern("[A-Za-z0-9_-]{43}");
        assertThat(Pattern.compile("code:    DELEGATED_SESSION_NOT_ALLOWED").matcher(step).results().count())
                .as("both attempts refused").isEqualTo(2);
        assertThat(step).contains("message: You are signed in to this account through a partner's delegated session, which cannot do this.");
    }

    @Test
    void aStepThatIsNotRefusedAsExpectedFailsTheWalkthrough() {
        assertThatThrownBy(() -> Walkthrough.expectRefusal(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, "adding a customer", () -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Walkthrough failed: expected adding a customer to be refused with DELEGATED_SESSION_NOT_ALLOWED, but it was allowed");
        DelegationException other = new DelegationException(ErrorCode.PARTNER_PERMISSION_REQUIRED, "no permission");
        assertThatThrownBy(() -> Walkthrough.expectRefusal(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, "adding a customer", () -> {
            throw other;
        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("but it was refused with PARTNER_PERMISSION_REQUIRED")
                .hasCause(other);
        DelegationException expected = new DelegationException(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, "no chained delegation");
        assertThat(Walkthrough.expectRefusal(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, "adding a customer", () -> {
            throw expected;
        })).isSameAs(expected);
    }

    @Test
    void secondPartnerIsRefusedWithTheSinglePartnerMessageVerbatim() {
        assertThat(output)
                .contains("code:    ALREADY_LINKED_TO_ANOTHER_TENANT")
                .contains("message: The associated account is already linked to another tenant.");
    }

    @Test
    void afterDisassociationTheSessionNoLongerValidatesAndCustomerOneLeavesTheOpenList() {
        String last = section("Step 7:", "History, all statuses");
        assertThat(last).contains("no longer validates");
        String finalTable = last.substring(last.lastIndexOf(OPEN_TABLE));
        assertThat(finalTable)
                .doesNotContain("admin@initech.example")
                .containsPattern("it-admin@umbrella\\.example\\s+C-2002\\s+Pending");
        assertThat(output.substring(output.indexOf("History, all statuses")))
                .containsPattern("admin@initech\\.example\\s+C-2001\\s+Removed")
                .doesNotContainPattern("admin@initech\\.example\\s+C-2001\\s+Connected");
        assertThat(output).endsWith("Walkthrough complete." + System.lineSeparator());
    }

    @Test
    void thePartnerRequestsBillingReadForThirtyDaysInsteadOfTheWholeTenant() {
        String step = section("Step 8:", "Step 9:");
        assertThat(step)
                .contains("asks Hooli for read-only billing access for 30 days")
                .containsPattern("billing:read\\s+Billing \\(read only\\)")
                .containsPattern("support:tickets\\s+Support tickets\\s+.*\\(sensitive\\)")
                .contains("Added admin@hooli.example (account C-2003): Pending, requesting billing:read for 30 days")
                .contains("- Billing (read only): Reads invoices, usage and payment methods.")
                .contains("The mail, in German (Hooli's administrator reads German), lists what is asked:")
                .contains("Zeitraum: 30 Tage, gerechnet ab Ihrer Annahme")
                .containsPattern("Mail to admin@hooli\\.example: .*\\R    Accept and Login: " + LINK)
                .containsPattern("admin@hooli\\.example\\s+C-2003\\s+Pending\\s+billing:read\\s+-\\s+Resend invitation, Delete Account");
    }

    @Test
    void theCustomerSeesTheRoleAndPeriodAndApprovesThemAsAWhole() {
        assertThat(section("Step 9:", "Step 10:"))
                .contains("Billing (read only): Reads invoices, usage and payment methods.")
                .contains("for 30 days from the approval")
                .contains("Approved as a whole: billing:read until 2026-02-04T09:00:00Z. Status: Connected")
                .containsPattern("admin@hooli\\.example\\s+C-2003\\s+Connected\\s+billing:read\\s+2026-02-04T09:00:00Z\\s+Login");
    }

    @Test
    void theSessionHoldsTheGrantedRoleOnlyAndIsRefusedTheAdministratorRole() {
        assertThat(section("Step 10:", "Step 11:"))
                .contains("roles:   billing:read")
                .contains("-> served")
                .contains("-> refused (403)")
                .contains("code:    ROLE_NOT_GRANTED")
                .doesNotContainPattern("[A-Za-z0-9_-]{43}");
    }

    @Test
    void bothSidesAreToldBeforeTheEndAndAccessEndsAtTheEndDate() {
        assertThat(section("Step 11:", "Step 12:")).contains("enforceTimeLimits: 1 ending notice, 1 invitation expired");
        String end = output.substring(output.indexOf("Step 12:"));
        assertThat(end)
                .contains("expires: 2026-02-04T09:00:00Z")
                .contains("validateSession no longer accepts the session, before any job has run")
                .contains("code:    NOT_CONNECTED")
                .contains("enforceTimeLimits: 1 delegation ended")
                .containsPattern("admin@hooli\\.example\\s+C-2003\\s+Ended");
    }

    @Test
    void everyRunStartsFromAnEmptyDatabase() {
        String again = play(new Walkthrough(Clock.fixed(START, ZoneOffset.UTC)));
        assertThat(comparable(again)).isEqualTo(comparable(output));
    }

    @Test
    void runsOnTheEmbeddedH2DatabaseInTheGivenDirectory(@TempDir Path directory) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Walkthrough(Clock.fixed(START, ZoneOffset.UTC)).run(new PrintStream(bytes, true, StandardCharsets.UTF_8), directory);

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Storage: embedded H2 database in " + directory);
        assertThat(directory.resolve("partner-delegation.mv.db")).exists();
    }

    /** The output without what differs between runs: the invitation tokens, the database's directory and the SMTP port. */
    private static String comparable(String text) {
        return text.replaceAll("token=[A-Za-z0-9_-]{43}", "token=T").replaceAll("(?m)^Storage: .*$", "Storage")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
    }

    private static int indexOf(String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        return m.find() ? m.start() : -1;
    }

    private static String section(String from, String to) {
        int start = output.indexOf(from);
        int end = output.indexOf(to, start);
        assertThat(start).as("section " + from).isNotNegative();
        assertThat(end).as("end of section " + from).isGreaterThan(start);
        return output.substring(start, end);
    }
}
