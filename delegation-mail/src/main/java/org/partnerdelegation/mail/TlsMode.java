package org.partnerdelegation.mail;

/**
 * How the connection to the SMTP server is secured.
 *
 * <p>With {@link #STARTTLS} and {@link #SMTPS} the server's certificate is validated against
 * the JVM's trust store and must name the configured host, unless
 * {@link SmtpSettings#trustAnyCertificate()} says otherwise.
 */
public enum TlsMode {
    /**
     * Plain SMTP, never encrypted, even when the server offers STARTTLS: for a relay on the same
     * host or a private network, and for test servers. Usually port 25.
     */
    NONE,
    /**
     * Plain SMTP upgraded with STARTTLS before anything else is said; a server that does not
     * offer STARTTLS is refused and nothing is sent. Usually port 587.
     */
    STARTTLS,
    /** SMTP inside TLS from the first byte (implicit TLS, "SMTPS"). Usually port 465. */
    SMTPS
}
