package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.DelegationException;

/** The web demo on a free port, driven over HTTP: status codes, CSRF, escaping, cookies, the delegated session's limits. */
class WebDemoTest {

    @TempDir
    static Path data;
    static DemoServer server;

    @BeforeAll
    static void start() {
        server = DemoServer.start(data, true, 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebClient client() {
        return new WebClient(server.url());
    }

    @Test
    void signInPageListsTheDemoUsersAndSetsAnHttpOnlySameSiteCookie() {
        HttpResponse<String> page = client().get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("jane@acme-reseller.example", "admin@initech.example", "operator@app.example.com",
                "art@vandelay.example");
        List<String> cookies = page.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith(WebSessions.COOKIE + "=").contains("HttpOnly", "SameSite=Lax"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("script-src 'none'"));
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        WebClient browser = client();
        browser.get("/");
        // Refused, and sent back to the page it came from, which says why (a refresh sends nothing again).
        HttpResponse<String> refused = browser.postRaw("/signin", Map.of("user", "jane"));
        assertThat(refused.statusCode()).isEqualTo(302);
        HttpResponse<String> shown = browser.followRedirect(refused);
        assertThat(shown.statusCode()).isEqualTo(403);
        assertThat(shown.body()).contains("CSRF");
        assertThat(Html.has(shown.body(), "signed-in-as")).as("nobody signed in").isFalse();
        HttpResponse<String> wrong = browser.postRaw("/signin", Map.of("user", "jane", "csrf", "forged"));
        assertThat(browser.followRedirect(wrong).statusCode()).isEqualTo(403);
        assertThat(browser.get("/").statusCode()).as("shown once").isEqualTo(200);
    }

    @Test
    void pagesNeedASignedInUser() {
        assertThat(client().get("/accounts").statusCode()).isEqualTo(401);
        assertThat(client().get("/partner-access").statusCode()).isEqualTo(401);
        assertThat(client().get("/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void whatTheVisitorTypedIsEscapedAndAMalformedEmailIsExplained() {
        WebClient jane = client();
        jane.signIn("jane");
        jane.get("/accounts?add=1");
        HttpResponse<String> page = jane.submit("/accounts/add", "email", "<script>alert(1)</script>", "roles", "tenant:administrator", "days", "");
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.body()).doesNotContain("<script>alert(1)").contains("&lt;script").contains(Messages.MALFORMED_EMAIL);
    }

    @Test
    void refusalsAppearInWords() {
        WebClient art = client();
        art.signIn("art");
        art.get("/accounts?add=1");
        HttpResponse<String> noPermission = art.submit("/accounts/add", "email", "admin@hooli.example", "roles", "tenant:administrator", "days", "");
        assertThat(noPermission.statusCode()).isEqualTo(403);
        assertThat(noPermission.body()).contains("does not hold the partner permission");

        WebClient gary = client();
        gary.signIn("gary");
        gary.get("/accounts?add=1");
        assertThat(gary.submit("/accounts/add", "email", "nobody@nowhere.example", "roles", "tenant:administrator", "days", "").body())
                .contains("No customer account has that administrator email");
        assertThat(gary.submit("/accounts/add", "email", "admin@globex-services.example", "roles", "tenant:administrator", "days", "").body())
                .contains("your own tenant");
    }

    @Test
    void theWholeFlowOverHttp() throws Exception {
        WebClient jane = client();
        jane.signIn("jane");
        jane.get("/accounts?add=1");
        assertThat(jane.post("/accounts/add", "email", "admin@initech.example", "roles", "tenant:administrator", "days", "").statusCode())
                .isEqualTo(302);
        assertThat(jane.get("/accounts").body()).contains("admin@initech.example", "Pending");
        // Resending at once is refused by the cool-down, in words.
        String row = find(jane.get("/accounts").body(), "/accounts/([0-9a-f-]+)/resend");
        HttpResponse<String> tooSoon = jane.submit("/accounts/" + row + "/resend");
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(tooSoon.body()).contains("Too many requests");

        String token = invitationToken("admin@initech.example");
        WebClient initech = client();
        assertThat(initech.get("/accept?token=" + token).body()).contains("Sign in as the invited account");
        initech.signIn("initech");
        assertThat(initech.get("/accept?token=" + token).body()).contains("asks to manage your tenant", "Tenant administrator");
        assertThat(initech.submit("/accept", "token", token, "answer", "accept").body()).contains("You accepted", "Connected");
        assertThat(jane.get("/accounts").body()).contains("Connected");

        HttpResponse<String> login = jane.post("/accounts/" + row + "/login");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValue("/console");
        String delegatedCookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(DelegatedRequests.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(delegatedCookie).contains("HttpOnly", "SameSite=Lax");
        HttpResponse<String> console = jane.get("/console");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("Acting as admin@initech.example on behalf of jane@acme-reseller.example");
        assertThat(console.body()).doesNotContain(delegatedCookie.substring(DelegatedRequests.COOKIE.length() + 1, delegatedCookie.indexOf(';')));

        // Delegated mode stays in the console: Jane's own pages act as Jane, and say she holds a session into Initech.
        HttpResponse<String> accounts = jane.get("/accounts");
        assertThat(accounts.statusCode()).isEqualTo(200);
        assertThat(Html.text(accounts.body(), "signed-in-as")).hasValueSatisfying(t -> assertThat(t).startsWith("jane@acme-reseller.example"));
        assertThat(Html.text(accounts.body(), "banner-text")).hasValue(
                "You hold a delegated session into admin@initech.example: this page is your own account's.");
        assertThat(Html.rows(accounts.body(), "accounts")).extracting(r -> r.get(0)).contains("admin@initech.example");
        assertThat(jane.get("/partner-access").body()).contains("No partner manages your tenant.");
        assertThat(jane.get("/accept?token=" + token).statusCode()).as("the invitation is not Jane's").isEqualTo(403);

        // The customer ends the live session; the servlet filter refuses the partner's next click: it
        // clears the cookie and sends the browser to the page that says why.
        HttpResponse<String> access = initech.get("/partner-access");
        assertThat(access.body()).contains("admin@acme-reseller.example", "jane@acme-reseller.example");
        String session = find(access.body(), "/partner-access/sessions/([0-9a-f-]+)/end");
        assertThat(initech.post("/partner-access/sessions/" + session + "/end").statusCode()).isEqualTo(302);
        HttpResponse<String> refused = jane.get("/console");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(DelegatedRequests.ENDED_PATH));
        assertThat(refused.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith(DelegatedRequests.COOKIE + "=;").contains("Expires=Thu, 01 Jan 1970"));
        HttpResponse<String> ended = jane.get(DelegatedRequests.ENDED_PATH);
        assertThat(ended.statusCode()).isEqualTo(401);
        assertThat(ended.body()).contains("Your delegated session has ended");
        assertThat(jane.get("/console").statusCode()).isEqualTo(401);
        assertThat(jane.get("/accounts").statusCode()).isEqualTo(200);

        // A second partner is told the single-partner rule verbatim.
        WebClient gary = client();
        gary.signIn("gary");
        gary.get("/accounts?add=1");
        HttpResponse<String> linked = gary.submit("/accounts/add", "email", "admin@initech.example", "roles", "tenant:administrator", "days", "");
        assertThat(linked.body()).contains(DelegationException.ALREADY_LINKED_MESSAGE);

        // The customer disassociates; the row leaves the partner's list.
        initech.get("/partner-access");
        assertThat(initech.post("/partner-access/disassociate").statusCode()).isEqualTo(302);
        assertThat(jane.get("/accounts").body()).doesNotContain("admin@initech.example");
    }

    @Test
    void theServletFilterAuthorizesABearerTokenAndRefusesItWith401OnceEnded() throws Exception {
        WebClient jane = client();
        jane.signIn("jane");
        jane.get("/accounts?add=1");
        jane.post("/accounts/add", "email", "it-admin@umbrella.example", "roles", "tenant:administrator", "days", "");
        String token = invitationToken("it-admin@umbrella.example");
        WebClient umbrella = client();
        umbrella.signIn("umbrella");
        umbrella.get("/accept?token=" + token);
        assertThat(umbrella.submit("/accept", "token", token, "answer", "accept").body()).contains("You accepted");
        String row = find(jane.get("/accounts").body(), "data-email=\"it-admin@umbrella.example\"[^>]*data-id=\"([0-9a-f-]+)\"");
        HttpResponse<String> login = jane.post("/accounts/" + row + "/login");
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(DelegatedRequests.COOKIE + "="))
                .findFirst().orElseThrow();
        String sessionToken = cookie.substring(DelegatedRequests.COOKIE.length() + 1, cookie.indexOf(';'));

        // An API client with no cookie at all: the header alone makes it the delegated principal.
        WebClient api = client();
        HttpResponse<String> console = api.get("/console", "Authorization", "Bearer " + sessionToken);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("Acting as it-admin@umbrella.example on behalf of jane@acme-reseller.example");
        // Outside the console the token is no one: the customer's page needs a signed-in user.
        assertThat(api.get("/partner-access", "Authorization", "Bearer " + sessionToken).statusCode()).isEqualTo(401);

        // A forged cookie never acts. Under the console it is refused (redirected) and told to go; on any
        // other page it is told to go and the page answers as it answers a visitor without it: sign in first.
        HttpResponse<String> forged = client().get("/console", "Cookie", DelegatedRequests.COOKIE + "=forged");
        assertThat(forged.statusCode()).isEqualTo(302);
        assertThat(forged.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(DelegatedRequests.ENDED_PATH));
        assertThat(forged.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Expires=Thu, 01 Jan 1970"));
        HttpResponse<String> forgedElsewhere = client().get("/accounts", "Cookie", DelegatedRequests.COOKIE + "=forged");
        assertThat(forgedElsewhere.statusCode()).isEqualTo(401);
        assertThat(forgedElsewhere.body()).contains("Sign in as a demo user first.");
        assertThat(forgedElsewhere.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Expires=Thu, 01 Jan 1970"));

        // Once the partner ends it, the header gets the filter's 401, not a page.
        jane.get("/console");
        jane.post("/console/end-session");
        HttpResponse<String> refused = api.get("/console", "Authorization", "Bearer " + sessionToken);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        assertThat(refused.body()).doesNotContain(sessionToken);
    }

    @Test
    void operatorGrantsAndRevokesThePartnerPermissionWithItsTrail() {
        WebClient operator = client();
        operator.signIn("operator");
        assertThat(operator.get("/operator").body()).contains("Partner permission granted", "globex-services");
        assertThat(operator.post("/operator/grant", "tenant", "vandelay").statusCode()).isEqualTo(302);
        operator.get("/operator");
        assertThat(operator.post("/operator/revoke", "tenant", "vandelay").statusCode()).isEqualTo(302);
        assertThat(operator.get("/operator").body()).contains("Partner permission revoked");
        WebClient jane = client();
        jane.signIn("jane");
        assertThat(jane.get("/operator").statusCode()).isEqualTo(403);
    }

    private static String invitationToken(String recipient) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            var mail = server.backend().inbox().latestInvitationTo(recipient);
            if (mail.isPresent()) {
                return mail.get().invitationToken().orElseThrow();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no invitation to " + recipient);
    }

    private static String find(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        assertThat(m.find()).as("%s in the page", regex).isTrue();
        return m.group(1);
    }
}
