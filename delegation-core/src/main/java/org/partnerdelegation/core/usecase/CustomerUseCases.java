package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationTransaction;

/** The customer side: answering the invitation, seeing and ending the link, ending sessions into its tenant. */
final class CustomerUseCases {

    private final UseCaseSupport support;
    private final Transitions transitions;

    CustomerUseCases(UseCaseSupport support, Transitions transitions) {
        this.support = support;
        this.transitions = transitions;
    }

    PartnerLink acceptInvitation(Principal actor, String invitationToken) {
        AccessPolicy.notDelegated(actor);
        SecretToken token = parseInvitationToken(invitationToken);
        Instant now = support.now();
        Decision decision = support.transaction(tx -> {
            InvitationInContext found = invitationFor(tx, actor, token);
            Delegation d = found.delegation();
            if (found.invitation().status() == InvitationStatus.USED && d.isConnected()) {
                return Decision.done(d);
            }
            requireUsable(found, now);
            if (found.invitation().isExpiredAt(now)) {
                return Decision.expired(transitions.expire(tx, d, actor, now));
            }
            Tenant partner = support.tenants.findById(d.partnerTenant())
                    .filter(Tenant::partnerPermission)
                    .orElseThrow(() -> new DelegationException(ErrorCode.INVITING_PARTNER_UNAVAILABLE,
                            "The partner who sent this invitation can no longer manage customer accounts, so it cannot be "
                                    + "accepted. You may decline it."));
            // Another partner's CONNECTED delegation; this one, connected by a concurrent click, is not "another".
            if (tx.findConnectedDelegation(d.customerTenant()).filter(other -> !other.id().equals(d.id())).isPresent()) {
                throw DelegationException.alreadyLinked();
            }
            Delegation accepted = d.accept(now);
            tx.update(accepted);
            tx.updateInvitation(found.invitation().used(now));
            tx.append(support.audit(AuditEventType.INVITATION_ACCEPTED, actor, accepted, Optional.of(d.status()), now));
            tx.enqueue(support.notification(NotificationType.ACCEPTANCE_CONFIRMATION, accepted, accepted.customerEmail(), now));
            tx.enqueue(support.notification(NotificationType.ACCEPTANCE_NOTICE, accepted, partner.administratorEmail(), now));
            return new Decision(accepted, false, Optional.of(partner));
        });
        decision.throwIfExpired();
        Delegation d = decision.delegation();
        return partnerLink(d, decision.partner().or(() -> support.tenants.findById(d.partnerTenant())));
    }

    void declineInvitation(Principal actor, String invitationToken) {
        AccessPolicy.notDelegated(actor);
        SecretToken token = parseInvitationToken(invitationToken);
        Instant now = support.now();
        Decision decision = support.transaction(tx -> {
            InvitationInContext found = invitationFor(tx, actor, token);
            requireUsable(found, now);
            Delegation d = found.delegation();
            if (found.invitation().isExpiredAt(now)) {
                return Decision.expired(transitions.expire(tx, d, actor, now));
            }
            Delegation declined = d.decline(now);
            tx.update(declined);
            tx.updateInvitation(found.invitation().used(now));
            tx.append(support.audit(AuditEventType.INVITATION_DECLINED, actor, declined, Optional.of(d.status()), now));
            transitions.partnerEmail(declined).ifPresent(email ->
                    tx.enqueue(support.notification(NotificationType.DECLINE_NOTICE, declined, email, now)));
            return Decision.done(declined);
        });
        decision.throwIfExpired();
    }

    void disassociatePartner(Principal actor) {
        support.policy.customerAdministrator(actor);
        Instant now = support.now();
        support.transaction(tx -> {
            Delegation connected = tx.findConnectedDelegation(actor.tenantId())
                    .flatMap(c -> tx.lockDelegation(c.id()))
                    .filter(Delegation::isConnected)
                    .orElseThrow(() -> new DelegationException(ErrorCode.NOT_CONNECTED,
                            "Your account has no connected partner to disassociate."));
            return transitions.end(tx, connected, AuditEventType.PARTNER_DISASSOCIATED, actor, now, transitions.partnerEmail(connected));
        });
    }

