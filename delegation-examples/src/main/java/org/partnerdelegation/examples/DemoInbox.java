package org.partnerdelegation.examples;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recipients' mailboxes on the demo's in-process SMTP server, read as a mail client reads
 * them: each mail's recipient, subject and plain-text part, and in an invitation the Accept and
 * Login link as the text shows it. Nothing here looks at what the library sent; only at what the
 * server received.
 *
 * <p>Mails are listed by recipient (in address order) and, for each recipient, in the order their
 * mailbox received them. {@link #unread()} hands out each mail once, as a mail client shows new
 * mail. Thread-safe.
 */
public final class DemoInbox {

    private static final Comparator<ReceivedMail> BY_RECIPIENT = Comparator.comparing(ReceivedMail::recipient);

    private final GreenMail server;
    private final Pattern acceptLink;
    /** How many mails of each recipient's mailbox {@link #unread()} has handed out. */
    private final Map<String, Integer> handedOut = new HashMap<>();

    /**
     * An inbox over {@code server}'s mailboxes.
     *
     * @param server        the in-process SMTP server, started or not
     * @param acceptUrlBase the start of the invitation's Accept and Login link, as the mail branding has it
     */
    public DemoInbox(GreenMail server, String acceptUrlBase) {
        this.server = Objects.requireNonNull(server, "server");
        this.acceptLink = Pattern.compile(Pattern.quote(Objects.requireNonNull(acceptUrlBase, "acceptUrlBase")) + "\\S+");
    }

    /** {@code host:port} of the server's SMTP service, such as {@code 127.0.0.1:41025}; the server must have started. */
    public String serverAddress() {
        return server.getSmtp().getBindTo() + ":" + server.getSmtp().getPort();
    }

    /** How many mails the server has received, in all mailboxes. */
    public int receivedCount() {
        return server.getReceivedMessages().length;
    }

    /** Every mail the server has received, by recipient and then in the order each mailbox received them. */
    public List<ReceivedMail> received() {
        List<ReceivedMail> all = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            all.add(readMail(message));
        }
        all.sort(BY_RECIPIENT); // stable: each mailbox keeps its own order
        return List.copyOf(all);
    }

    /** The mails received since the previous call, in the order of {@link #received()}; each is handed out once. */
    public synchronized List<ReceivedMail> unread() {
        List<ReceivedMail> fresh = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (ReceivedMail mail : received()) {
            int position = seen.merge(mail.recipient(), 1, Integer::sum);
            if (position > handedOut.getOrDefault(mail.recipient(), 0)) {
                fresh.add(mail);
            }
        }
        handedOut.putAll(seen);
        return List.copyOf(fresh);
    }

    /** The latest mail to {@code recipient} (compared case-insensitively) that carries an Accept and Login link. */
    public Optional<ReceivedMail> latestInvitationTo(String recipient) {
        Objects.requireNonNull(recipient, "recipient");
        String address = recipient.strip().toLowerCase(Locale.ROOT);
        List<ReceivedMail> invitations = received().stream()
                .filter(mail -> mail.recipient().equals(address) && mail.acceptLink().isPresent())
                .toList();
        return invitations.isEmpty() ? Optional.empty() : Optional.of(invitations.get(invitations.size() - 1));
    }

    /**
     * The invitation token a link carries: its {@code token} query parameter, URL-decoded, as the
     * host's Accept and Login page reads it.
     *
     * @throws IllegalArgumentException when the link is not a URL or has no {@code token} parameter
     */
    public static String tokenFrom(String link) {
        Objects.requireNonNull(link, "link");
        String query;
        try {
            query = new URI(link).getRawQuery();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a link: " + e.getMessage(), e);
        }
        if (query != null) {
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                if (equals > 0 && parameter.substring(0, equals).equals("token")) {
                    return URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IllegalArgumentException("The link has no token parameter");
    }

    private ReceivedMail readMail(MimeMessage message) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            if (to == null || to.length == 0) {
                throw new IllegalStateException("A received mail has no To address");
            }
            String recipient = ((InternetAddress) to[0]).getAddress().toLowerCase(Locale.ROOT);
            String text = textPart(message).orElse("");
            Matcher link = acceptLink.matcher(text);
            return new ReceivedMail(recipient, Objects.requireNonNullElse(message.getSubject(), ""), text,
                    link.find() ? Optional.of(link.group()) : Optional.empty());
        } catch (MessagingException e) {
            throw new IllegalStateException("Cannot read a received mail: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a received mail", e);
        }
    }

    /** The first {@code text/plain} part, looking into {@code multipart/*} parts; line ends as LF. */
    private static Optional<String> textPart(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return Optional.of(((String) part.getContent()).replace("\r\n", "\n"));
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                Optional<String> text = textPart(parts.getBodyPart(i));
                if (text.isPresent()) {
                    return text;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * One mail as its recipient's mail client shows it.
     *
     * @param recipient  the To address, in lower case
     * @param subject    the decoded subject
     * @param text       the plain-text part, with LF line ends; empty when the mail has none
     * @param acceptLink the first Accept and Login link in the text part; present in an invitation
     */
    public record ReceivedMail(String recipient, String subject, String text, Optional<String> acceptLink) {

        public ReceivedMail {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(acceptLink, "acceptLink");
        }

        /** The token of the Accept and Login link, as {@link DemoInbox#tokenFrom(String)} reads it. */
        public Optional<String> invitationToken() {
            return acceptLink.map(DemoInbox::tokenFrom);
        }

        /** Holds the text, which carries the invitation's link: only the recipient and the subject. */
        @Override
        public String toString() {
            return "ReceivedMail[to=" + recipient + ", subject=" + subject + "]";
        }
    }
}
