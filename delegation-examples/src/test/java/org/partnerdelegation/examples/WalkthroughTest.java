package org.partnerdelegation.examples;

import static org.assertj.core.api.Assertions.assertThat;

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

class WalkthroughTest {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    private static final String HEADER = "(?m)^\\s*Email\\s+Account Number\\s+Status\\s+Action\\s*$";
    private static final String OPEN_TABLE = "Acme Reseller's customer accounts:";

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
                .as("a table after every step").isGreaterThanOrEqualTo(7);
    }

    @Test
    void listsBothCustomersByTheirAdministratorEmails() {
        assertThat(output)
                .containsPattern("admin@initech\\.example\\s+C-2001\\s+Pending\\s+Resend invitation, Delete Account")
                .containsPattern("it-admin@umbrella\\.example\\s+C-2002\\s+Pending\\s+Resend invitation, Delete Account");
    }

    @Test
    void mailsEachCustomerAnInvitationLinkCarryingTheToken() {
        assertThat(output)
                .containsPattern("Mail to admin@initech\\.example: invitation from admin@acme-reseller\\.example")
                .containsPattern("Mail to it-admin@umbrella\\.example: invitation from admin@acme-reseller\\.example");
        assertThat(Pattern.compile("https://app\\.example\\.com/delegation/accept\\?token=[A-Za-z0-9_-]{43}\\s")
                .matcher(output).results().count()).isEqualTo(2);
    }

    @Test
    void customerOneGoesFromPendingToConnectedWithTheLoginAction() {
        int pending = indexOf("admin@initech\\.example\\s+C-2001\\s+Pending");
        int connected = indexOf("admin@initech\\.example\\s+C-2001\\s+Connected\\s+Login, Delete Account");
        assertThat(pending).isNotNegative();
        assertThat(connected).isGreaterThan(pending);
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
    void secondPartnerIsRefusedWithTheSinglePartnerMessageVerbatim() {
        assertThat(output)
                .contains("code:    ALREADY_LINKED_TO_ANOTHER_TENANT")
                .contains("message: The associated account is already linked to another tenant.");
    }

    @Test
    void afterDisassociationTheSessionNoLongerValidatesAndCustomerOneLeavesTheOpenList() {
        String last = section("Step 6:", "History, all statuses");
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

    /** The output without what differs between runs: the invitation tokens and the database's directory. */
    private static String comparable(String text) {
        return text.replaceAll("token=[A-Za-z0-9_-]{43}", "token=T").replaceAll("(?m)^Storage: .*$", "Storage");
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
