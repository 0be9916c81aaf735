package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
// tag::mail[]
import java.time.Duration;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.outbox.RetryPolicy;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.mail.*;
// end::mail[]

/** The guide's "Mail notifications" (docs/guide/mail.md): the settings, templates and dispatcher as printed, mailing to a real SMTP server. */
class MailSnippetTest {

    // tag::mail[]
    /** The SMTP server: host, port, TLS mode (NONE, STARTTLS or SMTPS), optional login, timeout. */
    static SmtpSettings smtpServer(String passwordFromYourVault) {
        return SmtpSettings.of("smtp.example.com", 587, TlsMode.STARTTLS)
                .withAuthentication("mailer@example.com", passwordFromYourVault)   // toString() hides it
                .withTimeout(Duration.ofSeconds(10));          // connect, read and write; default 30 s
    }

    /** Your product's mails: the module's English templates, with any kind replaced by your own wording. */
    static SimpleJavaMailNotifier mailer(SmtpSettings smtp) {
        // Your product: its name, the sender, and the page the invitation link opens (the token is appended, URL-encoded).
        MailBranding branding = new MailBranding("Acme Cloud", EmailAddress.of("no-reply@acme.example"), "Acme Cloud",
                "https://app.acme.example/delegation/accept?token=");
        MailTemplates templates = MailTemplates.defaults(branding)
                .with(NotificationType.INVITATION, MailTemplate.fromResources(
                        Thread.currentThread().getContextClassLoader(), "myapp/mail/invitation"))  // .subject.txt, .text.txt, .html
                .with(NotificationType.DECLINE_NOTICE, MailTemplate.of(
                        "{{productName}}: {{customerAccountNumber}} declined",
                        "{{customerEmail}} declined your invitation.",
                        "<p>{{customerEmail}} declined your invitation.</p>"));
        return new SimpleJavaMailNotifier(smtp, templates);   // thread-safe; close() at shutdown
    }

    /** The outbox dispatcher of your facade, delivering through the mailer. */
    static OutboxDispatcher dispatcher(PartnerDelegation delegation, SimpleJavaMailNotifier notifier) {
        OutboxDispatcher dispatcher = OutboxDispatcher.builder(delegation)
                .notifier(notifier)
                .retryPolicy(new RetryPolicy(8, Duration.ofSeconds(30), Duration.ofHours(1)))   // the default
                .build();
        dispatcher.start(Duration.ofSeconds(15));   // a daemon thread in your process drains the outbox, until close();
        return dispatcher;                          // or call dispatcher.drain() on demand (a cron job, a test)
    }
    // end::mail[]

    @Test
    void theSettingsHideThePassword() {
        assertThat(smtpServer("s3cret-from-the-vault").toString()).doesNotContain("s3cret-from-the-vault");
    }

    @Test
    void theInvitationGoesOutWithYourTemplateThroughARealSmtpServer() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
        Tenant partner = tenants.register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
                EmailAddress.of("admin@acme.example"), true));
        tenants.register(new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"), EmailAddress.of("admin@initech.example"), false));
        PartnerDelegation delegation = PartnerDelegation.builder().tenantDirectory(tenants)
                .delegationStore(new InMemoryDelegationStore()).sessionIssuer(new InMemorySessionIssuer()).build();
        try (SimpleJavaMailNotifier notifier = mailer(SmtpSettings.of("127.0.0.1", server.getSmtp().getPort(), TlsMode.NONE));
             OutboxDispatcher dispatcher = dispatcher(delegation, notifier)) {
            delegation.addCustomerAccount(Principal.administrator(partner.id(), UserId.of("jane")),
                    EmailAddress.of("admin@initech.example"));
            dispatcher.drain();                     // the schedule's next tick is 15 s away

            assertThat(server.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage mail = server.getReceivedMessages()[0];
            assertThat(mail.getSubject()).isEqualTo("Acme Cloud: admin@acme.example asks to manage your account");
            assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("admin@initech.example");
        } finally {
            server.stop();
        }
    }
}
