package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedLogin;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Ids;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;

/** The host's operators: the partner permission, scheduled maintenance, and the audit trail. */
final class OperatorUseCases {

    private static final int BATCH = 500;
    private static final int EXPIRY_BATCH = 100;
    /** The least time between two login digests to one customer. */
    private static final java.time.Duration DIGEST_INTERVAL = java.time.Duration.ofDays(1);
    /**
     * How much earlier than a day after the previous digest a run may write the next: a job run once a
     * day starts a little earlier or later each day, and a run a few milliseconds early must not put the
     * digest off by a whole day.
     */
    private static final java.time.Duration DIGEST_SLACK = java.time.Duration.ofMinutes(5);
    /** The most logins one digest lists: a mail stays readable; the rest go in the next run's digest, not a day later. */
    private static final int DIGEST_MAX_LOGINS = 500;

    private final UseCaseSupport support;
    private final Transitions transitions;

    OperatorUseCases(UseCaseSupport support, Transitions transitions) {
        this.support = support;
        this.transitions = transitions;
    }

    Tenant grantPartnerPermission(Principal operator, TenantId tenantId) {
        return changePartnerPermission(operator, tenantId, true, Optional.empty());
    }

    Tenant revokePartnerPermission(Principal operator, TenantId tenantId, Optional<Reason> reason) {
        DelegationException.requireArgument(reason, "reason");
        return changePartnerPermission(operator, tenantId, false, reason);
    }

