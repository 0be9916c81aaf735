package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnerdelegation.mail.MailFixtures.ACCEPT_BASE;
import static org.partnerdelegation.mail.MailFixtures.LOOPBACK;
import static org.partnerdelegation.mail.MailFixtures.TEST_TIMEOUT;
import static org.partnerdelegation.mail.MailFixtures.freePort;
import static org.partnerdelegation.mail.MailFixtures.notification;
import static org.partnerdelegation.mail.MailFixtures.smtp;
import static org.partnerdelegation.mail.MailFixtures.smtpServer;
import static org.partnerdelegation.mail.MailFixtures.templates;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;

/** Each test has its own GreenMail SMTP server on a free loopback port. */
class SimpleJavaMailNotifierTest {

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(smtpServer(0));

    private SimpleJavaMailNotifier notifier;

    @AfterEach
    void closeNotifier() {
        if (notifier != null) {
            notifier.close();
        }
    }

    private int port() {
        return greenMail.getSmtp().getPort();
    }

    private SimpleJavaMailNotifier notifier(SmtpSettings smtp, MailTemplates templates) {
        notifier = new SimpleJavaMailNotifier(smtp, templates);
        return notifier;
    }

    private List<ReceivedMail> received() {
        return ReceivedMail.all(greenMail.getReceivedMessages());
    }

    @ParameterizedTest
    @EnumSource(NotificationType.class)
    void everyKindArrivesAtItsRecipientWithSubjectSenderAndBothParts(NotificationType type) {
        Notification n = notification(type);
        RenderedMail expected = templates().render(n);

        notifier(smtp(port()), templates()).deliver(n);

        assertThat(received()).singleElement().satisfies(mail -> {
            assertThat(mail.to()).containsExactly(n.recipient().value());
            assertThat(mail.fromAddress()).isEqualTo("no-reply@example.com");
            assertThat(mail.fromName()).isEqualTo("Example Cloud");
            assertThat(mail.subject()).isEqualTo(expected.subject());
            assertThat(mail.contentType()).startsWith("multipart/");
            assertThat(mail.partTypes()).contains("multipart/alternative", "text/plain", "text/html");
            assertThat(mail.textPart().strip()).isEqualTo(expected.text().strip());
            assertThat(mail.htmlPart()).contains(expected.html().substring(0, 40));
            assertThat(mail.notificationId()).contains(n.id().toString());
        });
    }

    @ParameterizedTest
    @EnumSource(value = NotificationType.class, names = {"INVITATION", "CHANGE_REQUEST"})
    void invitationLinkInTheMailCarriesTheToken(NotificationType type) {
        Notification invitation = notification(type);
        String token = invitation.invitationToken().orElseThrow().reveal();

        notifier(smtp(port()), templates()).deliver(invitation);

        ReceivedMail mail = received().get(0);
        assertThat(mail.tokenFromLink(ACCEPT_BASE)).isEqualTo(token);
        assertThat(mail.htmlPart()).contains("href=\"" + ACCEPT_BASE + token + "\"");
        assertThat(mail.subject()).doesNotContain(token);
    }

    @Test
    void hostBrandingAndWordingShowInTheMail() {
        MailBranding initrode = new MailBranding("Initrode Cloud", EmailAddress.of("partners@initrode.example"),
                "Initrode Partner Desk", "https://cloud.initrode.example/partners/accept/");
        MailTemplates custom = MailTemplates.defaults(initrode).with(NotificationType.INVITATION, MailTemplate.of(
                "{{productName}} invitation from {{partnerAccountNumber}}",
                "Welcome! Accept here: {{acceptUrl}} (before {{expiresAt}})",
                "<h1>Welcome to {{productName}}</h1><a href=\"{{acceptUrl}}\">Accept</a>"));
        Notification invitation = notification(NotificationType.INVITATION);

        notifier(smtp(port()), custom).deliver(invitation);

        ReceivedMail mail = received().get(0);
        assertThat(mail.fromAddress()).isEqualTo("partners@initrode.example");
        assertThat(mail.fromName()).isEqualTo("Initrode Partner Desk");
        assertThat(mail.subject()).isEqualTo("Initrode Cloud invitation from P-1001");
        assertThat(mail.textPart()).startsWith("Welcome! Accept here: https://cloud.initrode.example/partners/accept/")
                .contains("(before 12 January 2026, 09:00 UTC)");
        assertThat(mail.tokenFromLink("https://cloud.initrode.example/partners/accept/"))
                .isEqualTo(invitation.invitationToken().orElseThrow().reveal());
        assertThat(mail.htmlPart()).contains("<h1>Welcome to Initrode Cloud</h1>");
    }

