package org.partnerdelegation.benchmarks;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.DelegationSettings;

/**
 * Invitations waiting to be accepted, for acceptInvitation: each a new customer, partner 1's
 * PENDING delegation to it and the OPEN invitation the outbox dispatcher would have minted on
 * mailing it (valid for the default seven days), inserted straight into the tables.
 */
public final class OpenInvitations {

    /** What accepting needs: the invited account, and the token from its mail. */
    public record Invite(Principal invited, String token) {
    }

    private final BenchmarkDatabase db;
    private final SecureRandom random = new SecureRandom();
    private long next;

    /** Customers numbered from {@code first} on, in that database. */
    public OpenInvitations(BenchmarkDatabase db, long first) {
        this.db = db;
        this.next = first;
    }

    /** Makes that many more and returns them. */
    public List<Invite> make(int count) {
        Tenant partner = Fixtures.partner(1);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = now.plus(DelegationSettings.DEFAULT_INVITATION_TTL);
        List<Tenant> customers = new ArrayList<>(count);
        List<Delegation> delegations = new ArrayList<>(count);
        List<Invitation> invitations = new ArrayList<>(count);
        List<Invite> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Tenant customer = Fixtures.customer(next++);
            Delegation pending = Delegation.pending(DelegationId.of(UUID.randomUUID()), partner.id(), customer, now);
            SecretToken token = SecretToken.generate(random);
            customers.add(customer);
            delegations.add(pending);
            invitations.add(Invitation.open(token.hash(), pending.id(), now, expiresAt));
            made.add(new Invite(Fixtures.adminOf(customer), token.reveal()));
        }
        try (DataLoader loader = DataLoader.open(db)) {
            loader.tenants(customers).delegations(delegations).invitations(invitations);
        }
        return made;
    }
}
