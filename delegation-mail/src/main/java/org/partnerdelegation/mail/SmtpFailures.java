package org.partnerdelegation.mail;

import jakarta.mail.AuthenticationFailedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;

/**
 * Turns whatever Simple Java Mail or the SMTP transport threw into a {@code NOTIFICATION_FAILED}
 * whose message says which server refused what, in words an operator can act on. The message ends
 * up in log lines and in the outbox entry's last error, so it carries no secret: no password, no
 * token, and every email address masked ({@code j***@example.com}), the server's reply included.
 */
final class SmtpFailures {

    private static final int MAX_REASON_LENGTH = 600;
    private static final String SJM_PACKAGE = "org.simplejavamail.";

    private SmtpFailures() {
    }

    static DelegationException translate(RuntimeException e, SmtpSettings smtp, Notification n) {
        String message = "The SMTP server " + smtp.address() + " (" + smtp.tlsMode() + ") did not take the "
                + n.type() + " notification " + n.id() + " for " + n.recipient().masked() + ": " + reason(e, smtp);
        return new DelegationException(ErrorCode.NOTIFICATION_FAILED, message, e);
    }

    /**
     * What went wrong, from the causes the transport gave. Simple Java Mail's own wrappers are
     * skipped: their text repeats the subject and says only "Third party error".
     */
    private static String reason(Throwable e, SmtpSettings smtp) {
        List<Throwable> chain = chain(e);
        String hint = hint(chain);
        List<String> parts = new ArrayList<>();
        for (Throwable t : chain) {
            if (t.getClass().getName().startsWith(SJM_PACKAGE) && t.getCause() != null) {
                continue;
            }
            String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            String part = t.getClass().getSimpleName() + ": " + text;
            if (parts.stream().noneMatch(p -> p.contains(text))) {
                parts.add(part);
            }
        }
        String reason = (hint.isEmpty() ? "" : hint + "; ") + String.join(" <- ", parts);
        // The server's reply may span lines; and no secret of ours belongs in an error message.
        reason = reason.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (smtp.password().isPresent()) {
            reason = reason.replace(smtp.password().get(), "(hidden)");
        }
        // A refusal often quotes the address ("550 <jane@example.com>: unknown user"); logs must not.
        reason = MailText.maskEmails(reason);
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
    }

    private static String hint(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof AuthenticationFailedException) {
                return "the server refused the login (check the SMTP username and password)";
            }
            if (t instanceof ConnectException) {
                return "nothing accepts connections there (server down, or wrong host or port)";
            }
            if (t instanceof UnknownHostException) {
                return "the host name does not resolve";
            }
            if (t instanceof SocketTimeoutException) {
                return "the server did not answer in time";
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "the TLS handshake failed (check the TLS mode and the server's certificate)";
            }
        }
        return "";
    }

    private static List<Throwable> chain(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
