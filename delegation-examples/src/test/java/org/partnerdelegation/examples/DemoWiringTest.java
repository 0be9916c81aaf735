package org.partnerdelegation.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.outbox.DrainResult;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.examples.DemoInbox.ReceivedMail;
import org.partnerdelegation.mail.SmtpSettings;
import org.partnerdelegation.mail.TlsMode;

/** The demo's wiring with its real parts: the embedded H2 database and the in-process SMTP server. */
class DemoWiringTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path directory;

    @Test
    void theInvitationIsMailedThroughSmtpToTheInProcessServerAndTheLinkInItAccepts() {
        Tenant initech = SeedTenants.initech();
        try (DemoWiring wiring = DemoWiring.create(directory, CLOCK)) {
            wiring.tenants().register(SeedTenants.acmeReseller());
            wiring.tenants().register(initech);
            wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), initech.administratorEmail());
            assertThat(wiring.inbox().receivedCount()).as("nothing is mailed before the dispatcher runs").isZero();

            assertThat(wiring.dispatcher().drain()).isEqualTo(new DrainResult(1, 0, 0, 0));

            assertThat(wiring.inbox().receivedCount()).isEqualTo(1);
            assertThat(wiring.smtpServer().getReceivedMessages()).hasSize(1);
            ReceivedMail mail = wiring.inbox().latestInvitationTo("admin@initech.example").orElseThrow();
            assertThat(mail.subject()).isEqualTo("Example Cloud: Acme Reseller (partner P-1001) asks to manage your account");
            assertThat(mail.text()).contains("Acme Reseller (partner account P-1001, admin@acme-reseller.example) asks to manage")
                    .contains("expires on 12 January 2026, 09:00 UTC");
            String link = mail.acceptLink().orElseThrow();
            assertThat(link).startsWith(DemoMailModule.ACCEPT_URL_BASE);

            PartnerLink accepted = wiring.delegation().acceptInvitation(SeedTenants.administratorOf(initech), DemoInbox.tokenFrom(link));

            assertThat(accepted.status()).isEqualTo(DelegationStatus.CONNECTED);
            assertThat(wiring.dispatcher().drain().delivered()).isEqualTo(2);
            assertThat(wiring.inbox().receivedCount()).isEqualTo(3);
        }
    }

    @Test
    void theDemoMailsHooliInGermanWithTimesInBerlinAndTellsAcmeInEnglishNamingHooli() {
        Tenant hooli = SeedTenants.hooli();
        try (DemoWiring wiring = DemoWiring.create(directory, CLOCK)) {
            wiring.tenants().register(SeedTenants.acmeReseller());
            wiring.tenants().register(hooli);
            wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), hooli.administratorEmail());
            wiring.dispatcher().drain();

            ReceivedMail invitation = wiring.inbox().latestInvitationTo("admin@hooli.example").orElseThrow();
            assertThat(invitation.subject()).isEqualTo("Example Cloud: Acme Reseller (Partner P-1001) möchte Ihr Konto verwalten");
            assertThat(invitation.text()).startsWith("Guten Tag,")
                    .contains("Acme Reseller (Partnerkonto P-1001, admin@acme-reseller.example) möchte Ihr Konto C-2003")
                    .contains("läuft am 12. Januar 2026, 10:00 MEZ ab.");

            wiring.delegation().acceptInvitation(SeedTenants.administratorOf(hooli), invitation.invitationToken().orElseThrow());
            wiring.dispatcher().drain();

            assertThat(wiring.inbox().received()).extracting(ReceivedMail::subject)
                    .contains("Example Cloud: Hooli (C-2003) accepted your invitation",
                            "Example Cloud: Acme Reseller (Partner P-1001) kann jetzt Ihr Konto verwalten");
        }
    }

    @Test
    void onlyTheInvitedAccountAcceptsWithTheMailedLink() {
        Tenant initech = SeedTenants.initech();
        try (DemoWiring wiring = DemoWiring.create(directory, CLOCK)) {
            wiring.tenants().register(SeedTenants.acmeReseller());
            wiring.tenants().register(initech);
            wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), initech.administratorEmail());
            wiring.dispatcher().drain();
            String token = wiring.inbox().latestInvitationTo("admin@initech.example")
                    .flatMap(ReceivedMail::invitationToken).orElseThrow();
            Principal anotherAdministrator = Principal.administrator(initech.id(), UserId.of("bob@initech.example"))
                    .withVerifiedEmail(EmailAddress.of("bob@initech.example"));
            Principal withoutVerifiedEmail = Principal.administrator(initech.id(), UserId.of("admin@initech.example"));

            for (Principal notInvited : List.of(anotherAdministrator, withoutVerifiedEmail)) {
                assertThatThrownBy(() -> wiring.delegation().acceptInvitation(notInvited, token))
                        .isInstanceOf(DelegationException.class)
                        .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT));
            }

            assertThat(wiring.delegation().acceptInvitation(SeedTenants.administratorOf(initech), token).status())
                    .isEqualTo(DelegationStatus.CONNECTED);
        }
    }

    @Test
    void theNotifierSpeaksPlainSmtpToTheServersPortOnTheLoopbackAddress() {
        try (DemoWiring wiring = DemoWiring.create(directory, CLOCK)) {
            int port = wiring.smtpServer().getSmtp().getPort();
            SmtpSettings smtp = wiring.notifier().smtpSettings();
            assertThat(smtp.host()).isEqualTo("127.0.0.1");
            assertThat(smtp.port()).isEqualTo(port);
            assertThat(smtp.tlsMode()).isEqualTo(TlsMode.NONE);
            assertThat(wiring.inbox().serverAddress()).isEqualTo("127.0.0.1:" + port);
            assertThat(wiring.notifier().templates().branding().sender().value()).isEqualTo("no-reply@example-cloud.example");
            assertThat(wiring.notifier().templates().branding().productName()).isEqualTo("Example Cloud");
        }
    }

    @Test
    void closingStopsTheSmtpServerAndEveryThreadTheWiringStarted() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DemoWiring wiring = DemoWiring.create(directory, CLOCK);
        int port = wiring.smtpServer().getSmtp().getPort();
        wiring.tenants().register(SeedTenants.acmeReseller());
        wiring.tenants().register(SeedTenants.initech());
        wiring.delegation().addCustomerAccount(SeedTenants.janeAtAcme(), SeedTenants.initech().administratorEmail());
        wiring.dispatcher().drain();

        wiring.close();

        assertThat(wiring.smtpServer().isRunning()).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        List<Thread> left = List.of();
        // Up to 30 s, generous for a loaded 2-core machine: H2's writer threads end just after its store closes,
        // which JdbiStorage.close does before it returns (its pool could reopen the database: EmbeddedStorageCloseTest).
        for (int wait = 0; wait < 300; wait++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    // The JDK's shared pool, which ends its idle threads by itself.
                    .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool"))
                    .toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(left).as("threads still running: %s", left.stream().map(Thread::getName).collect(Collectors.joining(", ")))
                .isEmpty();
    }

    @Test
    void aPartThatCannotBeBuiltThrowsItsOwnTypedExceptionNotGuicesWrapper() {
        assertThatThrownBy(() -> DemoWiring.create(directory.resolve("db;INIT=RUNSCRIPT FROM 'evil.sql'"), CLOCK))
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void closingTwiceIsHarmless() {
        DemoWiring wiring = DemoWiring.create(directory, CLOCK);
        wiring.close();
        wiring.close();
        assertThat(wiring.smtpServer().isRunning()).isFalse();
    }
}
