package org.partnerdelegation.examples.web;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The demo mailbox: what the in-process SMTP server received, with each mail's HTML and text parts. */
final class MailReader {

    private MailReader() {
    }

    /** One received mail; {@code number} counts from 1 in the order the server received them. */
    record Mail(int number, String from, String to, String subject, Instant received, Optional<String> html, String text) {
    }

    /** Every mail, newest first. */
    static List<Mail> newestFirst(GreenMail server) {
        MimeMessage[] messages = server.getReceivedMessages();
        List<Mail> mails = new ArrayList<>();
        for (int i = messages.length - 1; i >= 0; i--) {
            mails.add(read(i + 1, messages[i]));
        }
        return mails;
    }

    /** The mail with {@code number}, if there is one. */
    static Optional<Mail> find(GreenMail server, int number) {
        MimeMessage[] messages = server.getReceivedMessages();
        return number < 1 || number > messages.length ? Optional.empty() : Optional.of(read(number, messages[number - 1]));
    }

    private static Mail read(int number, MimeMessage message) {
        try {
            Date date = message.getReceivedDate() != null ? message.getReceivedDate() : message.getSentDate();
            return new Mail(number, addresses(message.getFrom()), addresses(message.getRecipients(Message.RecipientType.TO)),
                    Objects.requireNonNullElse(message.getSubject(), ""), date == null ? Instant.EPOCH : date.toInstant(),
                    part(message, "text/html"), part(message, "text/plain").orElse("").replace("\r\n", "\n"));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Cannot read a received mail: " + e.getMessage(), e);
        }
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        List<String> all = new ArrayList<>();
        for (Address a : addresses) {
            all.add(a.toString());
        }
        return String.join(", ", all);
    }

    private static Optional<String> part(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type)) {
            return Optional.of(String.valueOf(part.getContent()));
        }
        if (part.isMimeType("multipart/*")) {
            Multipart parts = (Multipart) part.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                Optional<String> found = part(parts.getBodyPart(i), type);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
