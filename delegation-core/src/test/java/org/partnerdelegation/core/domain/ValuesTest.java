package org.partnerdelegation.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static void assertInvalid(Runnable r, String namePrefix) {
        assertThatThrownBy(r::run)
                .isInstanceOf(DelegationException.class)
                .hasMessageStartingWith(namePrefix)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void identifiersRefuseBlankTooLongAndControlCharacters() {
        assertInvalid(() -> TenantId.of(null), "tenantId");
        assertInvalid(() -> TenantId.of(" "), "tenantId");
        assertInvalid(() -> TenantId.of("x".repeat(129)), "tenantId");
        assertInvalid(() -> TenantId.of("tenant\u0000"), "tenantId");
        assertInvalid(() -> UserId.of("user\r\nX-Injected: 1"), "userId");
        assertInvalid(() -> AccountNumber.of("A\u202E1"), "accountNumber");
        assertInvalid(() -> AccountNumber.of("1".repeat(65)), "accountNumber");
    }

    @Test
    void identifiersKeepQuotesSqlAndNonLatinTextExactly() {
        assertThat(TenantId.of("t'; DROP TABLE x; --").value()).isEqualTo("t'; DROP TABLE x; --");
        assertThat(AccountNumber.of("Счёт-№42").value()).isEqualTo("Счёт-№42");
        assertThat(UserId.of("ユーザー \"one\"").value()).isEqualTo("ユーザー \"one\"");
        assertThat(TenantId.of("x".repeat(128)).value()).hasSize(128);
    }

    @Test
    void delegationIdParsesOnlyUuids() {
        UUID uuid = UUID.randomUUID();
        assertThat(DelegationId.parse(uuid.toString())).isEqualTo(DelegationId.of(uuid));
        assertInvalid(() -> DelegationId.parse("not-a-uuid"), "delegationId");
        assertInvalid(() -> DelegationId.parse("1-1-1-1-1"), "delegationId");
    }

    @Test
    void accountCursorSurvivesItsTextForm() {
        AccountCursor cursor = new AccountCursor("admin@пример.рф", DelegationId.of(UUID.randomUUID()));
        assertThat(AccountCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertInvalid(() -> AccountCursor.decode("garbage!"), "cursor");
        assertInvalid(() -> AccountCursor.decode("Zm9vfGJhcg"), "cursor");
    }

    @Test
    void randomUuidsAreVersion4FromTheInjectedSource() {
        UUID a = Ids.randomUuid(new java.util.Random(7));
        UUID b = Ids.randomUuid(new java.util.Random(7));
        assertThat(a).isEqualTo(b);
        assertThat(a.version()).isEqualTo(4);
        assertThat(a.variant()).isEqualTo(2);
    }

    @Test
    void principalNeedsTenantUserAndRole() {
        assertInvalid(() -> new Principal(null, UserId.of("u"), Role.ADMINISTRATOR), "principal.tenantId");
        assertInvalid(() -> new Principal(TenantId.of("t"), null, Role.ADMINISTRATOR), "principal.userId");
        assertInvalid(() -> new Principal(TenantId.of("t"), UserId.of("u"), null), "principal.role");
    }

    @Test
    void exceptionCarriesItsCodeAndTheFixedSinglePartnerMessage() {
        DelegationException e = DelegationException.alreadyLinked();
        assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT);
        assertThat(e).hasMessage("The associated account is already linked to another tenant.");
        assertThat(e.toString()).contains("ALREADY_LINKED_TO_ANOTHER_TENANT");
    }
}
