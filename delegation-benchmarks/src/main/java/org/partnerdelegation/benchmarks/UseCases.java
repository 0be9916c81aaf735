package org.partnerdelegation.benchmarks;

import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * The benchmarked calls, with the facade's signatures: implemented by the library
 * ({@link #library}) and by a floor in plain JDBC ({@code floor.FloorUseCases}), so that one
 * benchmark body measures either. Implementations are thread-safe.
 */
public interface UseCases {

    /** As {@link PartnerDelegation#validateSession(String)}. */
    Optional<DelegatedSession> validateSession(String sessionToken);

    /** As {@link PartnerDelegation#listAccounts(Principal, AccountQuery)}. */
    Page<AccountListEntry> listAccounts(Principal actor, AccountQuery query);

    /** As {@link PartnerDelegation#loginToCustomer(Principal, DelegationId)}. */
    IssuedSession loginToCustomer(Principal actor, DelegationId delegationId);

    /** As {@link PartnerDelegation#addCustomerAccount(Principal, EmailAddress)}. */
    AccountListEntry addCustomerAccount(Principal actor, EmailAddress customerEmail);

    /** As {@link PartnerDelegation#deleteAccount(Principal, DelegationId)}. */
    void deleteAccount(Principal actor, DelegationId delegationId);

    /** As {@link PartnerDelegation#acceptInvitation(Principal, String)}. */
    PartnerLink acceptInvitation(Principal actor, String invitationToken);

    /** The library's facade behind this interface. */
    static UseCases library(PartnerDelegation facade) {
        return new UseCases() {
            @Override
            public Optional<DelegatedSession> validateSession(String sessionToken) {
                return facade.validateSession(sessionToken);
            }

            @Override
            public Page<AccountListEntry> listAccounts(Principal actor, AccountQuery query) {
                return facade.listAccounts(actor, query);
            }

            @Override
            public IssuedSession loginToCustomer(Principal actor, DelegationId delegationId) {
                return facade.loginToCustomer(actor, delegationId);
            }

            @Override
            public AccountListEntry addCustomerAccount(Principal actor, EmailAddress customerEmail) {
                return facade.addCustomerAccount(actor, customerEmail);
            }

            @Override
            public void deleteAccount(Principal actor, DelegationId delegationId) {
                facade.deleteAccount(actor, delegationId);
            }

            @Override
            public PartnerLink acceptInvitation(Principal actor, String invitationToken) {
                return facade.acceptInvitation(actor, invitationToken);
            }
        };
    }
}
