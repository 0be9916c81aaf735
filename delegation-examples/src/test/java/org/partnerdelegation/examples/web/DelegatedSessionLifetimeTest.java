package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.servlet.DelegatedSessionCookie;

/**
 * A delegated session lives no longer than the sign-in that opened it: signing out, signing in as
 * someone else and Reset end the session the browser holds, so that its token, replayed as
 * a cookie or as a bearer token, opens nothing; and a cookie whose sign-in the demo no longer has
 * (a restart forgets every sign-in) does not open the console.
 */
class DelegatedSessionLifetimeTest {

    private static final String COOKIE = DelegatedSessionCookie.PLAIN_NAME;

    @TempDir
    Path data;
    DemoServer server;
    WebClient jane;
    String row;

    @BeforeEach
    void initechConnectedToJane() {
        server = DemoServer.start(data, true, 0);
        jane = signedIn("jane");
        row = DemoFlows.initechConnectedTo(server, jane);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void signingOutEndsTheDelegatedSessionAndItsTokenOpensNothingAsACookieOrAsABearerToken() {
        String token = logIn(jane);

        jane.get("/accounts");
        assertThat(jane.post("/signout").statusCode()).isEqualTo(302);

        assertDead(token);
        assertThat(jane.cookiesSentTo("/console", COOKIE)).isEmpty();
    }

    @Test
    void signingInAsSomeoneElseEndsTheSessionTheBrowserHeld() {
        String token = logIn(jane);

        jane.signIn("gary");

        assertDead(token);
    }

    @Test
    void theResetButtonEndsTheSessionTheBrowserHeld() {
        String token = logIn(jane);

        jane.get("/accounts");
        assertThat(jane.post("/reset").statusCode()).isEqualTo(302);

        assertDead(token);
    }

    @Test
    void aSecondLoginEndsTheSessionTheBrowserHeldAndHoldsOnlyTheNewOne() {
        String first = logIn(jane);

        String second = logIn(jane);

        assertThat(second).isNotEqualTo(first);
        assertDead(first);
        assertThat(server.backend().delegation().validateSession(second)).isPresent();
        assertThat(jane.get("/console").statusCode()).isEqualTo(200);
    }

    @Test
    void whileASessionIsHeldThePartnersOwnPagesActAsThePartnerInEveryTabAndSaySo() {
        String token = logIn(jane);

        HttpResponse<String> accounts = jane.get("/accounts");
        assertThat(accounts.statusCode()).isEqualTo(200);
        assertThat(Html.has(accounts.body(), "add-account")).isTrue();
        assertThat(Html.text(accounts.body(), "signed-in-as")).hasValue("jane@acme-reseller.example · Acme Reseller (P-1001)");
        assertThat(Html.text(accounts.body(), "banner-text")).hasValueSatisfying(t -> assertThat(t)
                .contains("delegated session into admin@initech.example").doesNotContain("Acting as"));
        assertThat(Html.href(accounts.body(), "banner-console")).hasValue("/console");
        assertThat(Html.href(accounts.body(), "nav-console")).hasValue("/console");
        // Adding a customer from Account Management works as Jane while the session lives, and leaves it live.
        jane.get("/accounts?add=1");
        assertThat(jane.post("/accounts/add", "email", "admin@hooli.example", "roles", "tenant:administrator", "days", "")
                .statusCode()).isEqualTo(302);
        assertThat(server.backend().delegation().validateSession(token)).isPresent();
        HttpResponse<String> console = jane.get("/console");
        assertThat(Html.text(console.body(), "banner-text")).hasValue(
                "Acting as admin@initech.example on behalf of jane@acme-reseller.example");
    }

    @Test
    void aDelegatedCookieWhoseSignInTheDemoNoLongerHasDoesNotOpenTheConsoleAndEnds() {
        String token = logIn(jane);
        // A browser whose sign-in the demo forgot (as after a restart) still holds the delegated cookie.
        WebClient forgotten = new WebClient(server.url());
        forgotten.plantCookie(COOKIE, token, "/");

        HttpResponse<String> console = forgotten.get("/console");

        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/session-ended"));
        assertThat(server.backend().delegation().validateSession(token)).isEmpty();
    }

    /** Jane's Login on the Initech row; returns the token the browser now holds. */
    private String logIn(WebClient client) {
        client.get("/accounts");
        assertThat(client.post("/accounts/" + row + "/login").statusCode()).isEqualTo(302);
        List<String> held = client.cookiesSentTo("/console", COOKIE);
        assertThat(held).hasSize(1);
        assertThat(server.backend().delegation().validateSession(held.get(0))).isPresent();
        return held.get(0);
    }

    /** The token validates no more, and replayed by another client it opens no console. */
    private void assertDead(String token) {
        assertThat(server.backend().delegation().validateSession(token)).isEmpty();
        WebClient replay = new WebClient(server.url());
        assertThat(replay.get("/console", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
        replay.plantCookie(COOKIE, token, "/");
        HttpResponse<String> byCookie = replay.get("/console");
        assertThat(byCookie.statusCode()).isEqualTo(302);
        assertThat(byCookie.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/session-ended"));
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(server, user);
    }
}
