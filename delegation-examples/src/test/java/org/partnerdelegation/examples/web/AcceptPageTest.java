package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough in one browser: the accept page, opened while signed in as the partner
 * who sent the invitation, says whom the invitation is for and offers to sign in as that account,
 * then comes back to the invitation.
 */
class AcceptPageTest {

    @TempDir
    Path data;
    DemoServer server;
    WebClient browser;
    String token;

    @BeforeEach
    void janeInvitesInitech() {
        server = DemoServer.start(data, true, 0);
        browser = new WebClient(server.url());
        browser.signIn("jane");
        browser.get("/accounts?add=1");
        assertThat(browser.post("/accounts/add", "email", "admin@initech.example", "roles", "tenant:administrator", "days", "")
                .statusCode()).isEqualTo(302);
        Matcher m = Pattern.compile("/accept\\?token=([A-Za-z0-9_-]+)").matcher(browser.mailText("admin@initech.example",
                "asks to manage your account"));
        assertThat(m.find()).isTrue();
        token = m.group(1);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void signedInAsAnotherAccountThePageSaysWhomTheInvitationIsForAndOffersOnlyThatAccount() {
        HttpResponse<String> page = browser.get("/accept?token=" + token);

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(Html.text(page.body(), "invited-account")).hasValue("This invitation is for admin@initech.example (Initech (C-2001))."
                + " You are signed in as jane@acme-reseller.example (Acme Reseller (P-1001)).");
        assertThat(page.body()).contains("id=\"signin-initech\"").doesNotContain("id=\"signin-umbrella\"");
        assertThat(page.body()).contains("name=\"next\" value=\"/accept?token=" + token + "\"");
    }

    @Test
    void signingInAsTheInvitedAccountComesBackToTheInvitationAndAcceptingConnects() {
        browser.get("/accept?token=" + token);

        HttpResponse<String> signedIn = browser.post("/signin", "user", "initech", "next", "/accept?token=" + token);

        assertThat(signedIn.headers().firstValue("Location")).hasValue("/accept?token=" + token);
        HttpResponse<String> invitation = browser.followRedirect(signedIn);
        assertThat(invitation.statusCode()).isEqualTo(200);
        assertThat(Html.has(invitation.body(), "accept")).isTrue();
        HttpResponse<String> answered = browser.submit("/accept", "token", token, "answer", "accept");
        assertThat(Html.text(answered.body(), "confirmation")).hasValueSatisfying(c -> assertThat(c).startsWith("You accepted"));

        browser.signIn("jane");
        assertThat(Html.rows(browser.get("/accounts").body(), "accounts")).singleElement()
                .satisfies(row -> assertThat(row.get(2)).isEqualTo("Connected"));
    }

    @Test
    void aVisitorNotSignedInIsToldWhomTheInvitationIsFor() {
        HttpResponse<String> page = new WebClient(server.url()).get("/accept?token=" + token);

        assertThat(Html.text(page.body(), "invited-account")).hasValue("This invitation is for admin@initech.example (Initech (C-2001)).");
    }

    @Test
    void aLinkNoMailCarriedOffersAVisitorEveryCustomerAndNamesNoOne() {
        HttpResponse<String> page = new WebClient(server.url()).get("/accept?token=" + "A".repeat(43));

        assertThat(Html.has(page.body(), "invited-account")).isFalse();
        assertThat(page.body()).contains("id=\"signin-initech\"", "id=\"signin-umbrella\"", "id=\"signin-hooli\"");
    }
}
