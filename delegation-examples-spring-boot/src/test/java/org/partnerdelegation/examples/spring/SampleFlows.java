package org.partnerdelegation.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The steps of the sample's story, each as its users take it in their browsers, checked as they go. */
final class SampleFlows {

    static final String JANE = "jane@acme-reseller.example";
    static final String GARY = "gary@globex-services.example";
    static final String INITECH = "admin@initech.example";
    static final String OPERATOR = "operator@host.example";

    private static final Pattern INVITATION_LINK = Pattern.compile("href=\"(/partner-access/invitation\\?token=[^\"]+)\"");
    private static final Duration MAIL_WAIT = Duration.ofSeconds(15);

    private SampleFlows() {
    }

    /** A browser signed in with that user's password from the sign-in page. */
    static Browser signedIn(int port, String email) {
        Browser browser = new Browser(port);
        String password = SampleDirectory.user(email).orElseThrow().password();
        Browser.Page signedIn = browser.signIn(email, password);
        assertThat(signedIn.status()).as("sign-in of " + email).isEqualTo(302);
        assertThat(signedIn.redirectPath()).isEqualTo("/");
        return browser;
    }

    /** The partner adds the customer's account email on Account Management, asking for those roles. */
    static Browser.Page add(Browser partner, String customerEmail, String role) {
        partner.get("/accounts");
        return partner.post("/accounts", Map.of("email", customerEmail, "roles", role));
    }

    /**
     * The customer opens the invitation link its Partner access page shows (once the outbox has
     * delivered it to the sample's mailbox) and accepts.
     */
    static void acceptInvitation(Browser customer) {
        String link = invitationLink(customer);
        Browser.Page review = customer.get(link.replace("&amp;", "&"));
        assertThat(review.status()).isEqualTo(200);
        assertThat(review.body()).contains("Acme Reseller", "asks for");
        String token = link.substring(link.indexOf("token=") + "token=".length());
        Browser.Page accepted = customer.post("/partner-access/invitation/accept", Map.of("token", token));
        assertThat(accepted.status()).isEqualTo(302);
        assertThat(customer.follow(accepted).body()).contains("You accepted", "manages your tenant");
    }

    /** The invitation link on the customer's Partner access page, waiting for the outbox to deliver it. */
    static String invitationLink(Browser customer) {
        Instant deadline = Instant.now().plus(MAIL_WAIT);
        while (true) {
            Matcher link = INVITATION_LINK.matcher(customer.get("/partner-access").body());
            if (link.find()) {
                return link.group(1);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No invitation reached the customer's mailbox within " + MAIL_WAIT);
            }
            sleep();
        }
    }

    /** The delegation id of the customer's row on Account Management, from its Login or Delete form. */
    static String delegationOf(Browser partner, String customerEmail) {
        String page = partner.get("/accounts").body();
        int row = page.indexOf("<td>" + customerEmail + "</td>");
        assertThat(row).as("a row for " + customerEmail).isPositive();
        Matcher action = Pattern.compile("/accounts/([0-9a-f-]{36})/").matcher(page);
        assertThat(action.find(row)).isTrue();
        return action.group(1);
    }

    /** The page's text as a person reads it: no tags, one space between words. */
    static String text(Browser.Page page) {
        return page.body().replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
