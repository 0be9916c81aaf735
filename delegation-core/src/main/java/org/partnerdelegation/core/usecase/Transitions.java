package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationTransaction;

/** The transitions more than one side makes, each with its audit event, notifications and revocations, inside a unit of work. */
final class Transitions {

    private final UseCaseSupport support;

    Transitions(UseCaseSupport support) {
        this.support = support;
    }

    /**
     * Ends an open delegation: REMOVED, invitation links dead, live sessions revoked in the same
     * unit of work (a failure to revoke fails the whole use case; nothing is reported as done),
     * both sides told. The customer is told only if it was connected or an invitation ever reached
     * it, as stored when the writes go: a customer whose invitation was never mailed has nothing to
     * be told about. The writes go together ({@link org.partnerdelegation.core.port.JoinedQueries#recordEnd}).
     */
    Delegation end(DelegationTransaction tx, Delegation d, AuditEventType type, Principal actor, Instant now,
                   Optional<EmailAddress> partnerEmail, Optional<Reason> reason) {
        Delegation removed = d.remove(now);
        List<OutboxEntry> notices = new ArrayList<>(2);
        partnerEmail.ifPresent(email ->
                notices.add(support.notification(NotificationType.REMOVAL_NOTICE_TO_PARTNER, removed, email, now)));
        OutboxEntry toCustomer = support.notification(NotificationType.REMOVAL_NOTICE_TO_CUSTOMER, removed, removed.customerEmail(), now);
        if (d.isConnected()) {
            notices.add(toCustomer);
        }
        support.joined.recordEnd(tx, support.sessions, removed, support.audit(type, actor, removed, Optional.of(d.status()), now,
                        Set.of(), Optional.empty(), reason.map(Reason::text)), notices,
                d.isConnected() ? Optional.empty() : Optional.of(toCustomer), d.isConnected() ? Optional.of(now) : Optional.empty());
        return removed;
    }

    /** PENDING to EXPIRED, audited, the partner told. */
    Delegation expire(DelegationTransaction tx, Delegation d, Principal actor, Instant now) {
        Optional<EmailAddress> partnerEmail = partnerEmail(d);
        Delegation expired = d.expire(now);
        List<OutboxEntry> notices = partnerEmail
                .map(email -> List.of(support.notification(NotificationType.EXPIRY_NOTICE, expired, email, now)))
                .orElse(List.of());
        support.joined.recordEnd(tx, support.sessions, expired,
                support.audit(AuditEventType.INVITATION_EXPIRED, actor, expired, Optional.of(d.status()), now), notices,
                Optional.empty(), Optional.empty());
        return expired;
    }

    /** A change request whose invitation expired: dropped, the grant in force kept, the partner told. */
    Delegation expireChange(DelegationTransaction tx, Delegation d, Principal actor, Instant now) {
        // The directory read first: on a database that holds appended records back, a read after them sends them alone.
        Optional<EmailAddress> partnerEmail = partnerEmail(d);
        Delegation kept = d.withRequestedChange(Optional.empty());
        tx.update(kept);
        tx.supersedeOpenInvitations(d.id());
        tx.append(support.grantAudit(AuditEventType.GRANT_CHANGE_EXPIRED, actor, kept, kept.roles(), kept.grant().endsAt(), now));
        partnerEmail.ifPresent(email ->
                tx.enqueue(support.notification(NotificationType.CHANGE_DECLINED_NOTICE, kept, email, now)));
        return kept;
    }

    /** Both sides told that the current period ends soon; once per period. */
    Delegation noticeEnding(DelegationTransaction tx, Delegation d, Instant now) {
        Delegation noticed = d.withGrant(d.grant().withEndingNoticeSent());
        tx.update(noticed);
        partnerEmail(noticed).ifPresent(email ->
                tx.enqueue(support.notification(NotificationType.ENDING_NOTICE_TO_PARTNER, noticed, email, now)));
        tx.enqueue(support.notification(NotificationType.ENDING_NOTICE_TO_CUSTOMER, noticed, noticed.customerEmail(), now));
        return noticed;
    }

    /** The end date passed with automatic renewal approved: one more period of the same length, both sides told. */
    Delegation renew(DelegationTransaction tx, Delegation d, Principal actor, Instant now) {
        Optional<EmailAddress> partnerEmail = partnerEmail(d);
        Delegation renewed = d.withGrant(d.grant().renewed());
        tx.update(renewed);
        tx.append(support.grantAudit(AuditEventType.DELEGATION_RENEWED, actor, renewed, renewed.roles(), renewed.grant().endsAt(), now));
        partnerEmail.ifPresent(email ->
                tx.enqueue(support.notification(NotificationType.RENEWAL_NOTICE_TO_PARTNER, renewed, email, now)));
        tx.enqueue(support.notification(NotificationType.RENEWAL_NOTICE_TO_CUSTOMER, renewed, renewed.customerEmail(), now));
        return renewed;
    }

    /**
     * The end date passed: ENDED, change links dead, sessions revoked in the same unit of work, both
     * sides told. A renewal approved but never applied (the sweep did not run during the renewed
     * period) counts as taken: the delegation is recorded as ending when its access ended.
     */
    Delegation endAtTerm(DelegationTransaction tx, Delegation d, Principal actor, Instant now) {
        Optional<EmailAddress> partnerEmail = partnerEmail(d);
        Delegation ended = lapsed(d).end(now);
        List<OutboxEntry> notices = new ArrayList<>(2);
        partnerEmail.ifPresent(email -> notices.add(support.notification(NotificationType.END_NOTICE_TO_PARTNER, ended, email, now)));
        notices.add(support.notification(NotificationType.END_NOTICE_TO_CUSTOMER, ended, ended.customerEmail(), now));
        support.joined.recordEnd(tx, support.sessions, ended, support.audit(AuditEventType.DELEGATION_ENDED, actor, ended,
                Optional.of(d.status()), now, ended.roles(), ended.grant().endsAt(), Optional.empty()), notices, Optional.empty(),
                Optional.of(now));
        return ended;
    }

    /**
     * The delegation as it stands at {@code now}: a CONNECTED one whose access ended by then (renewal
     * included) reads as {@link #endAtTerm} will record it - ENDED when its access ended, its renewal
     * taken, no change request - whether or not the time-limit job has run. Any other as it is. A
     * view for what the use cases show, never stored.
     */
    static Delegation asOf(Delegation d, Instant now) {
        if (!d.isConnected() || d.grantsAccessAt(now)) {
            return d;
        }
        return lapsed(d).end(d.grant().accessUntil().orElseThrow());
    }

    /** The delegation with its whole access in its grant: a pending renewal applied, at the same version. */
    private static Delegation lapsed(Delegation d) {
        if (!d.grant().autoRenew()) {
            return d;
        }
        return new Delegation(d.id(), d.partnerTenant(), d.customerTenant(), d.customerEmail(), d.customerAccountNumber(),
                d.status(), d.createdAt(), d.updatedAt(), d.acceptedAt(), d.grant().renewed(), d.requestedChange(), d.version());
    }

    Optional<EmailAddress> partnerEmail(Delegation d) {
        return support.tenants.findById(d.partnerTenant()).map(Tenant::administratorEmail);
    }
}
