package org.partnerdelegation.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdempotencyKeyTest {

    private static ErrorCode refusal(String key) {
        DelegationException e = catchThrowableOfType(DelegationException.class, () -> IdempotencyKey.of(key));
        assertThat(e).as("refused: %s", key == null ? "null" : key.length() + " characters").isNotNull();
        assertThat(e.getMessage()).contains("idempotencyKey");
        return e.code();
    }

    @Test
    void aKeyOf255CharactersIsTakenAnd256AreNot() {
        assertThat(IdempotencyKey.of("k").hash()).isEqualTo(IdempotencyKey.of("k").hash());
        assertThat(IdempotencyKey.of("k".repeat(255)).hash()).isNotEqualTo(IdempotencyKey.of("k".repeat(254)).hash());
        assertThat(refusal("k".repeat(256))).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refusal("")).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refusal(null)).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refusal("   ")).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void printableAsciiFromSpaceToTildeIsTakenAndNothingAroundIt() {
        assertThat(IdempotencyKey.of("a b~!")).isEqualTo(IdempotencyKey.of("a b~!"));
        assertThat(refusal("a\u001fb")).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refusal("a\u007fb")).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refusal("caf\u00e9")).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refusal("a\r\nInjected: header")).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void neitherTheKeyNorItsHashIsShownByToString() {
        IdempotencyKey key = IdempotencyKey.of("secret-ish key");

        assertThat(key.toString()).doesNotContain("secret").doesNotContain(key.hash().hex());
    }

    @Test
    void theRequestHashIgnoresTheOrderOfRolesAndTellsEveryOtherDifference() {
        IdempotencyKey key = IdempotencyKey.of("k");
        LoginKey both = LoginKey.of(key, Set.of(RoleKey.of("a:read"), RoleKey.of("b:read")), Optional.empty());

        assertThat(LoginKey.of(key, Set.of(RoleKey.of("b:read"), RoleKey.of("a:read")), Optional.empty())).isEqualTo(both);
        assertThat(LoginKey.of(key, Set.of(RoleKey.of("a:read")), Optional.empty()).request()).isNotEqualTo(both.request());
        assertThat(LoginKey.of(key, Set.of(), Optional.empty()).request()).isNotEqualTo(both.request());
        assertThat(LoginKey.of(key, Set.of(RoleKey.of("a:read"), RoleKey.of("b:read")), Optional.of("T-1"))
                .request()).isNotEqualTo(both.request());
        assertThat(LoginKey.of(key, Set.of(), Optional.of("0")).request()).as("a reason is never read as no reason")
                .isNotEqualTo(LoginKey.of(key, Set.of(), Optional.empty()).request());
        assertThat(LoginKey.of(IdempotencyKey.of("k2"), Set.of(RoleKey.of("a:read"), RoleKey.of("b:read")), Optional.empty()).request())
                .as("the request's hash does not depend on the key").isEqualTo(both.request());
    }
}
