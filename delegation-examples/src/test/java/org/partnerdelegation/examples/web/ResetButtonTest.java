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

/** The footer's Reset the demo data button (POST /reset) over HTTP, on a fresh demo for every test. */
class ResetButtonTest {

    @TempDir
    Path data;
    DemoServer server;

    @BeforeEach
    void start() {
        server = DemoServer.start(data, true, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void resetSignsEveryoneOutAndBringsBackTheSeed() {
        // Before: Jane manages Initech (Connected, with a live delegated session) and invited Hooli
        // (Pending); the operator revoked the permission the seed gave Globex Services.
        WebClient jane = signedIn("jane");
        add(jane, "admin@initech.example");
        add(jane, "admin@hooli.example");
        WebClient initech = signedIn("initech");
        String token = token(jane.mailText("admin@initech.example", "asks to manage your account"));
        initech.get("/accept?token=" + token);
        initech.submit("/accept", "token", token, "answer", "accept");
        String row = find(jane.get("/accounts").body(), "data-email=\"admin@initech.example\" data-id=\"([0-9a-f-]+)\"");
        assertThat(jane.post("/accounts/" + row + "/login").statusCode()).isEqualTo(302);
        assertThat(jane.get("/console").statusCode()).isEqualTo(200);
        WebClient operator = signedIn("operator");
        operator.get("/operator");
        assertThat(operator.post("/operator/revoke", "tenant", "globex-services").statusCode()).isEqualTo(302);
        WebClient gary = signedIn("gary");
        assertThat(Html.text(gary.get("/accounts").body(), "no-permission"))
                .hasValueSatisfying(e -> assertThat(e).contains("does not hold the partner permission"));
        String garysStaleForm = gary.get("/mailbox").body();

        // A visitor presses the footer's button on any page.
        WebClient visitor = signedIn("art");
        visitor.get("/mailbox");
        HttpResponse<String> reset = visitor.post("/reset");
        assertThat(reset.statusCode()).isEqualTo(302);
        assertThat(reset.headers().firstValue("Location")).hasValue("/?notice=reset");
        String signInPage = visitor.followRedirect(reset).body();
        assertThat(Html.text(signInPage, "notice")).hasValue("The demo data was reset: every tenant is as seeded.");
        assertThat(Html.has(signInPage, "signed-in-as")).as("the visitor is signed out").isFalse();

        // Everyone is signed out, the delegated session included; a form read before the reset no longer posts.
        assertThat(garysStaleForm).contains("name=\"csrf\"");
        assertThat(gary.submit("/signin", "user", "gary").statusCode()).as("a form of a page read before the reset").isEqualTo(403);
        assertThat(visitor.get("/accounts").statusCode()).isEqualTo(401);
        assertThat(gary.get("/accounts").statusCode()).isEqualTo(401);
        assertThat(initech.get("/partner-access").statusCode()).isEqualTo(401);
        assertThat(operator.get("/operator").statusCode()).isEqualTo(401);
        HttpResponse<String> console = jane.get("/console");
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(DelegatedRequests.ENDED_PATH));
        assertThat(jane.get("/accounts").statusCode()).isEqualTo(401);

        // The data is as seeded: no customer in Jane's list, not even in its history; Initech has no
        // partner; Globex holds the partner permission again, with only the seed's line in the trail.
        jane = signedIn("jane");
        assertThat(Html.emptyRow(jane.get("/accounts?status=all").body(), "accounts")).hasValue("No customer accounts yet.");
        initech = signedIn("initech");
        assertThat(Html.text(initech.get("/partner-access").body(), "no-partner")).hasValue("No partner manages your tenant.");
        gary = signedIn("gary");
        String garys = gary.get("/accounts").body();
        assertThat(Html.has(garys, "page-error")).isFalse();
        assertThat(Html.emptyRow(garys, "accounts")).hasValue("No customer accounts yet.");
        operator = signedIn("operator");
        String operatorPage = operator.get("/operator").body();
        assertThat(Html.rows(operatorPage, "tenants")).extracting(t -> t.get(0) + " " + t.get(3)).containsExactly(
                "acme-reseller Yes", "globex-services Yes", "vandelay No", "initech No", "umbrella No", "hooli No");
        assertThat(Html.rows(operatorPage, "permission-trail")).extracting(t -> t.get(1) + " " + t.get(2)).containsExactly(
                "Partner permission granted globex-services");
        assertThat(Html.emptyRow(jane.get("/mailbox").body(), "mails")).hasValue("No mail yet.");
    }

    @Test
    void afterAResetTheWholeFlowWorksAgain() {
        WebClient visitor = new WebClient(server.url());
        visitor.get("/");
        assertThat(visitor.post("/reset").statusCode()).isEqualTo(302);

        WebClient jane = signedIn("jane");
        add(jane, "it-admin@umbrella.example");
        WebClient umbrella = signedIn("umbrella");
        String token = token(jane.mailText("it-admin@umbrella.example", "asks to manage your account"));
        umbrella.get("/accept?token=" + token);
        assertThat(Html.text(umbrella.submit("/accept", "token", token, "answer", "accept").body(), "confirmation"))
                .hasValueSatisfying(c -> assertThat(c).endsWith("Status: Connected."));
        String row = find(jane.get("/accounts").body(), "data-email=\"it-admin@umbrella.example\" data-id=\"([0-9a-f-]+)\"");
        jane.post("/accounts/" + row + "/login");
        assertThat(Html.text(jane.get("/console").body(), "banner-text"))
                .hasValue("Acting as it-admin@umbrella.example on behalf of jane@acme-reseller.example");
        assertThat(Html.rows(umbrella.get("/partner-access").body(), "sessions")).extracting(s -> s.get(0))
                .containsExactly("jane@acme-reseller.example");
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(server, user);
    }

    private static void add(WebClient partner, String email) {
        partner.get("/accounts?add=1");
        assertThat(partner.post("/accounts/add", "email", email, "roles", "tenant:administrator", "days", "").statusCode()).isEqualTo(302);
    }

    private static String token(String mail) {
        return find(mail, "/accept\\?token=([A-Za-z0-9_-]+)");
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return m.group(1);
    }
}
