package org.partnerdelegation.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.mail.MailBranding;
import org.partnerdelegation.mail.MailTemplates;
import org.partnerdelegation.mail.SimpleJavaMailNotifier;
import org.partnerdelegation.mail.SmtpSettings;
import org.partnerdelegation.mail.TlsMode;

/**
 * The notifier: {@code delegation-mail}'s {@link SimpleJavaMailNotifier}, mailing every
 * notification through SMTP to an SMTP server the demo starts in its own process (GreenMail) on a
 * free port of the loopback address. The {@link DemoInbox} reads what that server received, as the
 * recipients' mail clients would. The server keeps every mail it receives as a file in the mail
 * directory, and loads those files back when it starts, so that its mailboxes outlive a restart.
 *
 * <p>A host binds its own relay instead: it provides {@link SmtpSettings} for its server (say
 * {@code SmtpSettings.of("smtp.example.com", 587, TlsMode.STARTTLS).withAuthentication(...)}), its
 * own {@link MailBranding}, and drops the in-process server and the inbox; the notifier and
 * everything else stay as they are. The notifier reads each recipient's language and time zone from
 * the {@link TenantDirectory} the storage module provides (Hooli's mails are German).
 *
 * <p>The server starts when it is first needed (when the injector creates the notifier); whoever
 * asks for it stops it, as {@link DemoWiring#close()} does, together with closing the notifier.
 */
public final class DemoMailModule extends AbstractModule {

    /** The address the in-process SMTP server listens on: the loopback address, never a network interface. */
    public static final String LOOPBACK = "127.0.0.1";
    /** The product name the mails show. */
    public static final String PRODUCT_NAME = "Example Cloud";
    /** The From address of every mail. */
    public static final String SENDER = "no-reply@example-cloud.example";
    /** Where the host serves the Accept and Login page; the invitation's link is this followed by the URL-encoded token. */
    public static final String ACCEPT_URL_BASE = "https://app.example.com/delegation/accept?token=";
    /** Connect, read and write timeout towards the in-process server: it answers at once or not at all. */
    static final Duration SMTP_TIMEOUT = Duration.ofSeconds(5);

    private final Path mailDirectory;

    /**
     * The module over {@code mailDirectory}, where the in-process server keeps the mails it
     * receives (one {@code .eml} file each); created if missing.
     */
    public DemoMailModule(Path mailDirectory) {
        this.mailDirectory = Objects.requireNonNull(mailDirectory, "mailDirectory");
    }

    @Provides
    @SmtpHost
    String smtpHost() {
        return LOOPBACK;
    }

    /**
     * The in-process SMTP server, started on a free port; nothing else (no IMAP, no POP3). Its
     * mailboxes hold the mails kept in the mail directory, and each mail it receives is kept there.
     */
    @Provides
    @Singleton
    GreenMail smtpServer(@SmtpHost String host) {
        // Port 0: the operating system picks a free one, so the demo never collides with a local mail server.
        GreenMail server = new GreenMail(new ServerSetup(0, host, ServerSetup.PROTOCOL_SMTP));
        DemoMailArchive.attach(server, mailDirectory, Clock.systemUTC());
        server.start();
        return server;
    }

    /** The port the server is bound to, known once it has started. */
    @Provides
    @SmtpPort
    int smtpPort(GreenMail server) {
        return server.getSmtp().getPort();
    }

    /** Plain SMTP without login, as a relay on the same host is usually reached. */
    @Provides
    SmtpSettings smtpSettings(@SmtpHost String host, @SmtpPort int port) {
        return SmtpSettings.of(host, port, TlsMode.NONE).withTimeout(SMTP_TIMEOUT);
    }

    @Provides
    @AcceptUrlBase
    String acceptUrlBase() {
        return ACCEPT_URL_BASE;
    }

    @Provides
    MailBranding branding(@AcceptUrlBase String acceptUrlBase) {
        return new MailBranding(PRODUCT_NAME, EmailAddress.of(SENDER), PRODUCT_NAME, acceptUrlBase);
    }

    /** The module's own wording in English, German and French; a host replaces any part, per language, with {@code .with(...)}. */
    @Provides
    MailTemplates templates(MailBranding branding) {
        return MailTemplates.defaults(branding);
    }

    /** Each mail in its recipient's language and time zone, as the tenant directory has them. */
    @Provides
    @Singleton
    SimpleJavaMailNotifier mailNotifier(SmtpSettings smtp, MailTemplates templates, TenantDirectory readers) {
        return new SimpleJavaMailNotifier(smtp, templates, readers);
    }

    @Provides
    Notifier notifier(SimpleJavaMailNotifier notifier) {
        return notifier;
    }

    @Provides
    @Singleton
    DemoInbox inbox(GreenMail server, @AcceptUrlBase String acceptUrlBase) {
        return new DemoInbox(server, acceptUrlBase);
    }
}
