package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page has the navigation menu that fits who is signed in, error pages included; an
 * unknown URL gets the demo's own 404 page; the brand link leads to the user's home.
 */
class NavigationTest {

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
    void eachUserSeesTheMenuOfTheirOwnPages() {
        assertThat(menu(signedIn("jane").get("/accounts").body()))
                .containsExactly("Account Management", "Demo mailbox", "Switch user");
        assertThat(menu(signedIn("initech").get("/partner-access").body()))
                .containsExactly("Partner access", "Demo mailbox", "Switch user");
        assertThat(menu(signedIn("operator").get("/operator").body()))
                .containsExactly("Operator", "Demo mailbox", "Switch user");
        assertThat(menu(new WebClient(server.url()).get("/").body())).containsExactly("Demo mailbox", "Sign in");
    }

    @Test
    void everyPageOfAUserHasTheMenuSignOutAndTheBrandLinkHome() {
        WebClient jane = signedIn("jane");
        for (String path : List.of("/accounts", "/accounts?add=1", "/mailbox", "/", "/nowhere", "/accounts/not-an-id/delete",
                DelegatedRequests.ENDED_PATH)) {
            String page = jane.get(path).body();
            assertThat(menu(page)).as(path).contains("Account Management", "Demo mailbox");
            assertThat(Html.has(page, "sign-out")).as(path).isTrue();
            assertThat(Html.href(page, "brand")).as(path).hasValue("/accounts");
        }
        assertThat(Html.href(signedIn("initech").get("/mailbox").body(), "brand")).hasValue("/partner-access");
        assertThat(Html.href(new WebClient(server.url()).get("/mailbox").body(), "brand")).hasValue("/");
    }

    @Test
    void theMenuMarksThePageShown() {
        String page = signedIn("jane").get("/mailbox").body();

        assertThat(page).containsPattern("<a href=\"/mailbox\" id=\"nav-mailbox\" class=\"current\" aria-current=\"page\">");
        assertThat(page).doesNotContainPattern("id=\"nav-accounts\" class=\"current\"");
    }

    @Test
    void anUnknownUrlGetsTheDemosOwnNotFoundPage() {
        HttpResponse<String> visitor = new WebClient(server.url()).get("/no/such/page");
        HttpResponse<String> jane = signedIn("jane").get("/no/such/page");

        for (HttpResponse<String> notFound : List.of(visitor, jane)) {
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(Html.text(notFound.body(), "error-message")).hasValueSatisfying(m -> assertThat(m).contains("/no/such/page"));
            assertThat(Html.has(notFound.body(), "menu")).isTrue();
        }
        assertThat(Html.text(visitor.body(), "error-home")).hasValue("Sign in as a demo user");
        assertThat(Html.text(jane.body(), "error-home")).hasValue("Back to your home page");
    }

    private static List<String> menu(String page) {
        Matcher nav = Pattern.compile("<nav class=\"menu\"[^>]*>(.*?)</nav>", Pattern.DOTALL).matcher(page);
        assertThat(nav.find()).as("the navigation menu").isTrue();
        Matcher link = Pattern.compile("<a [^>]*>([^<]*)</a>").matcher(nav.group(1));
        List<String> labels = new java.util.ArrayList<>();
        while (link.find()) {
            labels.add(Html.unescape(link.group(1)));
        }
        return labels;
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(server, user);
    }
}
