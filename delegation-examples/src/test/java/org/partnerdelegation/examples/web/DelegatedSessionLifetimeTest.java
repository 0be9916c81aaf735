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
        WebClient client = new WebClient(server.url());
        client.signIn(user);
        return client;
    }
}
