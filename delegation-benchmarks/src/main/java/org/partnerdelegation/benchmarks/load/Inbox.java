package org.partnerdelegation.benchmarks.load;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customers' mailboxes: reads what the run's SMTP server (GreenMail) received, counts the
 * mails of each outbox entry (by the header the SMTP notifier names it in), and hands each
 * invitation link to the thread that owns the invited customer. Used by one thread at a time.
 */
final class Inbox {

    /** Where an invitation token goes: thread {@code g}, its customer {@code i}. */
    interface Router {
        void route(int g, int i, String token);
    }

    /** The header {@code SimpleJavaMailNotifier} names the outbox entry in. */
    static final String NOTIFICATION_HEADER = "X-Partner-Delegation-Notification";
    private static final Pattern LINK = Pattern.compile(Pattern.quote(NodePlan.ACCEPT_BASE) + "(\\S+)");

    private final GreenMail server;
    private final LoadTenants tenants;
    private final Router router;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Integer> perNotification = new HashMap<>();
    private int withoutHeader;

    Inbox(GreenMail server, LoadTenants tenants, Router router) {
        this.server = server;
        this.tenants = tenants;
        this.router = router;
    }

    /** Reads the mails received since the last call. */
    synchronized void poll() {
        for (MimeMessage m : server.getReceivedMessages()) {
            try {
                String id = m.getMessageID();
                String[] header = m.getHeader(NOTIFICATION_HEADER);
                String key = id + "/" + (header == null ? "" : header[0]);
                if (!seen.add(key)) {
                    continue;
                }
                if (header == null) {
                    withoutHeader++;
                    continue;
                }
                perNotification.merge(header[0].strip(), 1, Integer::sum);
                Address[] to = m.getRecipients(Message.RecipientType.TO);
                if (to == null || to.length == 0) {
                    continue;
                }
                int[] owner = tenants.customerOf(((InternetAddress) to[0]).getAddress());
                if (owner == null) {
                    continue;
                }
                String text = text(m);
                Matcher link = text == null ? null : LINK.matcher(text);
                if (link != null && link.find()) {
                    router.route(owner[0], owner[1], URLDecoder.decode(link.group(1), StandardCharsets.UTF_8));
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException("Reading a received mail failed: " + e.getMessage(), e);
            }
        }
    }

    /** Mails received per outbox entry, by notification id. */
    synchronized Map<String, Integer> perNotification() {
        return new HashMap<>(perNotification);
    }

    /** Mails received without the notifier's header. */
    synchronized int withoutHeader() {
        return withoutHeader;
    }

    private static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String t = text(mp.getBodyPart(i));
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }
}
