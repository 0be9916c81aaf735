package org.partnerdelegation.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmailAddressTest {

    @Test
    void isTrimmedAndKeepsItsSpellingForDisplay() {
        EmailAddress email = EmailAddress.of("  Admin@Customer.Example \t");
        assertThat(email.value()).isEqualTo("Admin@Customer.Example");
        assertThat(email.canonical()).isEqualTo("admin@customer.example");
        assertThat(email).hasToString("Admin@Customer.Example");
    }

    @Test
    void comparesCaseInsensitively() {
        EmailAddress a = EmailAddress.of("Admin@Customer.Example");
        EmailAddress b = EmailAddress.of("admin@CUSTOMER.example");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.matches(b)).isTrue();
        assertThat(a.compareTo(b)).isZero();
        assertThat(a).isNotEqualTo(EmailAddress.of("other@customer.example"));
    }

    @Test
    void lookAlikesThatDifferOnlyInEncodingAreTheSameAddress() {
        EmailAddress plain = EmailAddress.of("kate.mueller@example.com");
        assertThat(EmailAddress.of("\u212Aate.mueller@example.com")).as("Kelvin sign").isEqualTo(plain);
        assertThat(EmailAddress.of("\uFF4Bate.mueller@\uFF45xample.com")).as("full-width letters").isEqualTo(plain);
        assertThat(EmailAddress.of("caf\u00E9@example.com")).as("composed and decomposed")
                .isEqualTo(EmailAddress.of("cafe\u0301@example.com"));
        assertThat(EmailAddress.of("strasse@fass.de")).as("letters distinct in a language stay distinct")
                .isNotEqualTo(EmailAddress.of("STRA\u00DFE@fa\u00DF.de"));
        assertThat(EmailAddress.of("\u212Aate.mueller@example.com").value()).as("shown as given").isEqualTo("\u212Aate.mueller@example.com");
    }

    @Test
    void theStructureIsCheckedOnTheNormalizedForm() {
        assertThatThrownBy(() -> EmailAddress.of("a\uFF20b@example.com"))
                .as("a full-width at sign is a second at sign once normalized")
                .isInstanceOf(DelegationException.class);
    }

    @Test
    void aMaskedAddressShowsTheFirstLetterAndTheDomainOnly() {
        assertThat(EmailAddress.of("Jane.Doe@Example.com").masked()).isEqualTo("J***@Example.com");
        assertThat(EmailAddress.of("\uD835\uDC00bc@example.com").masked()).isEqualTo("\uD835\uDC00***@example.com");
    }

    @Test
    void acceptsInternationalizedAddresses() {
        assertThat(EmailAddress.of("пользователь@пример.рф").value()).isEqualTo("пользователь@пример.рф");
        assertThat(EmailAddress.of("用户@例子.中国").canonical()).isEqualTo("用户@例子.中国");
        assertThat(EmailAddress.of("first.last+tag@sub.example.co.uk").value()).isEqualTo("first.last+tag@sub.example.co.uk");
    }

    @Test
    void acceptsTheLongestAddressSmtpCarries() {
        String local = "a".repeat(64);
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
        String address = local + "@" + domain;
        assertThat(address).hasSize(254);
        assertThat(EmailAddress.of(address).value()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "no-at-sign", "@example.com", "user@", "user@localhost", "a b@example.com",
            "user@exa mple.com", "user@@example.com", "user@example..com", "user@-example.com", ".user@example.com",
            "us..er@example.com", "user.@example.com", "user@example.com\r\nBcc: victim@example.com", "user\u0000@example.com",
            "user\u202E@example.com", "user@exam\u200Fple.com", "\"quoted\"@example.com", "user@exa_mple.com",
            "'; DROP TABLE delegation; --@example.com"})
    void refusesMalformedAddressesWithInvalidInput(String raw) {
        assertThatThrownBy(() -> EmailAddress.of(raw))
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageStartingWith("email ");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> EmailAddress.of(null))
                .isInstanceOf(DelegationException.class)
                .hasMessage("email is required");
    }

    @Test
    void refusesAddressesLongerThan254Characters() {
        String address = "a".repeat(60) + "@" + ("b".repeat(60) + ".").repeat(4) + "com";
        assertThat(address.length()).isGreaterThan(254);
        assertThatThrownBy(() -> EmailAddress.of(address))
                .isInstanceOf(DelegationException.class)
                .hasMessageContaining("at most 254");
    }

    @Test
    void refusesALocalPartLongerThan64Characters() {
        assertThatThrownBy(() -> EmailAddress.of("a".repeat(65) + "@example.com"))
                .isInstanceOf(DelegationException.class)
                .hasMessageContaining("64");
    }
}