    @Test
    void valuesAreEscapedInTheReceivedHtmlPartAndNotInTheTextPart() {
        Notification n = notification(NotificationType.ACCEPTANCE_CONFIRMATION,
                AccountNumber.of("P-<script>alert(\"x\")</script>&'"), AccountNumber.of("C-2001"));

        notifier(smtp(port()), templates()).deliver(n);

        ReceivedMail mail = received().get(0);
        assertThat(mail.htmlPart()).contains("P-&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;").doesNotContain("<script>");
        assertThat(mail.textPart()).contains("P-<script>alert(\"x\")</script>&'");
        assertThat(mail.subject()).contains("P-<script>alert(\"x\")</script>&'");
    }

    @Test
    void headerInjectionThroughTemplateOrBrandingIsRefusedAndNothingIsSent() {
        assertThatThrownBy(() -> notifier(smtp(port()), templates().with(NotificationType.ACCEPTANCE_NOTICE,
                MailTemplate.of("Accepted\r\nBcc: victim@example.org", "text", "<p>html</p>"))))
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> notifier(smtp(port()), MailTemplates.defaults(new MailBranding("Example Cloud",
                EmailAddress.of("no-reply@example.com"), "Example\nBcc: victim@example.org", ACCEPT_BASE))))
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));

        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void noneModeNeverUpgradesAndTheTimeoutReachesTheSession() {
        Properties props = notifier(smtp(port()), templates()).mailer().getSession().getProperties();

        assertThat(props.getProperty("mail.smtp.starttls.enable")).isEqualTo("false");
        assertThat(props.getProperty("mail.smtp.connectiontimeout")).isEqualTo(String.valueOf(TEST_TIMEOUT.toMillis()));
        assertThat(props.getProperty("mail.smtp.timeout")).isEqualTo(String.valueOf(TEST_TIMEOUT.toMillis()));
        assertThat(props.getProperty("mail.smtp.ssl.trust")).as("no blanket trust unless asked for").isNull();
    }

    @Test
    void startTlsModeRefusesAServerThatDoesNotOfferStartTls() {
        SmtpSettings startTls = SmtpSettings.of(LOOPBACK, port(), TlsMode.STARTTLS).withTimeout(TEST_TIMEOUT);

        assertThatThrownBy(() -> notifier(startTls, templates()).deliver(notification(NotificationType.DECLINE_NOTICE)))
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.NOTIFICATION_FAILED))
                .hasMessageContaining(LOOPBACK + ":" + port())
                .hasMessageContaining("STARTTLS");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpsDeliversWhenTheServersCertificateIsTrusted() {
        GreenMail smtps = new GreenMail(MailFixtures.server(0, ServerSetup.PROTOCOL_SMTPS));
        smtps.start();
        try {
            SmtpSettings settings = SmtpSettings.of(LOOPBACK, smtps.getSmtps().getPort(), TlsMode.SMTPS)
                    .withTimeout(TEST_TIMEOUT).trustingAnyCertificate();

            notifier(settings, templates()).deliver(notification(NotificationType.EXPIRY_NOTICE));

            assertThat(ReceivedMail.all(smtps.getReceivedMessages())).singleElement()
                    .satisfies(mail -> assertThat(mail.subject()).contains("expired"));
        } finally {
            smtps.stop();
        }
    }

    @Test
    void smtpsRefusesAnUntrustedCertificate() {
        GreenMail smtps = new GreenMail(MailFixtures.server(0, ServerSetup.PROTOCOL_SMTPS));
        smtps.start();
        ServerThreadFailures serverSide = new ServerThreadFailures("smtps:" + LOOPBACK + ":" + smtps.getSmtps().getPort() + "<-");
        try {
            SmtpSettings settings = SmtpSettings.of(LOOPBACK, smtps.getSmtps().getPort(), TlsMode.SMTPS).withTimeout(TEST_TIMEOUT);

            assertThatThrownBy(() -> notifier(settings, templates()).deliver(notification(NotificationType.EXPIRY_NOTICE)))
                    .isInstanceOf(DelegationException.class)
                    .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.NOTIFICATION_FAILED))
                    .hasMessageContaining("TLS handshake failed");
            assertThat(smtps.getReceivedMessages()).isEmpty();
        } finally {
            smtps.stop();
            serverSide.close();
        }
        // GreenMail's thread for the connection may fail too, with the client's refusal of its certificate.
        assertThat(serverSide.failures()).allSatisfy(e -> assertThat(e).hasCauseInstanceOf(SSLException.class));
    }

    /**
     * Takes the exceptions that the threads of a test server, named with the given prefix, throw
     * out of their run method, which the JVM would otherwise print to the console with their
     * stack trace; any other thread's go on to the handler there was before. {@link #close()}
     * waits for those threads to end and puts that handler back.
     */
    private static final class ServerThreadFailures implements Thread.UncaughtExceptionHandler, AutoCloseable {

        private final String threadNamePrefix;
        private final Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();

        ServerThreadFailures(String threadNamePrefix) {
            this.threadNamePrefix = threadNamePrefix;
            Thread.setDefaultUncaughtExceptionHandler(this);
        }

        @Override
        public void uncaughtException(Thread thread, Throwable e) {
            if (thread.getName().startsWith(threadNamePrefix)) {
                failures.add(e);
            } else if (before != null) {
                before.uncaughtException(thread, e);
            } else {
                // as the JVM prints it when there is no handler
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace(System.err);
            }
        }

        List<Throwable> failures() {
            return failures;
        }

        @Override
        public void close() {
            try {
                for (Thread thread : Thread.getAllStackTraces().keySet()) {
                    if (thread.getName().startsWith(threadNamePrefix)) {
                        thread.join(TEST_TIMEOUT.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Thread.setDefaultUncaughtExceptionHandler(before);
            }
        }
    }

    @Test
    void oneNotifierServesSeveralThreadsAtOnce() throws Exception {
        SimpleJavaMailNotifier shared = notifier(smtp(port()), templates());
        List<Notification> notifications = IntStream.range(0, 20)
                .mapToObj(i -> notification(NotificationType.values()[i % NotificationType.values().length])).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sends = notifications.stream().map(n -> pool.submit(() -> shared.deliver(n))).collect(Collectors.toList());
            for (Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(received()).extracting(m -> m.notificationId().orElseThrow())
                .containsExactlyInAnyOrderElementsOf(notifications.stream().map(n -> n.id().toString()).toList());
    }

    @ParameterizedTest
    @EnumSource(value = NotificationType.class, names = {"INVITATION", "CHANGE_REQUEST"})
    void serverDownIsANotificationFailureNamingTheServerAndNeverTheToken(NotificationType type) {
        int nobody = freePort();
        Notification invitation = notification(type);
        String token = invitation.invitationToken().orElseThrow().reveal();

        assertThatThrownBy(() -> notifier(smtp(nobody), templates()).deliver(invitation))
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> {
                    assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.NOTIFICATION_FAILED);
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(token);
                    }
                })
                .hasMessageContaining(LOOPBACK + ":" + nobody)
                .hasMessageContaining("nothing accepts connections there")
                .hasMessageContaining(type.name())
                .as("the dispatcher logs this message: the recipient only masked")
                .hasMessageContaining("for a***@customer1.example")
                .hasMessageNotContaining(invitation.recipient().value());
    }

    @ParameterizedTest
    @EnumSource(value = NotificationType.class, names = {"INVITATION", "CHANGE_REQUEST"})
    void theLogLineOfADeliveryMasksTheRecipientAndNeverShowsTheToken(NotificationType type) {
        Notification invitation = notification(type);
        String token = invitation.invitationToken().orElseThrow().reveal();
        // No System.LoggerFinder on the test class path: System.Logger writes to java.util.logging, DEBUG as FINE.
        Logger jul = Logger.getLogger(SimpleJavaMailNotifier.class.getName());
        Level before = jul.getLevel();
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(new SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        jul.setLevel(Level.ALL);
        jul.addHandler(capture);
        try {
            notifier(smtp(port()), templates()).deliver(invitation);
        } finally {
            jul.removeHandler(capture);
            jul.setLevel(before);
        }

        assertThat(received()).hasSize(1);
        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .contains("Mailed notification " + invitation.id())
                .contains("to a***@customer1.example")
                .doesNotContain(invitation.recipient().value())
                .doesNotContain(token));
    }
}
