package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

class SmtpSettingsTest {

    private static void assertInvalidInput(ThrowingCallable call, String argument) {
        assertThatThrownBy(call)
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageStartingWith(argument);
    }

    @Test
    void startsWithoutLoginWithTheDefaultTimeoutAndValidatedCertificates() {
        SmtpSettings s = SmtpSettings.of("smtp.example.com", 587, TlsMode.STARTTLS);

        assertThat(s.username()).isEmpty();
        assertThat(s.password()).isEmpty();
        assertThat(s.timeout()).isEqualTo(SmtpSettings.DEFAULT_TIMEOUT);
        assertThat(s.trustAnyCertificate()).isFalse();
        assertThat(s.address()).isEqualTo("smtp.example.com:587");
        assertThat(SmtpSettings.of("::1", 25, TlsMode.NONE).address()).isEqualTo("[::1]:25");
    }

    @Test
    void toStringNeverShowsThePassword() {
        SmtpSettings s = SmtpSettings.of("smtp.example.com", 465, TlsMode.SMTPS).withAuthentication("mailer", "s3cret-Pa55");

        assertThat(s.toString()).contains("mailer").contains("(hidden)").doesNotContain("s3cret-Pa55");
        assertThat(s.password()).contains("s3cret-Pa55");
    }

    @Test
    void toStringMasksAUsernameThatIsAnEmailAddress() {
        SmtpSettings s = SmtpSettings.of("smtp.example.com", 587, TlsMode.STARTTLS).withAuthentication("mailer@example.com", "pw");

        assertThat(s.toString()).contains("username=m***@example.com").doesNotContain("mailer@example.com");
        assertThat(s.username()).contains("mailer@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "smtp example.com", "smtp.example.com\r\n", "user@smtp.example.com", "smtp://x"})
    void hostMustBeAHostName(String host) {
        assertInvalidInput(() -> SmtpSettings.of(host, 25, TlsMode.NONE), "host");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void portMustBeInRange(int port) {
        assertInvalidInput(() -> SmtpSettings.of("smtp.example.com", port, TlsMode.NONE), "port");
    }

    @Test
    void usernameAndPasswordGoTogether() {
        assertInvalidInput(() -> new SmtpSettings("h.example", 25, TlsMode.NONE, Optional.of("u"), Optional.empty(),
                Duration.ofSeconds(1), false), "password");
        assertInvalidInput(() -> SmtpSettings.of("h.example", 25, TlsMode.NONE).withAuthentication("u", ""), "password");
        assertInvalidInput(() -> SmtpSettings.of("h.example", 25, TlsMode.NONE).withAuthentication("u\r\nX", "p"), "username");
        assertInvalidInput(() -> SmtpSettings.of("h.example", 25, TlsMode.NONE).withAuthentication(null, "p"), "username");
    }

    @Test
    void timeoutMustBePositiveAndFitSimpleJavaMail() {
        SmtpSettings s = SmtpSettings.of("h.example", 25, TlsMode.NONE);

        assertInvalidInput(() -> s.withTimeout(Duration.ZERO), "timeout");
        assertInvalidInput(() -> s.withTimeout(Duration.ofMillis(-5)), "timeout");
        assertInvalidInput(() -> s.withTimeout(Duration.ofDays(30)), "timeout");
        assertInvalidInput(() -> s.withTimeout(null), "timeout");
        assertThat(s.withTimeout(Duration.ofMillis(1)).timeout()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void tlsModeIsRequired() {
        assertInvalidInput(() -> SmtpSettings.of("h.example", 25, null), "tlsMode");
    }
}
