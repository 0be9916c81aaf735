package org.partnerdelegation.mail;

import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.port.TenantDirectory;
import org.simplejavamail.api.email.Email;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;

/**
 * The {@link Notifier} that mails every notification through an SMTP server with Simple Java
 * Mail: one message per notification, to its recipient, from the branding's sender, with a
 * plain-text and an HTML part ({@code multipart/alternative}) rendered from {@link MailTemplates}.
 * The invitation carries the Accept and Login link with its token, and the change request the
 * Approve or decline link with its own; the other notices show the roles and the end date they
 * concern.
 *
 * <pre>{@code
 * SmtpSettings smtp = SmtpSettings.of("smtp.example.com", 587, TlsMode.STARTTLS)
 *         .withAuthentication("mailer@example.com", secret)
 *         .withTimeout(Duration.ofSeconds(10));
 * MailBranding branding = new MailBranding("Acme Cloud", EmailAddress.of("no-reply@acme.example"),
 *         "Acme Cloud", "https://app.acme.example/delegation/accept?token=");
 * SimpleJavaMailNotifier notifier = new SimpleJavaMailNotifier(smtp, MailTemplates.defaults(branding));
 *
 * // The dispatcher takes its store, directory, clock and settings from the facade.
 * OutboxDispatcher dispatcher = OutboxDispatcher.builder(partnerDelegation)
 *         .notifier(notifier)
 *         .build();
 * dispatcher.start(Duration.ofSeconds(30));   // or dispatcher.drain() when you choose
 * ...
 * dispatcher.close();
 * notifier.close();
 * }</pre>
 *
 * <p><b>Language and time zone.</b> Built with the host's {@link TenantDirectory}, the notifier
 * writes each mail for its reader: it looks the recipient up by its address
 * ({@link TenantDirectory#findByAdministratorEmail}) and renders the templates in that tenant's
 * {@linkplain TenantProfile#locale() language} (the reader's locale, its language, then English,
 * part by part: see {@link MailTemplates}) with times in its
 * {@linkplain TenantProfile#timeZone() time zone}, the zone shown ({@code 7. Dezember 2026, 19:05 MEZ}).
 * A recipient the directory does not know, and every recipient of a notifier built without a
 * directory, reads English in UTC. The partner's and the customer's display names come with the
 * notification itself (the dispatcher reads them from the facade's directory).
 *
 * <pre>{@code
 * SimpleJavaMailNotifier notifier = new SimpleJavaMailNotifier(smtp, MailTemplates.defaults(branding),
 *         storage.tenantDirectory());   // or your own TenantDirectory
 * }</pre>
 *
 * <p>{@link #deliver} sends synchronously, in the caller's thread (the dispatcher's), and returns
 * once the server accepted the message. When it cannot, it throws a {@link DelegationException}
 * with {@link ErrorCode#NOTIFICATION_FAILED}, naming the server's {@code host:port} and its
 * refusal, with the transport's exception as the cause; the dispatcher keeps the outbox entry and
 * retries it with backoff. A subject or sender that would not be a safe mail header is refused with
 * {@link ErrorCode#INVALID_INPUT} before anything is sent.
 *
 * <p>The token (of an invitation or a change request) appears in the mail body only: never in a
 * header, an exception message or a log line of this class. Nor does an email address in clear: log lines and the exception
 * messages (which the dispatcher logs and keeps as the entry's last error) show addresses masked,
 * {@code j***@example.com}, the recipient's and any address in the server's reply alike. Simple
 * Java Mail logs whole messages at TRACE level (logger {@code org.simplejavamail}); keep that
 * logger above TRACE in production, or the links and addresses end up in your logs.
 *
 * <p>Thread-safe: one instance serves any number of dispatcher threads, opening one SMTP
 * connection per mail. {@link #close()} releases Simple Java Mail's resources; deliveries after
 * it are not supported. Arguments must not be null ({@link NullPointerException} naming them).
 */
