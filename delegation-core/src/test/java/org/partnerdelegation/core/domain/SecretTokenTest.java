package org.partnerdelegation.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretTokenTest {

    @Test
    void carries256RandomBitsAsUnpaddedBase64Url() {
        SecretToken token = SecretToken.generate(new SecureRandom());
        assertThat(token.reveal()).hasSize(SecretToken.TEXT_LENGTH).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(token.reveal())).hasSize(32);
    }

    @Test
    void tokensDoNotRepeat() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(SecretToken.generate(random).reveal())).isTrue();
        }
    }

    @Test
    void hashIsTheSha256OfTheTokenText() throws Exception {
        SecretToken token = SecretToken.generate(new SecureRandom());
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(token.reveal().getBytes(StandardCharsets.US_ASCII));
        assertThat(token.hash().bytes()).isEqualTo(expected);
        assertThat(token.hash().hex()).hasSize(64);
        assertThat(TokenHash.ofHex(token.hash().hex())).isEqualTo(token.hash());
        assertThat(token.hash().matches(token)).isTrue();
        assertThat(token.hash().matches(SecretToken.generate(new SecureRandom()))).isFalse();
    }

    @Test
    void neverShowsItselfInToStringOrItsHash() {
        SecretToken token = SecretToken.generate(new SecureRandom());
        assertThat(token.toString()).doesNotContain(token.reveal()).isEqualTo("SecretToken[redacted]");
        assertThat(token.hash().toString()).doesNotContain(token.reveal()).hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void parsesWhatItRevealedAndComparesEqual() {
        SecretToken token = SecretToken.generate(new SecureRandom());
        assertThat(SecretToken.parse(token.reveal())).isEqualTo(token);
    }

    @Test
    void refusesTextThatCannotBeAToken() {
        for (String bad : new String[] {null, "", "short", "a".repeat(44), "a".repeat(42) + "=", "a".repeat(42) + "/",
                "a".repeat(42) + "\u0000", "' OR 1=1 --" + "a".repeat(32)}) {
            assertThatThrownBy(() -> SecretToken.parse(bad))
                    .isInstanceOf(DelegationException.class)
                    .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
    }

    @Test
    void tokenHashRefusesWrongLengths() {
        assertThatThrownBy(() -> TokenHash.of(new byte[31])).isInstanceOf(DelegationException.class);
        assertThatThrownBy(() -> TokenHash.ofHex("zz".repeat(32))).isInstanceOf(DelegationException.class);
        assertThatThrownBy(() -> TokenHash.ofHex("ab")).isInstanceOf(DelegationException.class);
    }
}
