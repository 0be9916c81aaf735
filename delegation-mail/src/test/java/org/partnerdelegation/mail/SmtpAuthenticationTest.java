package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnerdelegation.mail.MailFixtures.LOOPBACK;
import static org.partnerdelegation.mail.MailFixtures.notification;
import static org.partnerdelegation.mail.MailFixtures.smtp;
import static org.partnerdelegation.mail.MailFixtures.smtpServer;
import static org.partnerdelegation.mail.MailFixtures.templates;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.NotificationType;

/** GreenMail knows one user; a login with its password gets in, any other is refused. */
class SmtpAuthenticationTest {

    private static final String LOGIN = "mailer";
    private static final String PASSWORD = "c0rrect-Horse";
    private static final String WRONG_PASSWORD = "Tr0ub4dor&3-wrong";

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(smtpServer(0))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mailer@example.com", LOGIN, PASSWORD));

    private int port() {
        return greenMail.getSmtp().getPort();
    }

    @Test
    void deliversWithTheRightLogin() {
        try (SimpleJavaMailNotifier notifier = new SimpleJavaMailNotifier(smtp(port()).withAuthentication(LOGIN, PASSWORD), templates())) {
            notifier.deliver(notification(NotificationType.ACCEPTANCE_NOTICE));
        }

        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void refusedLoginIsANotificationFailureNamingTheServerButNotThePassword() {
        try (SimpleJavaMailNotifier notifier = new SimpleJavaMailNotifier(smtp(port()).withAuthentication(LOGIN, WRONG_PASSWORD), templates())) {
            assertThatThrownBy(() -> notifier.deliver(notification(NotificationType.ACCEPTANCE_NOTICE)))
                    .isInstanceOf(DelegationException.class)
                    .satisfies(e -> {
                        assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.NOTIFICATION_FAILED);
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain(WRONG_PASSWORD);
                        }
                    })
                    .hasMessageContaining(LOOPBACK + ":" + port())
                    .hasMessageContaining("refused the login");
            assertThat(notifier.toString()).doesNotContain(WRONG_PASSWORD);
        }

        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
