package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * is {@link LookAlikeEmails}, walked whole within one set of adapters per test (a database each).
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

    @Test
    void anAdministratorWhoseMailboxIsALookAlikeCannotAnswerTheInvitation() {
        Map<String, List<LookAlike>> byInvited = LookAlikeEmails.lookAlikes().stream()
                .collect(Collectors.groupingBy(LookAlike::invited, LinkedHashMap::new, Collectors.toList()));
        int n = 0;
        for (Map.Entry<String, List<LookAlike>> group : byInvited.entrySet()) {
            Tenant customer = h.register(tenant("initech-" + ++n, "I-" + n, group.getKey()));
            DelegationId id = h.delegation.addCustomerAccount(adminOf(PARTNER), EmailAddress.of(group.getKey())).delegationId();
            String token = ScenarioSupport.invitationTokenOf(h, id);
            for (LookAlike pair : group.getValue()) {
                Principal lookAlike = Principal.administrator(customer.id(), UserId.of("look-alike"))
                        .withVerifiedEmail(EmailAddress.of(pair.lookAlike()));

                assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> h.delegation.reviewInvitation(lookAlike, token));
                assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> h.delegation.acceptInvitation(lookAlike, token));
                assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> h.delegation.declineInvitation(lookAlike, token));
                assertThat(h.delegation.currentPartner(adminOf(customer))).as("nothing answered by the %s", pair).isEmpty();
            }
            assertThat(h.delegation.acceptInvitation(adminOf(customer), token).status()).as("the invited account still can")
                    .isEqualTo(DelegationStatus.CONNECTED);
        }
    }

    @Test
    void theDirectoryTellsALookAlikeAdministratorEmailFromTheInvitedOne() {
        List<LookAlike> corpus = LookAlikeEmails.lookAlikes();
        Map<String, Tenant> invited = new LinkedHashMap<>();
        for (LookAlike pair : corpus) {
            invited.computeIfAbsent(pair.invited(), email -> h.register(tenant("initech-" + (invited.size() + 1), "I-" + (invited.size() + 1), email)));
        }
        for (int i = 0; i < corpus.size(); i++) {
            LookAlike pair = corpus.get(i);
            Tenant lookAlike = h.register(tenant("look-alike-" + i, "L-" + i, pair.lookAlike()));

            assertThat(fixture.tenantDirectory().findByAdministratorEmail(EmailAddress.of(pair.invited())))
                    .as(pair.what()).map(Tenant::id).contains(invited.get(pair.invited()).id());
            assertThat(fixture.tenantDirectory().findByAdministratorEmail(EmailAddress.of(pair.lookAlike())))
                    .as(pair.what()).map(Tenant::id).contains(lookAlike.id());
            AccountListEntry added = h.delegation.addCustomerAccount(adminOf(PARTNER), EmailAddress.of(pair.lookAlike()));
            assertThat(h.delegation.delegationStore().inTransaction(tx -> tx.findDelegation(added.delegationId())).orElseThrow()
                    .customerTenant()).as("the partner who types the %s adds its tenant", pair).isEqualTo(lookAlike.id());
        }
    }

    @Test
    void anotherSpellingOfTheInvitedMailboxIsTheInvitedAccount() {
        Map<String, List<Equivalent>> byInvited = LookAlikeEmails.equivalents().stream()
                .collect(Collectors.groupingBy(Equivalent::invited, LinkedHashMap::new, Collectors.toList()));
        int n = 0;
        for (Map.Entry<String, List<Equivalent>> group : byInvited.entrySet()) {
            Tenant customer = h.register(tenant("initech-" + ++n, "I-" + n, group.getKey()));
            DelegationId id = h.delegation.addCustomerAccount(adminOf(PARTNER), EmailAddress.of(group.getKey())).delegationId();
            for (Equivalent pair : group.getValue()) {
                assertThat(fixture.tenantDirectory().findByAdministratorEmail(EmailAddress.of(pair.sameAccount())))
                        .as(pair.what()).map(Tenant::id).contains(customer.id());
                assertThat(h.delegation.addCustomerAccount(adminOf(PARTNER), EmailAddress.of(pair.sameAccount())).delegationId())
                        .as("the partner who types the %s adds the same customer", pair).isEqualTo(id);
                assertFailsWith(ErrorCode.INVALID_INPUT, () -> h.register(tenant("twin", "T-1", pair.sameAccount())));
                assertThat(fixture.tenantDirectory().findById(TenantId.of("twin"))).isEmpty();
            }
            String token = ScenarioSupport.invitationTokenOf(h, id);
            for (Equivalent pair : group.getValue()) {
                Principal sameAccount = Principal.administrator(customer.id(), UserId.of("same-account"))
                        .withVerifiedEmail(EmailAddress.of(pair.sameAccount()));
                assertThat(h.delegation.reviewInvitation(sameAccount, token)).as(pair.what()).isNotNull();
            }
            Principal first = Principal.administrator(customer.id(), UserId.of("same-account"))
                    .withVerifiedEmail(EmailAddress.of(group.getValue().get(0).sameAccount()));
            assertThat(h.delegation.acceptInvitation(first, token).status()).isEqualTo(DelegationStatus.CONNECTED);
        }
    }

    private static Tenant tenant(String id, String accountNumber, String email) {
        return new Tenant(TenantId.of(id), AccountNumber.of(accountNumber), EmailAddress.of(email), false);
    }
}
