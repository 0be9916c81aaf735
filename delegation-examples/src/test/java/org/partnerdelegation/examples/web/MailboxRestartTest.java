package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo mailbox across a restart, over HTTP: the demo stopped and started again on the same
 * port and data directory shows what it showed, and Reset (or --reset) empties it for good.
 */
class MailboxRestartTest {

    private static final Pattern MAIL_LINK = Pattern.compile("href=\"/mailbox/(\\d+)\"");
    private static final Pattern ACCEPT_LINK = Pattern.compile("(http://\\S+)/accept\\?token=([A-Za-z0-9_-]+)");

    @TempDir
    Path data;
    private DemoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void afterARestartTheMailboxShowsTheSameMailsInTheSameOrderAndTheirAcceptLinksStillWork() {
        server = DemoServer.start(data, true, 0);
        int port = server.port();
        WebClient jane = signedIn("jane");
        add(jane, "admin@initech.example");
        add(jane, "admin@hooli.example");
        jane.mailText("admin@initech.example", "asks to manage your account");
        jane.mailText("admin@hooli.example", "möchte Ihr Konto verwalten");
        List<String> before = mailbox(jane);

        server.close();
        server = DemoServer.start(data, false, port);

        jane = signedIn("jane");
        assertThat(mailbox(jane)).as("the mailbox: each line, then each mail's page").isEqualTo(before);
        Matcher link = ACCEPT_LINK.matcher(jane.mailText("admin@initech.example", "asks to manage your account"));
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).isEqualTo(server.url());
        WebClient initech = signedIn("initech");
        assertThat(initech.get("/accept?token=" + link.group(2)).body()).contains("asks to manage your tenant");
        assertThat(initech.submit("/accept", "token", link.group(2), "answer", "accept").body()).contains("You accepted");
        assertThat(Html.rows(jane.get("/accounts").body(), "accounts")).extracting(r -> r.get(0) + " " + r.get(2))
                .containsExactlyInAnyOrder("admin@initech.example Connected", "admin@hooli.example Pending");
    }

    @Test
    void resetEmptiesTheKeptMailSoTheMailboxStaysEmptyAfterARestartAndOtherFilesAreLeftAlone() throws Exception {
        Files.createDirectories(data);
        Files.writeString(data.resolve("notes.txt"), "mine");
        server = DemoServer.start(data, true, 0);
        int port = server.port();
        WebClient jane = signedIn("jane");
        add(jane, "admin@hooli.example");
        jane.mailText("admin@hooli.example", "möchte Ihr Konto verwalten");
        assertThat(jane.post("/reset").statusCode()).isEqualTo(302);

        server.close();
        server = DemoServer.start(data, false, port);

        assertThat(Html.emptyRow(signedIn("jane").get("/mailbox").body(), "mails")).hasValue("No mail yet.");
        assertThat(data.resolve("notes.txt")).hasContent("mine");

        add(jane = signedIn("jane"), "admin@hooli.example");
        jane.mailText("admin@hooli.example", "möchte Ihr Konto verwalten");
        server.close();
        server = DemoServer.start(data, true, port);
        assertThat(Html.emptyRow(signedIn("jane").get("/mailbox").body(), "mails")).as("after a start with reset").hasValue("No mail yet.");
        assertThat(data.resolve("notes.txt")).hasContent("mine");
    }

    /** The mailbox as a visitor sees it: each line with its link, then the text of each mail's page. */
    private static List<String> mailbox(WebClient client) {
        String page = client.get("/mailbox").body();
        List<String> seen = new ArrayList<>();
        for (List<String> row : Html.rows(page, "mails")) {
            seen.add(String.join(" | ", row));
        }
        Matcher link = MAIL_LINK.matcher(page);
        while (link.find()) {
            String mail = client.get("/mailbox/" + link.group(1)).body();
            seen.add(link.group(1) + ": " + Html.text(mail, "mail-subject").orElseThrow() + "\n" + Html.text(mail, "mail-text").orElseThrow());
        }
        assertThat(seen).isNotEmpty();
        return seen;
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(server, user);
    }

    private static void add(WebClient partner, String email) {
        partner.get("/accounts?add=1");
        assertThat(partner.post("/accounts/add", "email", email, "roles", "tenant:administrator", "days", "").statusCode()).isEqualTo(302);
    }
}
