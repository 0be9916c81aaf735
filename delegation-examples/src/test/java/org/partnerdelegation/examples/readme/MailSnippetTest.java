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
// tag::mail-languages[]
import java.util.Locale;
import org.partnerdelegation.core.port.TenantDirectory;
// end::mail-languages[]
import java.time.ZoneId;
import org.partnerdelegation.core.domain.TenantProfile;

/** The guide's "Mail notifications" (docs/guide/mail.md): the settings, templates and dispatcher as printed, mailing to a real SMTP server. */
class MailSnippetTest {

    // tag::mail[]
    /** The SMTP server: host, port, TLS mode (NONE, STARTTLS or SMTPS), optional login, timeout. */
    static SmtpSettings smtpServer(String passwordFromYourVault) {
        return SmtpSettings.of("smtp.example.com", 587, TlsMode.STARTTLS)
                .withAuthentication("mailer@example.com", passwordFromYourVault)   // toString() hides it
                .withTimeout(Duration.ofSeconds(10));          // connect, read and write; default 30 s
    }

    /** Your product's mails: the module's templates, with any kind replaced by your own (English) wording. */
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

    // tag::mail-languages[]
    /** Each mail in its recipient's language and time zone, as your TenantDirectory has them (TenantProfile). */
    static SimpleJavaMailNotifier mailerForEveryLanguage(SmtpSettings smtp, MailBranding branding, TenantDirectory tenants) {
        MailTemplates templates = MailTemplates.defaults(branding)               // English, German and French
                .with(Locale.GERMAN, NotificationType.INVITATION, MailTemplate.Part.SUBJECT,  // one German part: the bodies
                        "{{productName}}: Einladung von {{#partnerName}}{{partnerName}} "     // stay the module's German
                                + "({{partnerAccountNumber}}){{/partnerName}}{{^partnerName}}{{partnerAccountNumber}}{{/partnerName}}")
                .withResources(Locale.forLanguageTag("nl"), Thread.currentThread().getContextClassLoader(),
                        "myapp/mail/nl");      // your Dutch: <kind>.subject.txt, .text.txt, .html; a missing one is English
        return new SimpleJavaMailNotifier(smtp, templates, tenants);   // finds each recipient by its address
    }
    // end::mail-languages[]

    @Test
    void eachCustomerReadsItsInvitationInItsLanguageAndTimeZone() throws Exception {
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
        Tenant partner = tenants.register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
                EmailAddress.of("admin@acme.example"), true, TenantProfile.named("Acme Reseller")));
        tenants.register(new Tenant(TenantId.of("hooli"), AccountNumber.of("C-2003"), EmailAddress.of("admin@hooli.example"), false,
                TenantProfile.named("Hooli").withLocale(Locale.GERMAN).withTimeZone(ZoneId.of("Europe/Berlin"))));
        tenants.register(new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"), EmailAddress.of("admin@initech.example"),
                false, TenantProfile.named("Initech").withLocale(Locale.forLanguageTag("nl-BE"))));
        PartnerDelegation delegation = PartnerDelegation.builder().tenantDirectory(tenants)
                .delegationStore(new InMemoryDelegationStore()).sessionIssuer(new InMemorySessionIssuer()).build();
        MailBranding branding = new MailBranding("Acme Cloud", EmailAddress.of("no-reply@acme.example"), "Acme Cloud",
                "https://app.acme.example/delegation/accept?token=");
        try (SimpleJavaMailNotifier notifier = mailerForEveryLanguage(SmtpSettings.of("127.0.0.1", server.getSmtp().getPort(),
                TlsMode.NONE), branding, tenants);
             OutboxDispatcher dispatcher = OutboxDispatcher.builder(delegation).notifier(notifier).build()) {
            Principal jane = Principal.administrator(partner.id(), UserId.of("jane"));
            delegation.addCustomerAccount(jane, EmailAddress.of("admin@hooli.example"));
            delegation.addCustomerAccount(jane, EmailAddress.of("admin@initech.example"));
            dispatcher.drain();

            assertThat(server.waitForIncomingEmail(10_000, 2)).isTrue();
            MimeMessage german = mailTo(server, "admin@hooli.example");
            assertThat(german.getSubject()).isEqualTo("Acme Cloud: Einladung von Acme Reseller (P-1001)");
            assertThat(body(german)).startsWith("Guten Tag,").containsPattern("läuft am .+ \\d{2}:\\d{2} MES?Z ab");
            MimeMessage dutch = mailTo(server, "admin@initech.example");
            assertThat(dutch.getSubject()).isEqualTo("Acme Cloud: Acme Reseller nodigt u uit");
            assertThat(body(dutch)).startsWith("Hello,").contains("Acme Reseller (partner account P-1001, admin@acme.example)");
        } finally {
            server.stop();
        }
    }

    private static MimeMessage mailTo(GreenMail server, String recipient) throws Exception {
        for (MimeMessage m : server.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(recipient)) {
                return m;
            }
        }
        throw new AssertionError("no mail to " + recipient);
    }

    /** The plain-text part of a multipart/alternative mail. */
    private static String body(MimeMessage m) throws Exception {
        jakarta.mail.Multipart parts = (jakarta.mail.Multipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            jakarta.mail.BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                return ((String) part.getContent()).replace("\r\n", "\n");
            }
            if (part.isMimeType("multipart/*")) {
                jakarta.mail.Multipart inner = (jakarta.mail.Multipart) part.getContent();
                for (int j = 0; j < inner.getCount(); j++) {
                    if (inner.getBodyPart(j).isMimeType("text/plain")) {
                        return ((String) inner.getBodyPart(j).getContent()).replace("\r\n", "\n");
                    }
                }
            }
        }
        throw new AssertionError("no text part");
    }

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
