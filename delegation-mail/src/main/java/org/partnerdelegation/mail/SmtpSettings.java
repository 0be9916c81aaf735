package org.partnerdelegation.mail;

import java.time.Duration;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * Where and how {@link SimpleJavaMailNotifier} reaches the SMTP server.
 *
 * <pre>{@code
 * SmtpSettings smtp = SmtpSettings.of("smtp.example.com", 587, TlsMode.STARTTLS)
 *         .withAuthentication("mailer@example.com", secretFromYourVault)
 *         .withTimeout(Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>Simple Java Mail applies one session timeout to connecting, to waiting for each reply of
 * the server and to each write, so there is one {@link #timeout()} for all three. Keep it short:
 * the outbox dispatcher sends one mail after another, and a hung server delays the rest of the
 * batch by at most this much per mail (the failed one is retried later).
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password, and masks a username
 * that is an email address. Every argument is required (none may be null); a bad one is refused
 * with a {@link DelegationException} of code {@code INVALID_INPUT} that names it.
 *
 * @param host                  the server's host name or IP address
 * @param port                  the server's port, 1 to 65535
 * @param tlsMode               how the connection is secured
 * @param username              the login, when the server wants authentication; empty otherwise
 * @param password              the password, present exactly when {@code username} is
 * @param timeout               connect, read and write timeout of the SMTP conversation, 1 ms to
 *                              {@link Integer#MAX_VALUE} ms
 * @param trustAnyCertificate   accept any certificate the server presents, without validating
 *                              it or its host name: only for a relay with a self-signed
 *                              certificate on a network you control, or a test server. Has no
 *                              effect with {@link TlsMode#NONE}.
 */
public record SmtpSettings(String host, int port, TlsMode tlsMode, Optional<String> username, Optional<String> password,
                           Duration timeout, boolean trustAnyCertificate) {

    /** The timeout {@link #of(String, int, TlsMode)} starts with. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_HOST_LENGTH = 253;

    /**
     * Validates the settings.
     *
     * @param host                the server's host name or IP address: 1 to 253 characters, without
     *                            whitespace, control characters, {@code /} or {@code @}
     * @param port                the server's port, 1 to 65535
     * @param tlsMode             how the connection is secured
     * @param username            the login; empty for a server without authentication; not blank, one line
     * @param password            the password, present exactly when {@code username} is; not empty
     * @param timeout             connect, read and write timeout, 1 ms to {@link Integer#MAX_VALUE} ms
     * @param trustAnyCertificate accept any certificate without validating it (test servers and private relays only)
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or refused
     */
    public SmtpSettings {
        DelegationException.requireArgument(host, "host");
        if (host.isBlank() || host.length() > MAX_HOST_LENGTH) {
            throw DelegationException.invalidInput("host", "must have 1 to " + MAX_HOST_LENGTH + " characters");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '/' || c == '@') {
                throw DelegationException.invalidInput("host", "must be a host name or an IP address, got \"" + host.strip() + "\"");
            }
        }
        if (port < 1 || port > 65535) {
            throw DelegationException.invalidInput("port", "must be between 1 and 65535, got " + port);
        }
        DelegationException.requireArgument(tlsMode, "tlsMode");
        DelegationException.requireArgument(username, "username");
        DelegationException.requireArgument(password, "password");
        if (username.isPresent() != password.isPresent()) {
            throw DelegationException.invalidInput("password", "must be given exactly when a username is");
        }
        username.ifPresent(u -> {
            if (u.isBlank()) {
                throw DelegationException.invalidInput("username", "must not be blank");
            }
            MailText.requireHeaderSafe(u, "username");
        });
        password.ifPresent(p -> {
            if (p.isEmpty()) {
                throw DelegationException.invalidInput("password", "must not be empty");
            }
        });
        DelegationException.requireArgument(timeout, "timeout");
        if (timeout.isNegative() || timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw DelegationException.invalidInput("timeout", "must be between 1 ms and " + Integer.MAX_VALUE + " ms, got " + timeout);
        }
    }

    /**
     * A server without authentication, with the {@link #DEFAULT_TIMEOUT} and certificate validation.
     *
     * @param host    the server's host name or IP address
     * @param port    the server's port, 1 to 65535
     * @param tlsMode how the connection is secured
     * @return the settings
     * @throws DelegationException {@code INVALID_INPUT} naming the argument that is missing or refused
     */
    public static SmtpSettings of(String host, int port, TlsMode tlsMode) {
        return new SmtpSettings(host, port, tlsMode, Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT, false);
    }

    /**
     * The same settings, logging in with this username and password.
     *
     * @param username the login; not blank, one line
     * @param password the password; not empty. Read it from a secret store, not from source code
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} naming the argument that is missing or refused
     */
    public SmtpSettings withAuthentication(String username, String password) {
        DelegationException.requireArgument(username, "username");
        DelegationException.requireArgument(password, "password");
        return new SmtpSettings(host, port, tlsMode, Optional.of(username), Optional.of(password), timeout, trustAnyCertificate);
    }

    /**
     * The same settings with another connect, read and write timeout.
     *
     * @param timeout 1 ms to {@link Integer#MAX_VALUE} ms
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is missing or out of range
     */
    public SmtpSettings withTimeout(Duration timeout) {
        return new SmtpSettings(host, port, tlsMode, username, password, timeout, trustAnyCertificate);
    }

    /**
     * The same settings, accepting any certificate the server presents. Only for a relay with
     * a self-signed certificate on a network you control, or a test server.
     *
     * @return the changed copy, with {@link #trustAnyCertificate()} true
     */
    public SmtpSettings trustingAnyCertificate() {
        return new SmtpSettings(host, port, tlsMode, username, password, timeout, true);
    }

    /** {@return {@code host:port}, as error messages name the server; an IPv6 host in brackets} */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", tlsMode=" + tlsMode
                + ", username=" + username.map(MailText::maskEmails).orElse("(none)") + ", password=" + (password.isPresent() ? "(hidden)" : "(none)")
                + ", timeout=" + timeout + ", trustAnyCertificate=" + trustAnyCertificate + "]";
    }
}
