package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.partnerdelegation.core.contract.LookAlikeEmails.Equivalent;
import org.partnerdelegation.core.contract.LookAlikeEmails.LookAlike;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.AccountListEntry;

/**
 * Look-alike emails are not the invited account, on every adapter: an administrator of the
 * invited customer whose verified mailbox is a look-alike of the address the invitation was
 * mailed to can neither review, accept nor decline it, and the tenant directory tells the two
 * addresses apart; the true spellings of one mailbox still are the invited account. The corpus
 * is {@link LookAlikeEmails}.
 */
public abstract class LookAlikeEmailContract {

    private static final Tenant PARTNER = partner(1);

    private AdapterFixture fixture;
    private DelegationHarness h;

    /** A fresh, empty set of adapters; called once per test and closed after it. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void openFixture() {
        fixture = newFixture();
        h = new DelegationHarness(fixture);
        h.register(PARTNER);
    }

    @AfterEach
    void closeFixture() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.partnerdelegation.core.contract.LookAlikeEmails#lookAlikes")
    void anAdministratorWhoseMailboxIsALookAlikeCannotAnswerTheInvitation(LookAlike pair) {
        Tenant customer = h.register(tenant("initech", "I-1", pair.invited()));
        DelegationId id = h.delegation.addCustomerAccount(adminOf(PARTNER), EmailAddress.of(pair.invited())).delegationId();
        String token = ScenarioSupport.invitationTokenOf(h, id);
        Principal lookAlike = Principal.administrator(customer.id(), UserId.of("look-alike"))
                .withVerifiedEmail(EmailAddress.of(pair.lookAlike()));

        assertThat(EmailAddress.of(pair.lookAlike())).isNotEqualTo(EmailAddress.of(pair.invited()));
        assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> h.delegation.reviewInvitation(lookAlike, token));
        assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> h.delegation.acceptInvitation(lookAlike, token));
        assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> h.delegation.declineInvitation(lookAlike, token));
        assertThat(h.delegation.currentPartner(adminOf(customer))).as("nothing answered").isEmpty();

        assertThat(h.delegation.acceptInvitation(adminOf(customer), token).status()).as("the invited account still can")
                .isEqualTo(DelegationStatus.CONNECTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.partnerdelegation.core.contract.LookAlikeEmails#lookAlikes")
    void theDirectoryTellsALookAlikeAdministratorEmailFromTheInvitedOne(LookAlike pair) {
        Tenant invited = h.register(tenant("initech", "I-1", pair.invited()));
        Tenant lookAlike = h.register(tenant("look-alike", "L-1", pair.lookAlike()));

        assertThat(fixture.tenantDirectory().findByAdministratorEmail(EmailAddress.of(pair.invited())))
                .map(Tenant::id).contains(invited.id());
        assertThat(fixture.tenantDirectory().findByAdministratorEmail(EmailAddress.of(pair.lookAlike())))
                .map(Tenant::id).contains(lookAlike.id());
        AccountListEntry added = h.delegation.addCustomerAccount(adminOf(PARTNER), EmailAddress.of(pair.lookAlike()));
        assertThat(h.delegation.delegationStore().inTransaction(tx -> tx.findDelegation(added.delegationId())).orElseThrow().customerTenant())
                .as("the partner who types the look-alike adds the look-alike's tenant").isEqualTo(lookAlike.id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.partnerdelegation.core.contract.LookAlikeEmails#equivalents")
    void anotherSpellingOfTheInvitedMailboxIsTheInvitedAccount(Equivalent pair) {
        Tenant customer = h.register(tenant("initech", "I-1", pair.invited()));
        DelegationId id = h.delegation.addCustomerAccount(adminOf(PARTNER), EmailAddress.of(pair.sameAccount())).delegationId();
        String token = ScenarioSupport.invitationTokenOf(h, id);
        Principal sameAccount = Principal.administrator(customer.id(), UserId.of("same-account"))
                .withVerifiedEmail(EmailAddress.of(pair.sameAccount()));

        assertThat(h.delegation.delegationStore().inTransaction(tx -> tx.findDelegation(id)).orElseThrow().customerTenant())
                .as("the partner who types another spelling adds the invited tenant").isEqualTo(customer.id());
        assertThat(fixture.tenantDirectory().findByAdministratorEmail(EmailAddress.of(pair.sameAccount())))
                .map(Tenant::id).contains(customer.id());
        h.delegation.reviewInvitation(sameAccount, token);
        assertThat(h.delegation.acceptInvitation(sameAccount, token).status()).isEqualTo(DelegationStatus.CONNECTED);
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> h.register(tenant("twin", "T-1", pair.sameAccount())));
        assertThat(fixture.tenantDirectory().findById(TenantId.of("twin"))).isEmpty();
    }

    private static Tenant tenant(String id, String accountNumber, String email) {
        return new Tenant(TenantId.of(id), AccountNumber.of(accountNumber), EmailAddress.of(email), false);
    }
}
