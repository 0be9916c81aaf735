package org.partnerdelegation.benchmarks;

import java.security.SecureRandom;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * The core's in-memory adapters with one live delegated session, reached through the use cases
 * as a host would: partner 1 adds customer 1, the invitation is delivered, the customer accepts,
 * the partner logs in.
 *
 * @param facade       the facade over the in-memory adapters (default settings, SecureRandom, system clock)
 * @param validToken   the live session's bearer token
 * @param unknownToken a well-formed token no session has
 */
record MemorySession(PartnerDelegation facade, String validToken, String unknownToken) {

    static MemorySession open() {
        InMemoryTenantDirectory directory = new InMemoryTenantDirectory();
        PartnerDelegation facade = PartnerDelegation.builder()
                .tenantDirectory(directory)
                .delegationStore(new InMemoryDelegationStore())
                .sessionIssuer(new InMemorySessionIssuer())
                .build();
        Tenant partner = directory.register(Fixtures.partner(1));
        Tenant customer = directory.register(Fixtures.customer(1));
        DelegationId id = facade.addCustomerAccount(Fixtures.adminOf(partner), customer.administratorEmail()).delegationId();
        InvitationInbox inbox = new InvitationInbox();
        OutboxDispatcher.builder(facade).notifier(inbox).build().drain();
        facade.acceptInvitation(Fixtures.adminOf(customer),
                inbox.take(customer.administratorEmail()).orElseThrow(() -> new IllegalStateException("no invitation")));
        String valid = facade.loginToCustomer(Fixtures.adminOf(partner), id).token().reveal();
        String unknown = SecretToken.generate(new SecureRandom()).reveal();
        if (facade.validateSession(valid).isEmpty() || facade.validateSession(unknown).isPresent()) {
            throw new IllegalStateException("the session tokens do not validate as the benchmark expects");
        }
        return new MemorySession(facade, valid, unknown);
    }
}