public final class SimpleJavaMailNotifier implements Notifier, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SimpleJavaMailNotifier.class.getName());

    /** Names the outbox entry a mail comes from, for support and for spotting a repeated delivery. */
    static final String NOTIFICATION_HEADER = "X-Partner-Delegation-Notification";

    private final SmtpSettings smtp;
    private final MailTemplates templates;
    private final Optional<TenantDirectory> readers;
    private final Mailer mailer;

    /**
     * Builds the notifier that writes every mail in English with times in UTC; it does not connect
     * to the server until the first delivery.
     *
     * @param smtp      where and how to reach the SMTP server
     * @param templates the branding and the wording of the mails
     * @throws NullPointerException when either is null
     */
    public SimpleJavaMailNotifier(SmtpSettings smtp, MailTemplates templates) {
        this(smtp, templates, Optional.empty());
    }

    /**
     * Builds the notifier that writes each mail in its recipient's language and time zone, as the
     * directory has them; it does not connect to the server until the first delivery.
     *
     * @param smtp      where and how to reach the SMTP server
     * @param templates the branding and the wording of the mails, in every language they are written in
     * @param readers   where the recipients' tenants are found by their administrator's address: usually the
     *                  directory the facade uses
     * @throws NullPointerException when an argument is null
     */
    public SimpleJavaMailNotifier(SmtpSettings smtp, MailTemplates templates, TenantDirectory readers) {
        this(smtp, templates, Optional.of(Objects.requireNonNull(readers, "readers")));
    }

    private SimpleJavaMailNotifier(SmtpSettings smtp, MailTemplates templates, Optional<TenantDirectory> readers) {
        this.smtp = Objects.requireNonNull(smtp, "smtp");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.readers = readers;
        this.mailer = buildMailer(smtp);
    }

    private static Mailer buildMailer(SmtpSettings smtp) {
        var builder = MailerBuilder
                .withSMTPServer(smtp.host(), smtp.port(), smtp.username().orElse(null), smtp.password().orElse(null))
                .withTransportStrategy(strategy(smtp.tlsMode()))
                .withSessionTimeout((int) smtp.timeout().toMillis())
                // Explicit, so that neither Simple Java Mail's defaults (it trusts every host by default)
                // nor a simplejavamail.properties on the host's class path weaken or change what the host configured.
                .trustingAllHosts(smtp.trustAnyCertificate())
                .verifyingServerIdentity(!smtp.trustAnyCertificate())
                .clearEmailDefaults()
                .clearEmailOverrides();
        if (smtp.tlsMode() == TlsMode.NONE) {
            // Simple Java Mail's plain SMTP upgrades opportunistically when offered; NONE means plain.
            builder.withProperty("mail.smtp.starttls.enable", "false");
        }
        return builder.buildMailer();
    }

    private static TransportStrategy strategy(TlsMode mode) {
        return switch (mode) {
            case NONE -> TransportStrategy.SMTP;
            case STARTTLS -> TransportStrategy.SMTP_TLS;
            case SMTPS -> TransportStrategy.SMTPS;
        };
    }

    /**
     * Renders and sends one notification, returning once the SMTP server accepted it.
     *
     * @throws DelegationException {@code NOTIFICATION_FAILED} when the server cannot be reached or
     *                             refuses, or the directory cannot be read (retry later);
     *                             {@code INVALID_INPUT} when a header value is unsafe (nothing was sent)
     */
    @Override
    public void deliver(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        Email email = compose(notification, reader(notification));
        try {
            mailer.sendMail(email);
        } catch (RuntimeException e) {
            throw SmtpFailures.translate(e, smtp, notification);
        }
        LOG.log(System.Logger.Level.DEBUG, "Mailed notification {0} ({1}) to {2} through {3}",
                notification.id(), notification.type(), notification.recipient().masked(), smtp.address());
    }

    /**
     * The recipient's profile as the directory has it now; the defaults (English, UTC) without a
     * directory or for an address it does not know. A directory that fails is a delivery that
     * fails: the dispatcher retries it, rather than the mail going out in a language its reader
     * may not read.
     */
    TenantProfile reader(Notification n) {
        if (readers.isEmpty()) {
            return TenantProfile.DEFAULTS;
        }
        try {
            return readers.get().findByAdministratorEmail(n.recipient()).map(Tenant::profile).orElse(TenantProfile.DEFAULTS);
        } catch (RuntimeException e) {
            throw new DelegationException(ErrorCode.NOTIFICATION_FAILED, "Could not read the language and time zone of "
                    + n.recipient().masked() + " from the tenant directory (" + MailText.maskEmails(String.valueOf(e.getMessage()))
                    + "); notification " + n.id() + " was not sent", e);
        }
    }

    /** Everything that can be refused is refused here, before a connection is opened. */
    Email compose(Notification n) {
        return compose(n, TenantProfile.DEFAULTS);
    }

    Email compose(Notification n, TenantProfile reader) {
        RenderedMail mail = templates.render(n, reader);
        MailBranding branding = templates.branding();
        return EmailBuilder.startingBlank()
                .from(MailText.requireHeaderSafe(branding.senderName(), "senderName"),
                        MailText.requireHeaderSafe(branding.sender().value(), "sender"))
                .to(MailText.requireHeaderSafe(n.recipient().value(), "recipient"))
                .withSubject(mail.subject())
                .withPlainText(mail.text())
                .withHTMLText(mail.html())
                .withHeader(NOTIFICATION_HEADER, n.id().toString())
                .buildEmail();
    }

    /** {@return the SMTP server settings this notifier was built with} */
    public SmtpSettings smtpSettings() {
        return smtp;
    }

    /** {@return the branding and templates the mails are rendered from} */
    public MailTemplates templates() {
        return templates;
    }

    /** {@return where the recipients' languages and time zones are read; empty when every mail is English in UTC} */
    public Optional<TenantDirectory> readers() {
        return readers;
    }

    /** Releases Simple Java Mail's thread pool. Idempotent. */
    @Override
    public void close() {
        try {
            mailer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the mailer for " + smtp.address() + " failed", e);
        }
    }

    /** The underlying mailer, for this package's tests. */
    Mailer mailer() {
        return mailer;
    }

    @Override
    public String toString() {
        return "SimpleJavaMailNotifier[" + smtp + "]";
    }
}
