package org.partnerdelegation.mail;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A mail as the SMTP server received it, read as a mail client would. */
record ReceivedMail(List<String> to, String fromAddress, String fromName, String subject, String contentType,
                    List<String> partTypes, Optional<String> text, Optional<String> html, Optional<String> notificationId) {

    static ReceivedMail of(MimeMessage m) {
        try {
            List<String> to = Arrays.stream(Optional.ofNullable(m.getRecipients(Message.RecipientType.TO)).orElse(new Address[0]))
                    .map(a -> ((InternetAddress) a).getAddress()).toList();
            InternetAddress from = (InternetAddress) m.getFrom()[0];
            List<String> types = new ArrayList<>();
            String[] text = {null};
            String[] html = {null};
            walk(m, types, text, html);
            String[] header = m.getHeader(SimpleJavaMailNotifier.NOTIFICATION_HEADER);
            return new ReceivedMail(to, from.getAddress(), from.getPersonal(), m.getSubject(), m.getContentType(), types,
                    Optional.ofNullable(text[0]), Optional.ofNullable(html[0]),
                    header == null ? Optional.empty() : Optional.of(header[0]));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ReceivedMail> all(MimeMessage[] messages) {
        return Arrays.stream(messages).map(ReceivedMail::of).toList();
    }

    private static void walk(Part part, List<String> types, String[] text, String[] html) throws MessagingException, IOException {
        String type = part.getContentType().toLowerCase();
        types.add(type.split(";")[0].strip());
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                walk(mp.getBodyPart(i), types, text, html);
            }
        } else if (part.isMimeType("text/plain")) {
            text[0] = lines((String) part.getContent());
        } else if (part.isMimeType("text/html")) {
            html[0] = lines((String) part.getContent());
        }
    }

    /** SMTP carries CRLF line ends; the templates are written with LF. */
    private static String lines(String content) {
        return content.replace("\r\n", "\n");
    }

    String textPart() {
        return text.orElseThrow(() -> new AssertionError("no text/plain part in " + partTypes));
    }

    String htmlPart() {
        return html.orElseThrow(() -> new AssertionError("no text/html part in " + partTypes));
    }

    /** The first link in the text part that starts with the given base. */
    String linkStartingWith(String base) {
        Matcher m = Pattern.compile(Pattern.quote(base) + "\\S+").matcher(textPart());
        if (!m.find()) {
            throw new AssertionError("no link starting with " + base + " in:\n" + textPart());
        }
        return m.group();
    }

    /** The token a link carries after the base, URL-decoded as the host's page would read it. */
    String tokenFromLink(String base) {
        return URLDecoder.decode(linkStartingWith(base).substring(base.length()), StandardCharsets.UTF_8);
    }
}
