package org.partnerdelegation.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;

class AccountTableTest {

    private static AccountListEntry row(String email, String number, DelegationStatus status, AccountAction... actions) {
        return row(email, number, status, Set.of(RoleKey.TENANT_ADMINISTRATOR), Optional.empty(), actions);
    }

    private static AccountListEntry row(String email, String number, DelegationStatus status, Set<RoleKey> roles,
                                        Optional<Instant> endsAt, AccountAction... actions) {
        return new AccountListEntry(DelegationId.of(UUID.randomUUID()), EmailAddress.of(email), AccountNumber.of(number),
                status, actions.length == 0 ? EnumSet.noneOf(AccountAction.class) : EnumSet.of(actions[0], actions),
                Instant.parse("2026-01-05T09:00:00Z"), roles, endsAt, false);
    }

    @Test
    void alignsEveryColumnUnderItsHeader() {
        List<String> lines = AccountTable.render(List.of(
                row("a-much-longer-address@customer.example", "C-1", DelegationStatus.CONNECTED,
                        AccountAction.DELETE_ACCOUNT, AccountAction.LOGIN),
                row("b@c.example", "C-200000", DelegationStatus.PENDING,
                        AccountAction.RESEND_INVITATION, AccountAction.DELETE_ACCOUNT))).lines().toList();

        assertThat(lines).hasSize(4);
        String header = lines.get(0);
        int number = header.indexOf("Account Number");
        int status = header.indexOf("Status");
        int roles = header.indexOf("Roles");
        int ends = header.indexOf("Access ends");
        int action = header.indexOf("Action");
        assertThat(lines.get(2).substring(roles)).startsWith("tenant:administrator ");
        assertThat(lines.get(2).substring(ends)).startsWith("- ");
        assertThat(lines.get(2).substring(number)).startsWith("C-1 ");
        assertThat(lines.get(2).substring(status)).startsWith("Connected");
        assertThat(lines.get(2).substring(action)).isEqualTo("Login, Delete Account");
        assertThat(lines.get(3).substring(number)).startsWith("C-200000");
        assertThat(lines.get(3).substring(status)).startsWith("Pending");
        assertThat(lines.get(3).substring(action)).isEqualTo("Resend invitation, Delete Account");
    }

    @Test
    void saysSoWhenThereAreNoAccounts() {
        assertThat(AccountTable.render(List.of()).lines().toList())
                .containsExactly("Email  Account Number  Status  Roles  Access ends  Action",
                        "-----  --------------  ------  -----  -----------  ------", AccountTable.EMPTY);
    }

    @Test
    void showsTheRolesAndWhenAccessEnds() {
        String line = AccountTable.render(List.of(row("admin@hooli.example", "C-2003", DelegationStatus.CONNECTED,
                Set.of(RoleKey.of("billing:read"), RoleKey.of("support:tickets")), Optional.of(Instant.parse("2026-02-04T09:00:00Z")),
                AccountAction.LOGIN))).lines().toList().get(2);

        assertThat(line).containsPattern("Connected\\s+billing:read,support:tickets\\s+2026-02-04T09:00:00Z\\s+Login$");
    }

    @Test
    void showsADashForARowWithoutActions() {
        assertThat(AccountTable.actions(row("x@y.example", "C-9", DelegationStatus.REMOVED))).isEqualTo("-");
    }
}