    /**
     * One unit of work: the directory change, its audit event and, for a revocation, the epoch
     * moved on and every session of the partner revoked. A directory on the store's database joins
     * it and rolls back with it. A directory elsewhere has committed on its own: it is put back
     * only if it still holds the value written here, so that a concurrent operator's change is
     * never overwritten blindly.
     */
    private Tenant changePartnerPermission(Principal operator, TenantId tenantId, boolean grant, Optional<Reason> reason) {
        support.policy.operator(operator);
        DelegationException.requireArgument(tenantId, "tenantId");
        Instant now = support.now();
        boolean[] changed = new boolean[1];
        try {
            return support.transaction(tx -> {
                Tenant before = support.tenants.findById(tenantId)
                        .orElseThrow(() -> new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND, "No tenant has the id " + tenantId + "."));
                Tenant after = grant ? support.tenants.grantPartnerPermission(tenantId) : support.tenants.revokePartnerPermission(tenantId);
                // Sticky across retries: a directory outside the store keeps what an earlier attempt wrote.
                changed[0] |= before.partnerPermission() != grant;
                tx.append(new AuditEvent(new AuditEventId(Ids.randomUuid(support.random)),
                        grant ? AuditEventType.PARTNER_PERMISSION_GRANTED : AuditEventType.PARTNER_PERMISSION_REVOKED,
                        Optional.empty(), tenantId, operator.tenantId(), operator.userId(), Optional.empty(), Optional.empty(), now,
                        Set.of(), Optional.empty(), reason.map(Reason::text), UseCaseSupport.authenticationMethods(operator)));
                if (!grant) {
                    tx.advancePartnerEpoch(tenantId);
                    support.sessions.revokeAllOfPartner(tenantId, now);
                }
                return after;
            });
        } catch (RuntimeException e) {
            // Not after OUTCOME_UNKNOWN: the unit of work may have committed, and putting the permission back would undo
            // a change its audit event records. The host's retry of the same call settles it either way.
            if (changed[0] && !(e instanceof DelegationException d && d.code() == ErrorCode.OUTCOME_UNKNOWN)) {
                try {
                    support.tenants.setPartnerPermissionIf(tenantId, grant, !grant);
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
    }

    int expireInvitations(Principal operator) {
        support.policy.operator(operator);
        return expireInvitations(operator, support.now());
    }

    private int expireInvitations(Principal operator, Instant now) {
        return inBatches(EXPIRY_BATCH, () -> support.transaction(tx -> {
            List<Delegation> due = tx.findExpiredPending(now, EXPIRY_BATCH);
            due.forEach(d -> transitions.expire(tx, d, operator, now));
            return due.size();
        }));
    }

    /**
     * Every time limit, each kind in batches of its own units of work: expired invitations and
     * change requests, renewals and ends, then ending notices. Safe on several nodes at once: the ends
     * skip what another node holds, and the rest lose an optimistic race and find nothing on retry.
     */
    TimeLimitResult enforceTimeLimits(Principal operator) {
        support.policy.operator(operator);
        Instant now = support.now();
        int invitations = expireInvitations(operator, now);
        int changes = inBatches(EXPIRY_BATCH, () -> support.transaction(tx -> {
            List<Delegation> due = tx.findExpiredChangeRequests(now, EXPIRY_BATCH);
            due.forEach(d -> transitions.expireChange(tx, d, operator, now));
            return due.size();
        }));
        int renewed = 0;
        int ended = 0;
        while (true) {
            // Counted once the batch committed: a retried unit of work must not count twice.
            int[] batch = support.transaction(tx -> {
                int[] done = new int[2];
                for (Delegation d : tx.lockEndedConnected(now, EXPIRY_BATCH)) {
                    // Renewed only while the renewed period is still to come: a sweep that did not run for the whole
                    // of it records the end, not a renewal already over.
                    if (d.grant().autoRenew() && d.grant().grantsAccessAt(now)) {
                        transitions.renew(tx, d, operator, now);
                        done[0]++;
                    } else {
                        transitions.endAtTerm(tx, d, operator, now);
                        done[1]++;
                    }
                }
                return done;
            });
            renewed += batch[0];
            ended += batch[1];
            if (batch[0] + batch[1] < EXPIRY_BATCH) {
                break;
            }
        }
        // After the ends: a delegation ending now gets its end notice, not an ending notice as well.
        int notices = support.settings.endingNotice().isZero() ? 0 : inBatches(EXPIRY_BATCH, () -> support.transaction(tx -> {
            List<Delegation> due = tx.findEndingUnnoticed(now.plus(support.settings.endingNotice()), EXPIRY_BATCH);
            due.forEach(d -> transitions.noticeEnding(tx, d, now));
            return due.size();
        }));
        int digests = loginDigests(now);
        return new TimeLimitResult(invitations, changes, notices, renewed, ended, digests);
    }

    /**
     * One digest per customer tenant due one, each in its own unit of work with the marking of
     * what it lists: a retried or concurrent run finds the tenant no longer due. Counted once committed.
     */
    private int loginDigests(Instant now) {
        Instant lastDigestBy = now.minus(DIGEST_INTERVAL).plus(DIGEST_SLACK);
        int digests = 0;
        while (true) {
            List<TenantId> due = support.store.read(tx -> tx.findLoginDigestsDue(lastDigestBy, EXPIRY_BATCH));
            int marked = 0;
            for (TenantId customer : due) {
                int done = support.transaction(tx -> loginDigest(tx, customer, lastDigestBy, now));
                marked += done >= 0 ? 1 : 0;
                digests += Math.max(done, 0);
            }
            // A full batch of tenants another node took meanwhile marks nothing here: stop rather than ask again.
            if (due.size() < EXPIRY_BATCH || marked == 0) {
                return digests;
            }
        }
    }

    /**
     * The customer's digest, if it is still due: 1 when one was written, 0 when its logins were
     * marked reported without one (the tenant left the directory), -1 when it was no longer due.
     */
    private int loginDigest(org.partnerdelegation.core.port.DelegationTransaction tx, TenantId customer, Instant lastDigestBy,
                            Instant now) {
        List<AuditEvent> logins = tx.lockUnreportedLogins(customer, lastDigestBy, DIGEST_MAX_LOGINS);
        if (logins.isEmpty()) {
            return -1;
        }
        AuditEvent latest = logins.get(logins.size() - 1);
        // A full digest may leave logins behind: the tenant stays due, and the next run mails the rest, so that a
        // flood of logins cannot put a chosen one off day after day.
        boolean more = logins.size() == DIGEST_MAX_LOGINS;
        tx.markLoginsReported(customer, latest.id(), more ? lastDigestBy : now);
        // A tenant that left the directory has no one to tell: its logins count as reported all the same.
        Optional<Tenant> tenant = support.tenants.findById(customer);
        if (tenant.isEmpty() || latest.delegationId().isEmpty()) {
            return 0;
        }
        tx.enqueue(support.loginNotification(NotificationType.DELEGATED_LOGIN_DIGEST, latest.delegationId().get(),
                tenant.get().administratorEmail(), now, logins.stream().map(DelegatedLogin::of).toList()));
        return 1;
    }

    Page<AuditEvent> auditTrailOfTenant(Principal actor, TenantId tenantId, AuditRange range) {
        support.policy.tenantAuditReader(actor, tenantId);
        DelegationException.requireArgument(range, "range");
        support.requirePageSize(range.limit());
        Optional<AuditEventId> after = range.afterEvent();
        // An open range (Instant.MIN, Instant.MAX: "everything") is cut to what storage keeps, which holds every event.
        Instant from = range.from().isBefore(UseCaseSupport.EARLIEST_STORED) ? UseCaseSupport.EARLIEST_STORED : range.from();
        Instant to = range.to().isAfter(UseCaseSupport.LATEST_STORED) ? UseCaseSupport.LATEST_STORED : range.to();
        if (!to.isAfter(from)) {
            return Page.ofOneMore(List.<AuditEvent>of(), range.limit(), e -> e.id().toString(), e -> e);
        }
        List<AuditEvent> events = support.store.read(tx ->
                tx.auditEventsOfTenant(tenantId, from, to, after, range.limit() + 1));
        return Page.ofOneMore(events, range.limit(), e -> e.id().toString(), e -> e);
    }

    long exportAuditTrail(Principal actor, TenantId tenantId, AuditRange range, Appendable out) {
        DelegationException.requireArgument(out, "out");
        long written = 0;
        AuditRange page = range;
        while (true) {
            Page<AuditEvent> events = auditTrailOfTenant(actor, tenantId, page);
            written += AuditJsonLines.write(events.items(), out);
            if (events.nextCursor().isEmpty()) {
                return written;
            }
            page = page.after(events.nextCursor().get());
        }
    }

    Page<AuditEvent> auditTrail(Principal actor, DelegationId delegationId, AuditQuery query) {
        DelegationException.requireArgument(actor, "actor");
        DelegationException.requireArgument(delegationId, "delegationId");
        DelegationException.requireArgument(query, "query");
        support.requirePageSize(query.limit());
        Optional<AuditEventId> after = query.afterEvent();
        List<AuditEvent> events = support.store.read(tx ->
                tx.auditTrail(readableDelegation(tx, actor, delegationId).id(), after, query.limit() + 1));
        return Page.ofOneMore(events, query.limit(), e -> e.id().toString(), e -> e);
    }

    /** The delegation whose trail the actor may read; "not found" for one it may not, as for one that does not exist. */
    private Delegation readableDelegation(org.partnerdelegation.core.port.DelegationTransaction tx, Principal actor, DelegationId id) {
        Delegation d = tx.findDelegation(id).orElseThrow(() -> UseCaseSupport.notFound(id));
        support.policy.auditReader(actor, d);
        return d;
    }

    List<AuditEvent> permissionAuditTrail(Principal operator, TenantId tenantId) {
        support.policy.operator(operator);
        DelegationException.requireArgument(tenantId, "tenantId");
        return support.store.read(tx -> tx.permissionChanges(tenantId));
    }

    RetentionResult applyRetention(Principal operator, RetentionPolicy policy) {
        support.policy.operator(operator);
        DelegationException.requireArgument(policy, "policy");
        Instant cutoff = support.now().minus(policy.olderThan());
        int notifications = inBatches(BATCH, () -> support.transaction(tx -> tx.deleteClosedNotificationsBefore(cutoff, BATCH)));
        int sessions = inBatches(BATCH, () -> support.transaction(tx -> support.sessions.deleteEndedBefore(cutoff, BATCH)));
        int audit = policy.auditEvents()
                ? inBatches(BATCH, () -> support.transaction(tx -> tx.deleteAuditEventsBefore(cutoff, BATCH)))
                : 0;
        return new RetentionResult(notifications, sessions, audit);
    }

    /** Runs one batch after another, each its own unit of work, until a batch comes back short. */
    private static int inBatches(int size, IntSupplier batch) {
        int total = 0;
        while (true) {
            int done = batch.getAsInt();
            total += done;
            if (done < size) {
                return total;
            }
        }
    }
}
