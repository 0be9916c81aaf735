package org.partnerdelegation.examples;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The in-process SMTP server's mailboxes kept on disk, so that the demo mailbox survives a
 * restart. Each mail the server delivers is written to the directory as one RFC 5322 file per
 * recipient ({@code 00000001.eml}, {@code 00000002.eml}, ... in the order they arrived) before the
 * server stores it; {@link #attach} loads the files back into a new server, in that order and with
 * their received time, so that the mailbox lists the same mails in the same order as before.
 *
 * <p>Each file is the mail as received, after two trace lines that a mail server adds on delivery:
 * {@code Delivered-To} (the envelope recipient, whose mailbox it goes to) and {@code Received}
 * (when, to the second). A file is written under a temporary name and then renamed, so that a
 * crash never leaves half a mail; files that cannot be read are skipped with a line on standard
 * error. Thread-safe: deliveries are numbered and stored one at a time.
 */
final class DemoMailArchive {

    private static final Pattern MAIL_FILE = Pattern.compile("(\\d{8})\\.eml");
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final String TRACE_BY = "by partner-delegation-demo; ";
    private static final DateTimeFormatter RECEIVED = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final Path directory;
    private final Clock clock;
    private final UserManager users;
    private final MessageDeliveryHandler standardDelivery;
    private final Session session = Session.getInstance(new Properties());
    private int lastNumber;

    private DemoMailArchive(Path directory, Clock clock, UserManager users) {
        this.directory = directory;
        this.clock = clock;
        this.users = users;
        this.standardDelivery = users.getMessageDeliveryHandler();
    }

    /**
     * Loads the mails kept in {@code directory} (created if missing) into {@code server}'s
     * mailboxes, then has the server write every mail it delivers from now on to the directory
     * first. Call it before {@link GreenMail#start()}, so that no mail arrives unwritten; the
     * server's {@link GreenMail#stop()} drops the mailboxes and this hook with them.
     *
     * @throws UncheckedIOException when the directory cannot be created or listed
     */
    static void attach(GreenMail server, Path directory, Clock clock) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(clock, "clock");
        DemoMailArchive archive = new DemoMailArchive(directory, clock, server.getUserManager());
        archive.restore();
        archive.users.setMessageDeliveryHandler(archive::deliverTo);
    }

    /** The files of the mails kept in {@code directory}, in the order they arrived; none when it does not exist. */
    static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(directory)) {
            return all.filter(p -> MAIL_FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the demo's mail in " + directory, e);
        }
    }

    private synchronized void restore() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory of the demo's mail " + directory, e);
        }
        for (Path file : files(directory)) {
            Matcher name = MAIL_FILE.matcher(file.getFileName().toString());
            name.matches();
            lastNumber = Math.max(lastNumber, Integer.parseInt(name.group(1)));
            try {
                MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(Files.readAllBytes(file)));
                String recipient = firstHeader(message, "Delivered-To");
                Instant received = receivedAt(firstHeader(message, "Received"));
                store(standardDelivery.handle(new MovingMessage(), new MailAddress(recipient)), message, received);
            } catch (IOException | MessagingException | UserException | FolderException | IllegalArgumentException e) {
                // One unreadable file (edited by hand, say) should not keep the demo and the rest of its mail from starting.
                System.err.println("Demo: skipped the mail file " + file + ", which cannot be read: " + e.getMessage());
            }
        }
        deleteTemporaryFiles();
    }

    /** GreenMail's delivery step: its own choice of mailbox, through a user that writes the mail here first. */
    private GreenMailUser deliverTo(MovingMessage message, MailAddress recipient) throws MessagingException, UserException {
        return new ArchivingUser(standardDelivery.handle(message, recipient), recipient.getEmail());
    }

    /** Writes the mail to the next file, then puts what the file holds into the user's inbox. */
    private synchronized void deliver(GreenMailUser user, String recipient, MimeMessage received) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (recipient.chars().anyMatch(Character::isISOControl)) {
            // It becomes a header line of the file: a line break in it would forge the lines after it.
            throw new IllegalArgumentException("A recipient address with a control character: refused");
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            String trace = "Delivered-To: " + recipient + "\r\n"
                    + "Received: " + TRACE_BY + RECEIVED.format(ZonedDateTime.ofInstant(now, ZoneOffset.UTC)) + "\r\n";
            bytes.writeBytes(trace.getBytes(StandardCharsets.US_ASCII));
            received.writeTo(bytes);
            int number = lastNumber + 1;
            Path file = directory.resolve("%08d.eml".formatted(number));
            Path temporary = directory.resolve(file.getFileName() + TEMPORARY_SUFFIX);
            Files.write(temporary, bytes.toByteArray());
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            lastNumber = number;
            store(user, new MimeMessage(session, new ByteArrayInputStream(bytes.toByteArray())), now);
        } catch (IOException e) {
            // GreenMail answers the SMTP transaction with an error, so the outbox retries the mail later.
            throw new UncheckedIOException("Cannot keep a received mail in " + directory, e);
        } catch (MessagingException | FolderException e) {
            throw new IllegalStateException("Cannot keep a received mail in " + directory + ": " + e.getMessage(), e);
        }
    }

    private void store(GreenMailUser user, MimeMessage message, Instant received) throws FolderException {
        users.getImapHostManager().getInbox(user).appendMessage(message, new Flags(), Date.from(received));
    }

    private static String firstHeader(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        if (values == null || values.length == 0 || values[0].isBlank()) {
            throw new IllegalArgumentException("it has no " + name + " line");
        }
        return values[0].strip();
    }

    private static Instant receivedAt(String trace) {
        int semicolon = trace.lastIndexOf(';');
        try {
            return ZonedDateTime.parse(trace.substring(semicolon + 1).strip(), RECEIVED).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("its Received line has no date: " + trace, e);
        }
    }

    private void deleteTemporaryFiles() {
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> all = Files.list(directory)) {
            all.filter(p -> p.getFileName().toString().endsWith(TEMPORARY_SUFFIX)).forEach(leftovers::add);
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot tidy the demo's mail in " + directory, e);
        }
    }

    /** GreenMail's user for one delivery, storing through the archive; everything else as the user itself. */
    private final class ArchivingUser implements GreenMailUser {
        private final GreenMailUser user;
        private final String recipient;

        ArchivingUser(GreenMailUser user, String recipient) {
            this.user = user;
            this.recipient = recipient;
        }

        @Override
        public void deliver(MovingMessage message) {
            DemoMailArchive.this.deliver(user, recipient, message.getMessage());
        }

        @Override
        public void deliver(MimeMessage message) {
            DemoMailArchive.this.deliver(user, recipient, message);
        }

        @Override
        public String getEmail() {
            return user.getEmail();
        }

        @Override
        public String getLogin() {
            return user.getLogin();
        }

        @Override
        public void create() {
            user.create();
        }

        @Override
        public void delete() {
            user.delete();
        }

        @Override
        public String getPassword() {
            return user.getPassword();
        }

        @Override
        public void setPassword(String password) {
            user.setPassword(password);
        }

        @Override
        public void authenticate(String password) throws UserException {
            user.authenticate(password);
        }

        @Override
        public String getQualifiedMailboxName() {
            return user.getQualifiedMailboxName();
        }
    }
}
