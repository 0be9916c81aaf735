package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
// tag::embedding[]
import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.*;
import org.partnerdelegation.core.memory.*;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.*;
// end::embedding[]

/**
 * "Embedding the core": the whole path on the in-memory adapters, as docs/guide/embedding.md prints it
 * (region {@code embedding}), and the README's front page its middle (region {@code front-page}).
 */
class EmbeddingTheCoreTest {

    @Test
    void theWholePathRunsAsTheDocsShowIt() {
        // tag::embedding[]
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();   // or your own TenantDirectory
        InMemoryDelegationStore store = new InMemoryDelegationStore();
        InMemorySessionIssuer sessions = new InMemorySessionIssuer();

        Tenant partner = tenants.register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
                EmailAddress.of("admin@acme.example"), true));               // true: holds the partner permission
        Tenant customer = tenants.register(new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"),
                EmailAddress.of("admin@initech.example"), false));

        // tag::front-page[]
        PartnerDelegation delegation = PartnerDelegation.builder()
                .tenantDirectory(tenants)
                .delegationStore(store)
                .sessionIssuer(sessions)
                .build();                                                    // clock, random, settings have defaults
        // end::front-page[]

        InMemoryNotifier notifier = new InMemoryNotifier();                  // in production: your mail/chat/webhook Notifier
        OutboxDispatcher dispatcher = OutboxDispatcher.builder(delegation)   // the facade's store, directory, clock, settings
                .notifier(notifier)
                .build();
        // In production: dispatcher.start(Duration.ofSeconds(5)) drains on a daemon thread until close().

        // Principals are who the host authenticated: tenant, user, role, the email the host verified for the
        // account, and how and when the user signed in (see "Principals: who is acting").
        Principal partnerAdmin = Principal.administrator(partner.id(), UserId.of("jane@acme.example"))
                .withAuthentication(Authentication.of(Instant.now(), "pwd", "otp")); // auth_time, amr: a fresh step-up
        // The invited account itself: only it may accept or decline the invitation.
        Principal customerAdmin = Principal.administrator(customer.id(), UserId.of("admin@initech.example"))
                .withVerifiedEmail(EmailAddress.of("admin@initech.example"));

        // tag::front-page[]
        AccountListEntry row = delegation.addCustomerAccount(partnerAdmin, customer.administratorEmail()); // PENDING
        dispatcher.drain();                                          // mails the invitation (here: into the notifier)
        // The customer opens the link from the mail; the host passes the link's token. A test reads it from the notifier:
        String tokenFromTheLink = notifier.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow().reveal();
        PartnerLink link = delegation.acceptInvitation(customerAdmin, tokenFromTheLink);                   // CONNECTED
        IssuedSession login = delegation.loginToCustomer(partnerAdmin, row.delegationId());
        String bearer = login.token().reveal();                      // hand it to the partner user's client, never log it
        // On every request made with it: the request's principal, and nothing else (see "Principals").
        Optional<Principal> asCustomer = delegation.validateSession(bearer).map(DelegatedSession::principal);
        // end::front-page[]
        boolean loggedOut = delegation.endSession(bearer);           // the partner user logs out; idempotent
        delegation.deleteAccount(partnerAdmin, row.delegationId());  // REMOVED; its sessions stop validating at once
        Optional<DelegatedSession> afterwards = delegation.validateSession(bearer);                       // empty
        dispatcher.close();
        // end::embedding[]

        assertThat(row.status()).isEqualTo(DelegationStatus.PENDING);
        assertThat(link.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(link.partnerAccountNumber()).contains(partner.accountNumber());
        assertThat(asCustomer).hasValueSatisfying(p -> {
            assertThat(p.tenantId()).isEqualTo(customer.id());
            assertThat(p.isDelegated()).isTrue();
            assertThat(p.actingPartner()).contains(partner.id());
        });
        assertThat(loggedOut).isTrue();
        assertThat(afterwards).isEmpty();
    }
}
