package org.partnerdelegation.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.examples.DemoInbox.ReceivedMail;

class DemoInboxTest {

    private static final String BASE = "https://app.example.com/delegation/accept?token=";
    private static final String FROM = "no-reply@example-cloud.example";

    private GreenMail server;
    private DemoInbox inbox;

    @BeforeEach
    void startServer() {
        server = new GreenMail(new ServerSetup(0, DemoMailModule.LOOPBACK, ServerSetup.PROTOCOL_SMTP));
        server.start();
        inbox = new DemoInbox(server, BASE);
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private void send(String to, String subject, String text) {
        GreenMailUtil.sendTextEmail(to, FROM, subject, text,
                new ServerSetup(server.getSmtp().getPort(), DemoMailModule.LOOPBACK, ServerSetup.PROTOCOL_SMTP));
    }

    @Test
    void readsRecipientSubjectTextAndTheAcceptLinkAsTheMailShowsThem() {
        send("Admin@Initech.example", "You are invited", "Hello,\n\nopen this link:\n\n" + BASE + "a%2Bb%2Fc_-\n\nBye");

        assertThat(inbox.receivedCount()).isEqualTo(1);
        ReceivedMail mail = inbox.received().get(0);
        assertThat(mail.recipient()).isEqualTo("admin@initech.example");
        assertThat(mail.subject()).isEqualTo("You are invited");
        assertThat(mail.text()).startsWith("Hello,\n\nopen this link:").doesNotContain("\r");
        assertThat(mail.acceptLink()).hasValue(BASE + "a%2Bb%2Fc_-");
        assertThat(mail.invitationToken()).as("URL-decoded").hasValue("a+b/c_-");
        assertThat(mail.toString()).doesNotContain("a%2Bb");
    }

    @Test
    void aMailWithoutTheLinkIsNoInvitation() {
        send("admin@acme-reseller.example", "Accepted", "C-2001 accepted; see https://app.example.com/other?token=x");

        assertThat(inbox.received()).singleElement().satisfies(mail -> assertThat(mail.acceptLink()).isEmpty());
        assertThat(inbox.latestInvitationTo("admin@acme-reseller.example")).isEmpty();
    }

    @Test
    void findsTheLatestInvitationOfARecipient() {
        send("admin@initech.example", "first", BASE + "first");
        send("it-admin@umbrella.example", "other", BASE + "other");
        send("admin@initech.example", "second", BASE + "second");
        send("admin@initech.example", "no link", "nothing to follow");

        assertThat(inbox.latestInvitationTo(" ADMIN@initech.example ")).map(ReceivedMail::subject).hasValue("second");
        assertThat(inbox.latestInvitationTo("nobody@initech.example")).isEmpty();
    }

    @Test
    void handsOutEachMailOnceByRecipientInTheOrderItsMailboxReceivedThem() {
        send("z@customer.example", "z1", "text");
        send("a@customer.example", "a1", "text");
        send("z@customer.example", "z2", "text");

        assertThat(inbox.unread()).extracting(ReceivedMail::subject).containsExactly("a1", "z1", "z2");
        assertThat(inbox.unread()).isEmpty();

        send("a@customer.example", "a2", "text");
        send("m@customer.example", "m1", "text");

        assertThat(inbox.unread()).extracting(ReceivedMail::subject).containsExactly("a2", "m1");
        assertThat(inbox.received()).extracting(ReceivedMail::subject).containsExactly("a1", "a2", "m1", "z1", "z2");
        assertThat(inbox.receivedCount()).isEqualTo(5);
    }

    @Test
    void namesTheServersLoopbackAddressAndPort() {
        assertThat(inbox.serverAddress()).isEqualTo("127.0.0.1:" + server.getSmtp().getPort());
        assertThat(server.getSmtp().getPort()).isPositive();
    }

    @Test
    void readsTheTokenParameterOfALinkUrlDecoded() {
        assertThat(DemoInbox.tokenFrom("https://app.example.com/accept?token=abc")).isEqualTo("abc");
        assertThat(DemoInbox.tokenFrom("https://app.example.com/accept?lang=en&token=a%2Bb%3D&x=1")).isEqualTo("a+b=");
        assertThat(DemoInbox.tokenFrom("https://app.example.com/accept?mytoken=x&token=")).isEmpty();
    }

    @Test
    void refusesALinkWithoutATokenParameter() {
        assertThatThrownBy(() -> DemoInbox.tokenFrom("https://app.example.com/accept?mytoken=abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no token parameter");
        assertThatThrownBy(() -> DemoInbox.tokenFrom("https://app.example.com/accept"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoInbox.tokenFrom("https://app.example.com/accept?token=a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Not a link");
    }
}
