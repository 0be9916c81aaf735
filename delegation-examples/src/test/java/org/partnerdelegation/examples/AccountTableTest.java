package org.partnerdelegation.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
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
        return new AccountListEntry(DelegationId.of(UUID.randomUUID()), EmailAddress.of(email), AccountNumber.of(number),
                status, actions.length == 0 ? EnumSet.noneOf(AccountAction.class) : EnumSet.of(actions[0], actions),
                Instant.parse("2026-01-05T09:00:00Z"), java.util.Set.of(RoleKey.TENANT_ADMINISTRATOR), java.util.Optional.empty(), false);
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
        int action = header.indexOf("Action");
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
                .containsExactly("Email  Account Number  Status  Action", "-----  --------------  ------  ------", AccountTable.EMPTY);
    }

    @Test
    void showsADashForARowWithoutActions() {
        assertThat(AccountTable.actions(row("x@y.example", "C-9", DelegationStatus.REMOVED))).isEqualTo("-");
    }
}
