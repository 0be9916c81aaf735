package org.partnerdelegation.examples;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.outbox.DrainResult;
import org.partnerdelegation.examples.DemoInbox.ReceivedMail;

/**
 * The in-process SMTP server's mail kept in the data directory ({@link DemoMailArchive}), through
 * the demo's real wiring: mailed over SMTP, stopped, started again over the same directory.
 */
class DemoMailArchiveTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    @Test
    void afterARestartTheServerHoldsTheSameMailsInTheSameOrderWithTheirReceivedTimeAndTheLinkStillAccepts() throws Exception {
        List<String> before;
        try (DemoWiring wiring = DemoWiring.create(directory, CLOCK)) {
            wiring.tenants().register(SeedTenants.acmeReseller());
            wiring.tenants().register(SeedTenants.initech());
            wiring.tenants().register(SeedTenants.umbrella());
            wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), SeedTenants.initech().administratorEmail());
            wiring.dispatcher().drain();
            wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), SeedTenants.umbrella().administratorEmail());
            wiring.dispatcher().drain();
            before = summaries(wiring);
            assertThat(before).hasSize(2);
        }
        assertThat(DemoMailArchive.files(directory.resolve(DemoWiring.MAIL_DIRECTORY))).extracting(p -> p.getFileName().toString())
                .containsExactly("00000001.eml", "00000002.eml");

        try (DemoWiring again = DemoWiring.create(directory, CLOCK)) {
            assertThat(summaries(again)).isEqualTo(before);
            ReceivedMail invitation = again.inbox().latestInvitationTo("admin@initech.example").orElseThrow();
            assertThat(again.delegation().acceptInvitation(SeedTenants.administratorOf(SeedTenants.initech()),
                    invitation.invitationToken().orElseThrow()).status()).isEqualTo(DelegationStatus.CONNECTED);

            // The acceptance's mails come after the kept ones, in new files: none of the kept ones is overwritten.
            assertThat(again.dispatcher().drain().delivered()).isEqualTo(2);
            List<String> after = summaries(again);
            assertThat(after).hasSize(4).containsAll(before);
        }
        assertThat(DemoMailArchive.files(directory.resolve(DemoWiring.MAIL_DIRECTORY))).extracting(p -> p.getFileName().toString())
                .containsExactly("00000001.eml", "00000002.eml", "00000003.eml", "00000004.eml");
        try (DemoWiring third = DemoWiring.create(directory, CLOCK)) {
            assertThat(third.inbox().receivedCount()).isEqualTo(4);
        }
    }

    @Test
    void eachFileIsTheMailAsReceivedAfterItsDeliveredToAndReceivedLines() throws Exception {
        try (DemoWiring wiring = DemoWiring.create(directory, CLOCK)) {
            wiring.tenants().register(SeedTenants.acmeReseller());
            wiring.tenants().register(SeedTenants.initech());
            wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), SeedTenants.initech().administratorEmail());
            wiring.dispatcher().drain();
        }
        Path file = directory.resolve(DemoWiring.MAIL_DIRECTORY).resolve("00000001.eml");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("Delivered-To: admin@initech.example");
        assertThat(lines.get(1)).startsWith("Received: by partner-delegation-demo; ").endsWith(" GMT");
        assertThat(String.join("\n", lines)).contains("Subject: Example Cloud: Acme Reseller (partner P-1001) asks to manage your");
    }

    @Test
    void aMailThatCannotBeKeptIsRefusedSoTheOutboxTriesItAgainInsteadOfLosingIt() throws Exception {
        try (DemoWiring wiring = DemoWiring.create(directory, CLOCK)) {
            wiring.tenants().register(SeedTenants.acmeReseller());
            wiring.tenants().register(SeedTenants.initech());
            Path mail = directory.resolve(DemoWiring.MAIL_DIRECTORY);
            // A file where the directory was: no mail can be written there (root ignores a read-only directory).
            Files.delete(mail);
            Files.writeString(mail, "not a directory");
            wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), SeedTenants.initech().administratorEmail());

            DrainResult result = wiring.dispatcher().drain();

            assertThat(result.delivered()).isZero();
            assertThat(result.retried()).isEqualTo(1);
            assertThat(wiring.inbox().receivedCount()).as("the server holds no mail it could not keep").isZero();
        }
    }

    @Test
    void anUnreadableFileIsSkippedAndTheOthersAndNewMailStillCome() throws Exception {
        try (DemoWiring wiring = DemoWiring.create(directory, CLOCK)) {
            wiring.tenants().register(SeedTenants.acmeReseller());
            wiring.tenants().register(SeedTenants.initech());
            wiring.tenants().register(SeedTenants.umbrella());
            wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), SeedTenants.initech().administratorEmail());
            wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), SeedTenants.umbrella().administratorEmail());
            wiring.dispatcher().drain();
        }
        Path mail = directory.resolve(DemoWiring.MAIL_DIRECTORY);
        Files.writeString(mail.resolve("00000001.eml"), "edited by hand: no trace lines\r\n\r\nbody");
        Files.writeString(mail.resolve("00000003.eml.tmp"), "half a mail from a crash");

        try (DemoWiring again = DemoWiring.create(directory, CLOCK)) {
            assertThat(again.inbox().received()).extracting(ReceivedMail::recipient).containsExactly("it-admin@umbrella.example");
            assertThat(Files.exists(mail.resolve("00000003.eml.tmp"))).as("a crash's leftover is removed").isFalse();
            again.delegation().acceptInvitation(SeedTenants.administratorOf(SeedTenants.umbrella()),
                    again.inbox().latestInvitationTo("it-admin@umbrella.example").flatMap(ReceivedMail::invitationToken).orElseThrow());
            again.dispatcher().drain();
        }
        assertThat(DemoMailArchive.files(mail)).extracting(p -> p.getFileName().toString())
                .containsExactly("00000001.eml", "00000002.eml", "00000003.eml", "00000004.eml");
    }

    /** Every received mail in the server's order: recipient, subject, received time and Message-ID. */
    private static List<String> summaries(DemoWiring wiring) throws MessagingException {
        List<String> all = new ArrayList<>();
        for (MimeMessage message : wiring.smtpServer().getReceivedMessages()) {
            all.add(message.getRecipients(Message.RecipientType.TO)[0] + " | " + message.getSubject() + " | "
                    + message.getReceivedDate().toInstant() + " | " + message.getMessageID());
        }
        return all;
    }
}
