package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.delegatedVia;
import static org.partnerdelegation.core.contract.TenantFixtures.memberOf;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;

/**
 * {@code viewAccounts}: the account list of a tenant that lost the partner permission is still
 * shown, read-only (no row offers an action), while {@code listAccounts} keeps refusing it; with
 * the permission back the rows offer their actions again. Never another tenant's rows.
 */
public abstract class AccountViewContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    private static final Tenant CONNECTED = customer(1);
    private static final Tenant PENDING = customer(2);

    private AdapterFixture fixture;
    private DelegationHarness h;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void freshAdapters() {
        fixture = newFixture();
        h = new DelegationHarness(fixture);
        List.of(PARTNER, OTHER_PARTNER, CONNECTED, PENDING).forEach(h::register);
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    @Test
    void withoutThePermissionTheRowsAreListedWithoutActionsAndListAccountsStillRefuses() {
        DelegationId connected = h.connect(PARTNER, CONNECTED);
        h.delegation.addCustomerAccount(adminOf(PARTNER), PENDING.administratorEmail());
        h.delegation.addCustomerAccount(adminOf(OTHER_PARTNER), customerOfOther().administratorEmail());

        h.delegation.revokePartnerPermission(operator(), PARTNER.id());

        List<AccountListEntry> rows = h.delegation.viewAccounts(adminOf(PARTNER), AccountQuery.firstPage()).items();
        assertThat(rows).extracting(r -> r.email().value()).containsExactlyInAnyOrder(CONNECTED.administratorEmail().value(),
                PENDING.administratorEmail().value());
        assertThat(rows).allSatisfy(r -> assertThat(r.actions()).isEmpty());
        assertThat(rows).filteredOn(r -> r.delegationId().equals(connected)).singleElement()
                .extracting(AccountListEntry::status).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(h.delegation.viewAccounts(memberOf(PARTNER), AccountQuery.firstPage()).items()).hasSize(2);
        assertFailsWith(ErrorCode.PARTNER_PERMISSION_REQUIRED,
                () -> h.delegation.listAccounts(adminOf(PARTNER), AccountQuery.firstPage()));
    }

    @Test
    void withThePermissionItIsTheAccountListWithItsActions() {
        h.connect(PARTNER, CONNECTED);
        h.delegation.revokePartnerPermission(operator(), PARTNER.id());
        h.delegation.grantPartnerPermission(operator(), PARTNER.id());

        List<AccountListEntry> rows = h.delegation.viewAccounts(adminOf(PARTNER), AccountQuery.firstPage()).items();

        assertThat(rows).singleElement().satisfies(r -> assertThat(r.actions()).contains(AccountAction.LOGIN));
        assertThat(rows).isEqualTo(h.delegation.listAccounts(adminOf(PARTNER), AccountQuery.firstPage()).items());
    }

    @Test
    void itPagesAndFiltersAsTheAccountListDoes() {
        h.connect(PARTNER, CONNECTED);
        h.delegation.addCustomerAccount(adminOf(PARTNER), PENDING.administratorEmail());
        h.delegation.revokePartnerPermission(operator(), PARTNER.id());

        var first = h.delegation.viewAccounts(adminOf(PARTNER), AccountQuery.firstPage().withLimit(1));
        var second = h.delegation.viewAccounts(adminOf(PARTNER), AccountQuery.firstPage().withLimit(1).after(first.nextCursor().orElseThrow()));

        assertThat(first.items()).hasSize(1);
        assertThat(second.items()).hasSize(1).doesNotContainAnyElementsOf(first.items());
        assertThat(h.delegation.viewAccounts(adminOf(PARTNER), AccountQuery.firstPage().withStatuses(EnumSet.of(DelegationStatus.PENDING)))
                .items()).extracting(r -> r.email().value()).containsExactly(PENDING.administratorEmail().value());
    }

    @Test
    void aDelegatedSessionAnUnknownTenantAndATenantWithoutCustomersGetWhatTheyShould() {
        DelegationId id = h.connect(PARTNER, CONNECTED);
        Principal delegated = delegatedVia(h.delegation.loginToCustomer(adminOf(PARTNER), id).session());

        assertFailsWith(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, () -> h.delegation.viewAccounts(delegated, AccountQuery.firstPage()));
        assertFailsWith(ErrorCode.ACCOUNT_NOT_FOUND, () -> h.delegation.viewAccounts(
                Principal.administrator(TenantId.of("nowhere"), UserId.of("someone")), AccountQuery.firstPage()));
        assertThat(h.delegation.viewAccounts(adminOf(CONNECTED), AccountQuery.firstPage()).items()).isEmpty();
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> h.delegation.viewAccounts(adminOf(PARTNER), null));
    }

    private Tenant customerOfOther() {
        Tenant other = new Tenant(TenantId.of("customer-of-other"), AccountNumber.of("C-9999"),
                EmailAddress.of("admin@customer-of-other.example"), false);
        h.register(other);
        return other;
    }
}
