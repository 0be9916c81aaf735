package org.partnerdelegation.spring.boot.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.mail.MailBranding;
import org.partnerdelegation.mail.MailTemplates;
import org.partnerdelegation.mail.SmtpSettings;
import org.partnerdelegation.mail.TlsMode;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The SMTP server and the branding of the mail notifier: the server from the library's
 * {@code partner-delegation.mail.*} when its host is set, else from Spring's {@code spring.mail.*};
 * the branding always from the library's.
 */
record MailSettings(SmtpSettings smtp, MailTemplates templates) {

    private static final String PREFIX = "partner-delegation.mail.";

    static MailSettings from(PartnerDelegationProperties.Mail mail, Binder binder) {
        SmtpSettings smtp = hasText(mail.getHost()) ? ownServer(mail) : springServer(binder, mail);
        String sender = require(mail.getSender(), "sender", "the From address of every mail, such as no-reply@example.com");
        String acceptUrlBase = require(mail.getAcceptUrlBase(), "accept-url-base",
                "the URL of your Accept page the invitation's token is appended to, such as https://app.example.com/partner/accept?token=");
        MailBranding branding = new MailBranding(mail.getProductName(), EmailAddress.of(sender),
                hasText(mail.getSenderName()) ? mail.getSenderName() : mail.getProductName(), acceptUrlBase);
        if (hasText(mail.getPartnerAccessUrl())) {
            branding = branding.withPartnerAccessUrl(mail.getPartnerAccessUrl());
        }
        return new MailSettings(smtp, MailTemplates.defaults(branding));
    }

    private static SmtpSettings ownServer(PartnerDelegationProperties.Mail mail) {
        SmtpSettings smtp = SmtpSettings.of(mail.getHost(), mail.getPort(), tlsMode(mail.getTlsMode())).withTimeout(mail.getTimeout());
        return authenticated(smtp, mail.getUsername(), mail.getPassword(), PREFIX);
    }

    /**
     * Spring's settings as {@code JavaMailSenderImpl} reads them: {@code smtps} (or {@code ssl.enabled},
     * or {@code mail.smtp.ssl.enable}) means implicit TLS, {@code mail.smtp.starttls.enable} STARTTLS,
     * anything else plain SMTP; the port JavaMail's default for that protocol when unset.
     */
    private static SmtpSettings springServer(Binder binder, PartnerDelegationProperties.Mail mail) {
        String host = binder.bind("spring.mail.host", String.class).get();
        String protocol = binder.bind("spring.mail.protocol", String.class).orElse("smtp");
        Map<String, String> extra = binder.bind("spring.mail.properties", Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        boolean ssl = "smtps".equalsIgnoreCase(protocol) || binder.bind("spring.mail.ssl.enabled", Boolean.class).orElse(false)
                || Boolean.parseBoolean(extra.get("mail.smtp.ssl.enable"));
        boolean startTls = Boolean.parseBoolean(extra.get("mail.smtp.starttls.enable"))
                || Boolean.parseBoolean(extra.get("mail.smtp.starttls.required"));
        TlsMode mode = ssl ? TlsMode.SMTPS : startTls ? TlsMode.STARTTLS : TlsMode.NONE;
        if (mode == TlsMode.NONE && !isLoopback(host)) {
            // Spring's own sender would do the same, but these mails carry invitation links: say it where operators look.
            System.getLogger(MailSettings.class.getName()).log(System.Logger.Level.WARNING, "Partner delegation mails through"
                    + " spring.mail.host " + host + " over plain SMTP (no TLS): the invitation links, and the SMTP password if one"
                    + " is set, cross the network unencrypted. Set spring.mail.properties.mail.smtp.starttls.enable=true (or"
                    + " spring.mail.protocol=smtps), or give the library its own partner-delegation.mail.* settings");
        }
        int port = binder.bind("spring.mail.port", Integer.class).orElse(mode == TlsMode.SMTPS ? 465 : 25);
        SmtpSettings smtp = SmtpSettings.of(host, port, mode).withTimeout(mail.getTimeout());
        return authenticated(smtp, binder.bind("spring.mail.username", String.class).orElse(null),
                binder.bind("spring.mail.password", String.class).orElse(null), "spring.mail.");
    }

    private static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    private static SmtpSettings authenticated(SmtpSettings smtp, String username, String password, String prefix) {
        if (!hasText(username)) {
            return smtp;
        }
        if (password == null || password.isEmpty()) {
            throw DelegationException.invalidInput(prefix + "password", "is not set, but " + prefix + "username is: set both, or"
                    + " neither for a server without authentication");
        }
        return smtp.withAuthentication(username, password);
    }

    private static TlsMode tlsMode(String value) {
        String mode = DelegationException.requireArgument(value, PREFIX + "tls-mode").strip().toUpperCase(Locale.ROOT);
        return switch (mode) {
            case "NONE" -> TlsMode.NONE;
            case "STARTTLS" -> TlsMode.STARTTLS;
            case "SMTPS" -> TlsMode.SMTPS;
            default -> throw DelegationException.invalidInput(PREFIX + "tls-mode", "must be none, starttls or smtps, got '"
                    + Optional.of(value).map(v -> v.length() > 20 ? v.substring(0, 20) + "..." : v).get() + "'");
        };
    }

    private static String require(String value, String key, String what) {
        if (!hasText(value)) {
            throw DelegationException.invalidInput(PREFIX + key, "is not set: mail is on (an SMTP host is configured), and it"
                    + " needs " + what + ". Set it, or turn the library's mail off with partner-delegation.mail.enabled=false.");
        }
        return value;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
