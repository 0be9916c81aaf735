package org.partnerdelegation.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.LookAlikeEmails;

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.partnerdelegation.core.contract.LookAlikeEmails#lookAlikes")
    void aLookAlikeIsAnotherAddress(LookAlikeEmails.LookAlike pair) {
        EmailAddress invited = EmailAddress.of(pair.invited());
        EmailAddress lookAlike = EmailAddress.of(pair.lookAlike());

        assertThat(lookAlike).isNotEqualTo(invited);
        assertThat(lookAlike.matches(invited)).isFalse();
        assertThat(lookAlike.compareTo(invited)).isNotZero();
        assertThat(lookAlike.value()).as("shown as given").isEqualTo(pair.lookAlike());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.partnerdelegation.core.contract.LookAlikeEmails#equivalents")
    void anotherSpellingOfOneMailboxIsTheSameAddress(LookAlikeEmails.Equivalent pair) {
        EmailAddress invited = EmailAddress.of(pair.invited());
        EmailAddress same = EmailAddress.of(pair.sameAccount());

        assertThat(same).isEqualTo(invited).hasSameHashCodeAs(invited);
        assertThat(same.matches(invited)).isTrue();
        assertThat(same.compareTo(invited)).isZero();
        assertThat(same.value()).as("shown as given").isEqualTo(pair.sameAccount());
    }

    @Test
    void theLocalPartIsComposedAndLowerCasedWithoutCompatibilityFolding() {
        assertThat(EmailAddress.of("RENE\u0301.\uFF23hef\u00B2@Example.com").canonical()).isEqualTo("ren\u00E9.\uFF43hef\u00B2@example.com");
        assertThat(EmailAddress.of("\u212Aate@example.com").canonical()).as("the Kelvin sign stays, NFC would make it K")
                .isEqualTo("\u212Aate@example.com");
        assertThat(EmailAddress.of("\u212A\u0301@example.com").canonical()).as("and does not compose with the accent after it")
                .isEqualTo("\u212A\u0301@example.com");
        assertThat(EmailAddress.of("ADM\u0130N@example.com").canonical()).as("no lower case that is ASCII").isEqualTo("adm\u0130n@example.com");
        assertThat(EmailAddress.of("\u017F\u0131\u00DF\u03C2@example.com").canonical()).as("long s, dotless i, sharp s, final sigma")
                .isEqualTo("\u017F\u0131\u00DF\u03C2@example.com");
        assertThat(EmailAddress.of("\u1E9E\u03A3\u00C9@example.com").canonical()).as("non-ASCII capitals with non-ASCII lower case")
                .isEqualTo("\u00DF\u03C3\u00E9@example.com");
        assertThat(EmailAddress.of("\u2126\u212B@example.com").canonical()).as("the ohm and angstrom signs are Greek omega and A-ring to NFC")
                .isEqualTo("\u03C9\u00E5@example.com");
    }

    @Test
    void theDomainIsComparedAfterIdnaMappingInUnicode() {
        assertThat(EmailAddress.of("a@\uFF49\uFF4E\uFF49\uFF54\uFF45\uFF43\uFF48\uFF0EExample").canonical()).isEqualTo("a@initech.example");
        assertThat(EmailAddress.of("a@XN--BCHER-KVA.example").canonical()).isEqualTo("a@b\u00FCcher.example");
        assertThat(EmailAddress.of("a@B\u00DCCHER.example").canonical()).isEqualTo("a@b\u00FCcher.example");
        assertThat(EmailAddress.of("a@initech\u00B2.example").canonical()).as("DNS resolves it as initech2")
                .isEqualTo("a@initech2.example");
        assertThat(EmailAddress.of("a@\u03A3\u0391\u03A3.gr").canonical()).isEqualTo("a@\u03C3\u03B1\u03C3.gr");
        assertThat(EmailAddress.of("a@FA\u00DF.de").canonical()).as("IDNA2008 keeps the sharp s").isEqualTo("a@fa\u00DF.de");
        assertThat(EmailAddress.of("a@\u03C3\u03B1\u03C2.gr").canonical()).as("and the final sigma").isEqualTo("a@\u03C3\u03B1\u03C2.gr");
        assertThat(EmailAddress.of("a@xn--abc.example").canonical()).as("an xn-- label that is not IDNA stays").isEqualTo("a@xn--abc.example");
    }

    @Test
    void aDomainIdnaRefusesIsStillReadAndComparedStrictly() {
        // Addresses stored before the rule must stay readable: IDNA refuses a label mixing
        // directions, or one too long once encoded, but the address was accepted before.
        String mixed = "a@a\u0628.example";
        String longLabel = "a@" + "\u7528".repeat(40) + ".cn";
        assertThat(EmailAddress.of(mixed).canonical()).isEqualTo(mixed);
        assertThat(EmailAddress.of(longLabel).canonical()).isEqualTo(longLabel);
        assertThat(EmailAddress.of("a@A\u0628.example")).isEqualTo(EmailAddress.of(mixed));
    }

    @Test
    void theCanonicalFormIsItsOwnCanonicalForm() {
        for (LookAlikeEmails.LookAlike pair : LookAlikeEmails.lookAlikes()) {
            for (String address : List.of(pair.invited(), pair.lookAlike())) {
                String canonical = EmailAddress.of(address).canonical();
                assertThat(EmailAddress.of(canonical).canonical()).as(address).isEqualTo(canonical);
            }
        }
    }

    @Test
    void anAddressNeedsARealAtSign() {
        assertThatThrownBy(() -> EmailAddress.of("admin2\uFF20initech.example"))
                .as("a full-width at sign alone is not one")
                .isInstanceOf(DelegationException.class)
                .hasMessageStartingWith("email must have an @");
        assertThatThrownBy(() -> EmailAddress.of("admin2\uFE6Binitech.example")).as("nor a small one")
                .isInstanceOf(DelegationException.class)
                .hasMessageStartingWith("email must have an @");
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
