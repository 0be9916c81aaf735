package org.partnerdelegation.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.mail.SimpleJavaMailNotifier;
import org.partnerdelegation.mail.TlsMode;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The mail notifier, from the library's SMTP settings or Spring's, against a real SMTP server (GreenMail). */
class MailAutoConfigurationTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationMailAutoConfiguration.class, PartnerDelegationJobsAutoConfiguration.class))
            .withPropertyValues(Scenario.ROLE_PROPERTIES)
            // The test drains the outbox itself, so that it knows when the mail has gone.
            .withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.jobs.outbox.enabled=false",
                    "partner-delegation.jobs.time-limits.enabled=false");

    private static final String[] BRANDING = {"partner-delegation.mail.sender=no-reply@example-cloud.example",
            "partner-delegation.mail.product-name=Example Cloud",
            "partner-delegation.mail.accept-url-base=https://app.example.com/delegation/accept?token="};

    private ApplicationContextRunner withFreshDatabase(ApplicationContextRunner runner) {
        return runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url());
    }

    @Test
    void librarysOwnSmtpSettingsMailTheInvitation() {
        withFreshDatabase(runner).withPropertyValues(BRANDING).withPropertyValues("partner-delegation.mail.host=127.0.0.1",
                "partner-delegation.mail.port=" + SMTP.getSmtp().getPort(), "partner-delegation.mail.tls-mode=none").run(context -> {
            assertThat(context).hasSingleBean(SimpleJavaMailNotifier.class);
            invitationIsMailed(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class),
                    context.getBean(OutboxDispatcher.class));
        });
    }

    @Test
    void springsMailSettingsAreUsedWhenTheLibraryHasNone() {
        withFreshDatabase(runner).withPropertyValues(BRANDING).withPropertyValues("spring.mail.host=127.0.0.1",
                "spring.mail.port=" + SMTP.getSmtp().getPort()).run(context -> {
            SimpleJavaMailNotifier notifier = context.getBean(SimpleJavaMailNotifier.class);
            assertThat(notifier.smtpSettings().host()).isEqualTo("127.0.0.1");
            assertThat(notifier.smtpSettings().port()).isEqualTo(SMTP.getSmtp().getPort());
            assertThat(notifier.smtpSettings().tlsMode()).isEqualTo(TlsMode.NONE);
            invitationIsMailed(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class),
                    context.getBean(OutboxDispatcher.class));
        });
    }

    @Test
    void springsStartTlsAndLoginAreCarriedOver() {
        withFreshDatabase(runner).withPropertyValues(BRANDING).withPropertyValues("spring.mail.host=smtp.example.com",
                "spring.mail.username=mailer", "spring.mail.password=secret",
                "spring.mail.properties.mail.smtp.starttls.enable=true").run(context -> {
            SimpleJavaMailNotifier notifier = context.getBean(SimpleJavaMailNotifier.class);
            assertThat(notifier.smtpSettings().tlsMode()).isEqualTo(TlsMode.STARTTLS);
            assertThat(notifier.smtpSettings().port()).isEqualTo(25);
            assertThat(notifier.smtpSettings().username()).contains("mailer");
        });
    }

    @Test
    void theLibrarysHostWinsOverSprings() {
        withFreshDatabase(runner).withPropertyValues(BRANDING).withPropertyValues("spring.mail.host=smtp.example.com",
                "partner-delegation.mail.host=relay.example.com").run(context ->
                assertThat(context.getBean(SimpleJavaMailNotifier.class).smtpSettings().host()).isEqualTo("relay.example.com"));
    }

    @Test
    void withoutAnySmtpHostThereIsNoNotifierAndNoDispatcher() {
        withFreshDatabase(runner).withPropertyValues(BRANDING).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Notifier.class);
            assertThat(context).doesNotHaveBean(OutboxDispatcher.class);
        });
    }

    @Test
    void mailTurnedOffMakesNoNotifierEvenWithAHost() {
        withFreshDatabase(runner).withPropertyValues("partner-delegation.mail.enabled=false", "partner-delegation.mail.host=127.0.0.1")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Notifier.class));
    }

    @Test
    void aHostNotifierReplacesTheLibrarys() {
        InMemoryNotifier own = new InMemoryNotifier();
        withFreshDatabase(runner).withPropertyValues(BRANDING).withPropertyValues("partner-delegation.mail.host=127.0.0.1")
                .withBean(Notifier.class, () -> own).run(context -> {
                    assertThat(context).doesNotHaveBean(SimpleJavaMailNotifier.class);
                    assertThat(context.getBean(Notifier.class)).isSameAs(own);
                });
    }

    @Test
    void missingSenderFailsTheStartNamingTheKey() {
        withFreshDatabase(runner).withPropertyValues("partner-delegation.mail.host=127.0.0.1",
                "partner-delegation.mail.accept-url-base=https://app.example.com/accept?token=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(PartnerDelegationAutoConfigurationTest.rootCause(context)).isInstanceOf(DelegationException.class)
                    .hasMessageStartingWith("partner-delegation.mail.sender is not set: mail is on")
                    .hasMessageContaining("partner-delegation.mail.enabled=false");
        });
    }

    @Test
    void missingAcceptUrlFailsTheStartNamingTheKey() {
        withFreshDatabase(runner).withPropertyValues("spring.mail.host=127.0.0.1", "partner-delegation.mail.sender=no-reply@example.com")
                .run(context -> assertThat(PartnerDelegationAutoConfigurationTest.rootCause(context))
                        .hasMessageStartingWith("partner-delegation.mail.accept-url-base is not set"));
    }

    @Test
    void anUnknownTlsModeFailsTheStartNamingTheChoices() {
        withFreshDatabase(runner).withPropertyValues(BRANDING).withPropertyValues("partner-delegation.mail.host=127.0.0.1",
                "partner-delegation.mail.tls-mode=ssl").run(context -> assertThat(PartnerDelegationAutoConfigurationTest.rootCause(context))
                .hasMessage("partner-delegation.mail.tls-mode must be none, starttls or smtps, got 'ssl'"));
    }

    @Test
    void aUsernameWithoutPasswordFailsTheStart() {
        withFreshDatabase(runner).withPropertyValues(BRANDING).withPropertyValues("partner-delegation.mail.host=127.0.0.1",
                "partner-delegation.mail.username=mailer").run(context -> assertThat(PartnerDelegationAutoConfigurationTest.rootCause(context))
                .hasMessageStartingWith("partner-delegation.mail.password is not set"));
    }

    private static void invitationIsMailed(JdbiStorage storage, PartnerDelegation delegation, OutboxDispatcher dispatcher)
            throws Exception {
        Scenario scenario = Scenario.in(storage, delegation);
        int before = SMTP.getReceivedMessages().length;
        scenario.invite();
        assertThat(dispatcher.drain().delivered()).isEqualTo(1);
        assertThat(SMTP.waitForIncomingEmail(Duration.ofSeconds(5).toMillis(), before + 1)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[before];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("admin@initech.example");
        assertThat(mail.getFrom()[0].toString()).contains("no-reply@example-cloud.example");
        assertThat(org.springframework.util.StreamUtils.copyToString(mail.getInputStream(), java.nio.charset.StandardCharsets.UTF_8)
                + mail.getContent()).contains("https://app.example.com/delegation/accept?token=");
    }
}
