package org.partnerdelegation.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aPasswordAloneIsNotMultiFactor() {
        assertThat(Authentication.of(AT, "pwd").isMultiFactor()).isFalse();
    }

    @Test
    void twoKindsOfFactorAreMultiFactor() {
        assertThat(Authentication.of(AT, "pwd", "otp").isMultiFactor()).isTrue();
        assertThat(Authentication.of(AT, "pin", "hwk").isMultiFactor()).isTrue();
        assertThat(Authentication.of(AT, "swk", "fpt").isMultiFactor()).isTrue();
        assertThat(Authentication.of(AT, "pwd", "face").isMultiFactor()).isTrue();
    }

    @Test
    void twoMethodsOfTheSameKindAreOneFactor() {
        assertThat(Authentication.of(AT, "pwd", "pin", "kba").isMultiFactor()).isFalse();
        assertThat(Authentication.of(AT, "otp", "sms", "hwk").isMultiFactor()).isFalse();
        assertThat(Authentication.of(AT, "fpt", "face").isMultiFactor()).isFalse();
    }

    @Test
    void methodsThatSayNothingOfTheFactorsCountAsNone() {
        // Several channels, or a risk score, are not a second factor.
        assertThat(Authentication.of(AT, "pwd", "mca").isMultiFactor()).isFalse();
        assertThat(Authentication.of(AT, "pwd", "rba").isMultiFactor()).isFalse();
        assertThat(Authentication.of(AT, "x-custom", "pwd").isMultiFactor()).isFalse();
    }

    @Test
    void theAmrValueMfaOrTheHostsStatementIsMultiFactor() {
        assertThat(Authentication.of(AT, "mfa").isMultiFactor()).isTrue();
        assertThat(Authentication.multiFactor(AT).isMultiFactor()).isTrue();
        assertThat(new Authentication(AT, Set.of("pwd"), true).isMultiFactor()).isTrue();
    }

    @Test
    void theRecordedMethodsAddMfaToTheHostsStatementAndNothingElse() {
        assertThat(Authentication.multiFactor(AT).recordedMethods()).containsExactly("mfa");
        assertThat(new Authentication(AT, Set.of("pwd", "hwk"), true).recordedMethods()).containsExactly("hwk", "mfa", "pwd");
        assertThat(Authentication.of(AT, "pwd", "otp").recordedMethods()).containsExactly("otp", "pwd");
        assertThat(Authentication.of(AT).recordedMethods()).isEmpty();
        assertThat(Authentication.of(AT).describeMethods()).isEqualTo("none");
    }

    @Test
    void methodsAreAmrValuesAndNothingElse() {
        assertInvalid(() -> Authentication.of(AT, ""));
        assertInvalid(() -> Authentication.of(AT, "pwd otp"));
        assertInvalid(() -> Authentication.of(AT, "-pwd"));
        assertInvalid(() -> Authentication.of(AT, "pwd\n"));
        assertInvalid(() -> Authentication.of(AT, "p".repeat(33)));
        assertThat(Authentication.of(AT, "p".repeat(32)).methods()).hasSize(1);
        Set<String> nulls = new HashSet<>();
        nulls.add(null);
        assertInvalid(() -> Authentication.of(AT, nulls));
        assertInvalid(() -> Authentication.of(null, "pwd"));
    }

    @Test
    void aRefusedMethodIsShownWithoutItsControlCharacters() {
        DelegationException refused = assertInvalid(() -> Authentication.of(AT, "pwd\r\nSet-Cookie: x"));
        assertThat(refused.getMessage()).contains("U+000D").doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void atMostSixteenMethods() {
        Set<String> sixteen = new HashSet<>(IntStream.range(0, 16).mapToObj(i -> "m" + i).toList());
        assertThat(Authentication.of(AT, sixteen).methods()).hasSize(16);
        Set<String> seventeen = new HashSet<>(sixteen);
        seventeen.add("m16");
        assertInvalid(() -> Authentication.of(AT, seventeen));
    }

    @Test
    void aPrincipalKeepsItsAuthenticationAndItsVerifiedEmailWhicheverComesFirst() {
        Authentication mfa = Authentication.multiFactor(AT);
        EmailAddress email = EmailAddress.of("admin@partner.example");
        Principal emailFirst = Principal.administrator(TenantId.of("p"), UserId.of("u")).withVerifiedEmail(email).withAuthentication(mfa);
        Principal authFirst = Principal.administrator(TenantId.of("p"), UserId.of("u")).withAuthentication(mfa).withVerifiedEmail(email);

        assertThat(emailFirst).isEqualTo(authFirst);
        assertThat(emailFirst.authentication()).contains(mfa);
        assertThat(emailFirst.verifiedEmail()).contains(email);
    }

    @Test
    void aDelegatedPrincipalCarriesNoAuthentication() {
        DelegatedSession session = new DelegatedSession(SessionId.of(java.util.UUID.randomUUID()),
                SecretToken.generate(new java.util.Random(1)).hash(), DelegationId.of(java.util.UUID.randomUUID()), TenantId.of("c"),
                EmailAddress.of("admin@customer.example"), TenantId.of("p"), UserId.of("u"), "tenant:administrator", 0, AT,
                AT.plusSeconds(3600), Optional.empty());

        assertInvalid(() -> session.principal().withAuthentication(Authentication.multiFactor(AT)));
        assertInvalid(() -> new Principal(TenantId.of("c"), UserId.of("u"), Role.ADMINISTRATOR, Optional.empty(),
                Optional.of(session), Optional.of(Authentication.multiFactor(AT))));
    }

    private static DelegationException assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        DelegationException e = catchThrowableOfType(DelegationException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        return e;
    }
}