    Optional<PartnerLink> currentPartner(Principal actor) {
        support.policy.customerReader(actor);
        return support.store.read(tx -> tx.findConnectedDelegation(actor.tenantId())
                .map(d -> partnerLink(d, support.tenants.findById(d.partnerTenant()))));
    }

    int endSessionsIntoTenant(Principal actor) {
        support.policy.customerAdministrator(actor);
        Instant now = support.now();
        return support.transaction(tx -> {
            // Held first, so that a login under the same delegation either commits before and is revoked here,
            // or waits and issues after: none slips in unseen.
            Optional<Delegation> connected = tx.findConnectedDelegation(actor.tenantId())
                    .flatMap(c -> tx.lockDelegation(c.id()))
                    .filter(Delegation::isConnected);
            int ended = support.sessions.revokeAllInto(actor.tenantId(), now);
            connected.ifPresent(d -> tx.append(support.audit(AuditEventType.SESSIONS_ENDED, actor, d, Optional.of(d.status()), now)));
            return ended;
        });
    }

    private static PartnerLink partnerLink(Delegation d, Optional<Tenant> partner) {
        return new PartnerLink(d.id(), d.partnerTenant(), partner.map(Tenant::accountNumber), partner.map(Tenant::administratorEmail),
                d.status(), d.acceptedAt().orElse(d.updatedAt()));
    }

    private static SecretToken parseInvitationToken(String text) {
        try {
            return SecretToken.parse(text);
        } catch (DelegationException e) {
            throw invalidInvitation("This invitation link is not valid. Open the link from the invitation mail, or ask the partner to send a new one.");
        }
    }

    private static DelegationException invalidInvitation(String message) {
        return new DelegationException(ErrorCode.INVITATION_INVALID, message);
    }

    private record InvitationInContext(Invitation invitation, Delegation delegation) {
    }

    /**
     * The invitation behind the token and its delegation, held for the rest of the unit of work,
     * if the actor is the invited account. The invitation is read again once the delegation is
     * held, so that two clicks on the same link at once see each other's answer.
     */
    private InvitationInContext invitationFor(DelegationTransaction tx, Principal actor, SecretToken token) {
        Invitation seen = tx.findInvitation(token.hash())
                .filter(i -> i.tokenHash().matches(token))
                .orElseThrow(() -> invalidInvitation("This invitation link is not valid. Open the link from the latest invitation mail, or ask the partner to send a new one."));
        Delegation d = tx.lockDelegation(seen.delegationId())
                .orElseThrow(() -> invalidInvitation("This invitation is no longer valid."));
        Invitation invitation = tx.findInvitation(token.hash())
                .orElseThrow(() -> invalidInvitation("This invitation is no longer valid."));
        support.policy.invitedAccount(actor, d);
        return new InvitationInContext(invitation, d);
    }

    private static void requireUsable(InvitationInContext found, Instant now) {
        Invitation invitation = found.invitation();
        Delegation d = found.delegation();
        if (invitation.status() == InvitationStatus.USED) {
            throw invalidInvitation("This invitation has already been answered.");
        }
        if (invitation.status() == InvitationStatus.SUPERSEDED && d.status() == DelegationStatus.EXPIRED) {
            throw new DelegationException(ErrorCode.INVITATION_EXPIRED,
                    "This invitation expired on " + invitation.expiresAt() + ". Ask the partner to add your account again.");
        }
        if (invitation.status() == InvitationStatus.SUPERSEDED && d.isPending()) {
            throw invalidInvitation("A newer invitation replaced this one. Use the link in the latest invitation mail.");
        }
        if (!d.isPending()) {
            throw invalidInvitation("This invitation is no longer valid: the delegation is " + d.status().label().toLowerCase() + ".");
        }
    }

    /** The result of answering an invitation (with the partner, where it was read already); an expiry is committed first, then reported. */
    private record Decision(Delegation delegation, boolean expired, Optional<Tenant> partner) {
        static Decision done(Delegation d) {
            return new Decision(d, false, Optional.empty());
        }

        static Decision expired(Delegation d) {
            return new Decision(d, true, Optional.empty());
        }

        void throwIfExpired() {
            if (expired) {
                throw new DelegationException(ErrorCode.INVITATION_EXPIRED,
                        "This invitation has expired. Ask the partner to add your account again.");
            }
        }
    }
}
