package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.GrantChange;
import org.partnerdelegation.core.domain.Ids;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.StorageTime;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationTransaction;
import org.partnerdelegation.core.port.JoinedQueries;

/** The customer side: answering the invitation, seeing and ending the link, ending sessions into its tenant. */
final class CustomerUseCases {

    private final UseCaseSupport support;
    private final Transitions transitions;

    CustomerUseCases(UseCaseSupport support, Transitions transitions) {
        this.support = support;
        this.transitions = transitions;
    }

    PartnerLink acceptInvitation(Principal actor, String invitationToken, GrantRules rules) {
        AccessPolicy.notDelegated(actor);
        SecretToken token = parseInvitationToken(invitationToken);
        DelegationException.requireArgument(rules, "rules");
        Instant now = support.now();
        Decision decision = support.transaction(tx -> {
            InvitationInContext found = invitationFor(tx, actor, token);
            Delegation d = found.delegation();
            // A second click on a link that was accepted or approved answers as the first did, while the access it gave
            // lasts. Told apart by how the invitation was answered, not by timestamps (equal when the clock has not
            // moved): a declined link is refused as answered below, and never reads "approved".
            if (found.invitation().status() == InvitationStatus.USED && d.grantsAccessAt(now)) {
                return Decision.done(d);
            }
            requireUsable(found, now);
            if (found.invitation().isExpiredAt(now)) {
                return Decision.expired(d.isPending() ? transitions.expire(tx, d, actor, now)
                        : transitions.expireChange(tx, d, actor, now));
            }
            Tenant partner = found.partner()
                    .filter(Tenant::partnerPermission)
                    .orElseThrow(() -> new DelegationException(ErrorCode.INVITING_PARTNER_UNAVAILABLE,
                            "The partner who sent this invitation can no longer manage customer accounts, so it cannot be "
                                    + "accepted. You may decline it."));
            if (d.isConnected()) {
                requireStepUpForCustomerAction(actor, now, "Approving a change to your partner's access");
                return new Decision(approveChange(tx, found, actor, rules, partner, now), false, Optional.of(partner));
            }
            // Another partner's CONNECTED delegation; this one, connected by a concurrent click, is not "another".
            Optional<Delegation> other = found.otherConnected()
                    .flatMap(tx::lockDelegation)
                    .filter(Delegation::isConnected);
            if (other.isPresent() && other.get().grantsAccessAt(now)) {
                throw DelegationException.alreadyLinked();
            }
            // Its access ended, though the time-limit job has not recorded it yet: recorded now, as the job would (ENDED,
            // sessions revoked, both sides told, audited), so that one CONNECTED delegation per customer still holds.
            other.ifPresent(ended -> transitions.endAtTerm(tx, ended, actor, now));
            if (rules.autoRenew()) {
                requireRenewable(d.grant());
            }
            // Approving the first grant hands the partner access, as approving a change widens it.
            requireStepUpForCustomerAction(actor, now, "Accepting a partner's invitation");
            Delegation accepted = d.accept(now, rules.autoRenew(), rules.requireReasonForSensitiveRoles());
            tx.update(accepted);
            tx.updateInvitation(found.invitation().used(now));
            tx.append(support.audit(AuditEventType.INVITATION_ACCEPTED, actor, accepted, Optional.of(d.status()), now,
                    accepted.roles(), accepted.grant().endsAt(), Optional.empty()));
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
            if (found.invitation().status() == InvitationStatus.DECLINED) {
                // Declined already by this account (this very call, retried after OUTCOME_UNKNOWN, or a second click):
                // answered as the first was, with nothing written.
                return Decision.done(found.delegation());
            }
            requireUsable(found, now);
            Delegation d = found.delegation();
            if (found.invitation().isExpiredAt(now)) {
                return Decision.expired(d.isPending() ? transitions.expire(tx, d, actor, now)
                        : transitions.expireChange(tx, d, actor, now));
            }
            if (d.isConnected()) {
                // A change request declined: the grant in force stays as it is.
                Delegation kept = d.withRequestedChange(Optional.empty());
                tx.update(kept);
                tx.updateInvitation(found.invitation().declined(now));
                tx.append(support.grantAudit(AuditEventType.GRANT_CHANGE_DECLINED, actor, kept, kept.roles(),
                        kept.grant().endsAt(), now));
                transitions.partnerEmail(kept).ifPresent(email ->
                        tx.enqueue(support.notification(NotificationType.CHANGE_DECLINED_NOTICE, kept, email, now)));
                return Decision.done(kept);
            }
            Delegation declined = d.decline(now);
            tx.update(declined);
            tx.updateInvitation(found.invitation().declined(now));
            tx.append(support.audit(AuditEventType.INVITATION_DECLINED, actor, declined, Optional.of(d.status()), now));
            transitions.partnerEmail(declined).ifPresent(email ->
                    tx.enqueue(support.notification(NotificationType.DECLINE_NOTICE, declined, email, now)));
            return Decision.done(declined);
        });
        decision.throwIfExpired();
    }

    void disassociatePartner(Principal actor, Optional<Reason> reason) {
        support.policy.customerAdministrator(actor);
        DelegationException.requireArgument(reason, "reason");
        Instant now = support.now();
        support.transaction(tx -> {
            // One whose access ended is no connected partner, whether or not the time-limit job has recorded it.
            Optional<Delegation> connected = tx.findConnectedDelegation(actor.tenantId())
                    .flatMap(c -> tx.lockDelegation(c.id()))
                    .filter(d -> d.grantsAccessAt(now));
            if (connected.isEmpty()) {
                // The customer's last connection was removed (this very call, retried after OUTCOME_UNKNOWN, or the
                // partner's deletion): what was asked holds. Never connected, or its last connection ended at its end
                // date or is still to be recorded as ended: nothing to disassociate.
                if (tx.findLatestAccepted(actor.tenantId()).filter(d -> d.status() == DelegationStatus.REMOVED).isPresent()) {
                    return null;
                }
                throw new DelegationException(ErrorCode.NOT_CONNECTED, "Your account has no connected partner to disassociate.");
            }
            return transitions.end(tx, connected.get(), AuditEventType.PARTNER_DISASSOCIATED, actor, now,
                    transitions.partnerEmail(connected.get()), reason);
        });
    }

    Optional<PartnerLink> currentPartner(Principal actor) {
        support.policy.customerReader(actor);
        Instant now = support.now();
        // A link whose access ended is no current partner, whether or not the time-limit job has recorded it yet: the
        // answer is the same before the job runs and after.
        return support.store.read(tx -> tx.findConnectedDelegation(actor.tenantId())
                .filter(d -> d.grantsAccessAt(now))
                .map(d -> partnerLink(d, support.tenants.findById(d.partnerTenant()))));
    }

    InvitationReview reviewInvitation(Principal actor, String invitationToken) {
        AccessPolicy.notDelegated(actor);
        SecretToken token = parseInvitationToken(invitationToken);
        Instant now = support.now();
        return support.store.read(tx -> {
            Invitation invitation = tx.findInvitation(token.hash())
                    .filter(i -> i.tokenHash().matches(token))
                    .orElseThrow(() -> invalidInvitation("This invitation link is not valid. Open the link from the latest "
                            + "invitation mail, or ask the partner to send a new one."));
            Delegation d = tx.findDelegation(invitation.delegationId())
                    .orElseThrow(() -> invalidInvitation("This invitation is no longer valid."));
            support.policy.invitedAccount(actor, d);
            InvitationInContext found = new InvitationInContext(invitation, d);
            requireUsable(found, now);
            if (invitation.status().isAnswered()) {
                throw invalidInvitation("This invitation has already been answered.");
            }
            if (invitation.isExpiredAt(now)) {
                throw new DelegationException(ErrorCode.INVITATION_EXPIRED,
                        "This invitation has expired. Ask the partner to send a new one.");
            }
            Optional<Tenant> partner = support.tenants.findById(d.partnerTenant());
            if (d.isPending()) {
                return new InvitationReview(d.id(), InvitationReview.Kind.NEW_DELEGATION, partner.map(Tenant::accountNumber),
                        partner.map(Tenant::administratorEmail), d.customerEmail(), support.catalogue.describe(d.roles()),
                        d.grant().term(), List.of(), Optional.empty(), invitation.expiresAt(), renewable(d.grant()),
                        partner.flatMap(t -> t.profile().displayName()));
            }
            GrantChange change = d.requestedChange().orElseThrow();
            AccessGrant after = change.applyTo(d.grant(), now);
            return new InvitationReview(d.id(), InvitationReview.Kind.CHANGE_OF_GRANT, partner.map(Tenant::accountNumber),
                    partner.map(Tenant::administratorEmail), d.customerEmail(), support.catalogue.describe(change.roles()),
                    change.term(), support.catalogue.describe(d.roles()), d.grant().endsAt(), invitation.expiresAt(),
                    renewable(after) && after.endsAt().isPresent(), partner.flatMap(t -> t.profile().displayName()));
        });
    }

    PartnerLink restrictPartnerAccess(Principal actor, Set<RoleKey> roles, Optional<Instant> endsAt) {
        support.policy.customerAdministrator(actor);
        DelegationException.requireArgument(roles, "roles");
        DelegationException.requireArgument(endsAt, "endsAt");
        Set<RoleKey> kept = RoleKey.requireSome(roles, "roles");
        Instant now = support.now();
        if (endsAt.isPresent() && !endsAt.get().isAfter(now)) {
            throw DelegationException.invalidInput("endsAt", "must be in the future; to end the partner's access now, disassociate it");
        }
        if (endsAt.isPresent() && endsAt.get().isAfter(UseCaseSupport.LATEST_STORED)) {
            // Past what the databases keep: refused here alike on every store, not as a storage failure to retry.
            throw DelegationException.invalidInput("endsAt", "must be no later than " + UseCaseSupport.LATEST_STORED);
        }
        Delegation d = support.transaction(tx -> {
            Delegation connected = lockConnected(tx, actor, now);
            requireStepUpForCustomerAction(actor, now, "Restricting your partner's access");
            AccessGrant reduced = connected.grant().reducedTo(kept, endsAt.map(StorageTime::of));
            if (reduced.equals(connected.grant())) {
                return connected;
            }
            Delegation changed = connected.reducedTo(reduced);
            tx.update(changed);
            narrowSessions(changed, now);
            if (connected.requestedChange().isPresent()) {
                // Its link dies with it: approving it later would bring back what was just cut.
                tx.supersedeOpenInvitations(connected.id());
            }
            tx.append(support.grantAudit(AuditEventType.GRANT_REDUCED, actor, changed, reduced.roles(), reduced.endsAt(), now));
            transitions.partnerEmail(changed).ifPresent(email ->
                    tx.enqueue(support.notification(NotificationType.GRANT_REDUCED_NOTICE, changed, email, now)));
            return changed;
        });
        return partnerLink(d, support.tenants.findById(d.partnerTenant()));
    }

    PartnerLink changeGrantRules(Principal actor, GrantRules rules) {
        support.policy.customerAdministrator(actor);
        DelegationException.requireArgument(rules, "rules");
        Instant now = support.now();
        Delegation d = support.transaction(tx -> {
            Delegation connected = lockConnected(tx, actor, now);
            // Turning renewal on or a reason off loosens the partner's access.
            requireStepUpForCustomerAction(actor, now, "Changing the rules of your partner's access");
            if (rules.autoRenew() && !connected.grant().autoRenew()) {
                requireRenewable(connected.grant());
                if (connected.grant().endsAt().isEmpty()) {
                    throw new DelegationException(ErrorCode.RENEWAL_NOT_ALLOWED,
                            "Your partner's access has no end date, so there is nothing to renew.");
                }
            }
            AccessGrant ruled = connected.grant().withRules(rules.autoRenew(), rules.requireReasonForSensitiveRoles());
            if (ruled.equals(connected.grant())) {
                return connected;
            }
            Delegation changed = connected.withGrant(ruled);
            tx.update(changed);
            narrowSessions(changed, now);
            tx.append(support.grantAudit(AuditEventType.GRANT_RULES_CHANGED, actor, changed, ruled.roles(), ruled.accessUntil(), now));
            return changed;
        });
        return partnerLink(d, support.tenants.findById(d.partnerTenant()));
    }

    Page<DelegatedSessionView> delegatedSessions(Principal actor, SessionQuery query) {
        AccessPolicy.notDelegated(actor);
        DelegationException.requireArgument(query, "query");
        support.requirePageSize(query.limit());
        Optional<SessionId> after = query.afterSession();
        Instant now = support.now();
        return support.store.read(tx -> {
            List<DelegatedSession> rows = support.sessions.sessionsInto(actor.tenantId(), after, query.limit() + 1);
            Map<DelegationId, Optional<Delegation>> delegations = new HashMap<>();
            return Page.ofOneMore(rows, query.limit(), s -> s.id().toString(), s -> {
                // As validation answers: a session whose every role the customer has taken back validates no more.
                boolean live = s.isActiveAt(now) && delegations.computeIfAbsent(s.delegationId(), tx::findDelegation)
                        .filter(d -> d.grantsAccessAt(now) && s.narrowedTo(d.roles()).isPresent()).isPresent();
                return new DelegatedSessionView(s.id(), s.delegationId(), s.actorTenant(), s.actorUser(), s.subject(), s.roles(),
                        s.reason(), s.issuedAt(), s.expiresAt(), s.revokedAt(), live);
            });
        });
    }

    boolean endDelegatedSession(Principal actor, SessionId sessionId, Optional<Reason> reason) {
        support.policy.customerAdministrator(actor);
        DelegationException.requireArgument(sessionId, "sessionId");
        DelegationException.requireArgument(reason, "reason");
        Instant now = support.now();
        return support.transaction(tx -> {
            DelegatedSession session = support.sessions.findSession(sessionId)
                    .filter(s -> s.customerTenant().equals(actor.tenantId()))
                    .orElseThrow(() -> new DelegationException(ErrorCode.SESSION_NOT_FOUND,
                            "No delegated session " + sessionId + " acts in your account."));
            boolean ended = support.sessions.revoke(session.tokenHash(), now);
            if (ended) {
                tx.findDelegation(session.delegationId()).ifPresent(d -> tx.append(support.audit(AuditEventType.SESSION_ENDED,
                        actor, d, Optional.of(d.status()), now, session.roles(), Optional.empty(),
                        // The customer's reason for ending it when given; else the partner's reason for the login.
                        reason.map(Reason::text).or(session::reason))));
            }
            return ended;
        });
    }

    CustomerSettings customerSettings(Principal actor) {
        // Not to a delegated session: a partner that knows the customer is told only once a day could time its logins.
        AccessPolicy.notDelegated(actor);
        support.policy.customerReader(actor);
        return support.store.read(tx -> tx.findCustomerSettings(actor.tenantId()).orElse(CustomerSettings.DEFAULTS));
    }

    CustomerSettings changeCustomerSettings(Principal actor, CustomerSettings settings) {
        support.policy.customerAdministrator(actor);
        DelegationException.requireArgument(settings, "settings");
        Instant now = support.now();
        // Loosening them (no more notices, no step-up of its own) is what an attacker in the customer's account would do.
        requireStepUpForCustomerAction(actor, now, "Changing your account's settings for partners");
        return support.transaction(tx -> {
            CustomerSettings before = tx.findCustomerSettings(actor.tenantId()).orElse(CustomerSettings.DEFAULTS);
            if (before.equals(settings)) {
                // Nothing changes: no audit event saying it did.
                return before;
            }
            tx.saveCustomerSettings(actor.tenantId(), settings);
            tx.append(new AuditEvent(new AuditEventId(Ids.randomUuid(support.random)), AuditEventType.CUSTOMER_SETTINGS_CHANGED,
                    Optional.empty(), actor.tenantId(), actor.tenantId(), actor.userId(), Optional.empty(), Optional.empty(), now,
                    Set.of(), Optional.empty(), Optional.empty(), UseCaseSupport.authenticationMethods(actor)));
            return settings;
        });
    }

    /**
     * The customer's CONNECTED delegation still granting access at {@code now}, held for the rest
     * of the unit of work. One whose end passed is ended, whether or not the sweep has recorded it:
     * changing its rules or end would bring it back.
     */
    private Delegation lockConnected(DelegationTransaction tx, Principal actor, Instant now) {
        return tx.findConnectedDelegation(actor.tenantId())
                .flatMap(c -> tx.lockDelegation(c.id()))
                .filter(d -> d.grantsAccessAt(now))
                .orElseThrow(() -> new DelegationException(ErrorCode.NOT_CONNECTED, "Your account has no connected partner."));
    }

    /** The customer approves the change request the invitation carries: the new grant is in force at once. */
    private Delegation approveChange(DelegationTransaction tx, InvitationInContext found, Principal actor, GrantRules rules,
                                     Tenant partner, Instant now) {
        Delegation d = found.delegation();
        AccessGrant after = d.requestedChange().orElseThrow().applyTo(d.grant(), now);
        if (rules.autoRenew()) {
            requireRenewable(after);
        }
        Delegation approved = d.approveChange(now, rules.autoRenew(), rules.requireReasonForSensitiveRoles());
        tx.update(approved);
        // Both grants, in one pass: a live session keeps only what the grant before held too, also one stored before
        // sessions were narrowed in storage (a 0.1 session keeps the roles of its login until its next cut).
        narrowSessions(now, d, approved);
        tx.updateInvitation(found.invitation().used(now));
        tx.append(support.grantAudit(AuditEventType.GRANT_CHANGE_APPROVED, actor, approved, approved.roles(),
                approved.grant().endsAt(), now));
        tx.enqueue(support.notification(NotificationType.CHANGE_APPROVED_NOTICE, approved, partner.administratorEmail(), now));
        return approved;
    }

    /**
     * The live sessions of the delegation narrowed, in storage and in this unit of work, to the
     * grant now in force: a session's roles never grow (invariant 10), so a later, wider grant
     * (an approved change request) must find them already cut. Validation narrows to the current
     * grant as well; that alone would hand a cut role back once a change re-grants it.
     *
     * <p>The reason rule is applied here, to the stored sessions, rather than at each validation:
     * a stored cut holds on every adapter and on the joined one-statement check without another
     * read, and it stays when the customer turns the rule off again, as a cut must. Sessions with a
     * reason keep their sensitive roles; those without keep the others, or are revoked when none is left.
     */
    private void narrowSessions(Delegation d, Instant now) {
        narrowSessions(now, d);
    }

    /** {@link #narrowSessions(Delegation, Instant)} to what every one of these grants of one delegation allows. */
    private void narrowSessions(Instant now, Delegation... grants) {
        Set<RoleKey> granted = new java.util.HashSet<>(grants[0].roles());
        Set<RoleKey> withoutReason = new java.util.HashSet<>(granted);
        for (Delegation g : grants) {
            granted.retainAll(g.roles());
            withoutReason.retainAll(g.grant().reasonRequired()
                    ? g.roles().stream().filter(role -> !support.catalogue.anySensitive(Set.of(role))).collect(Collectors.toSet())
                    : g.roles());
        }
        support.sessions.narrowAll(grants[0].id(), granted, withoutReason, now);
    }

    /** Automatic renewal only for a grant with a period, and only of roles the host lets renew. */
    private void requireRenewable(AccessGrant grant) {
        if (grant.term().isEmpty()) {
            throw new DelegationException(ErrorCode.RENEWAL_NOT_ALLOWED,
                    "This access has no end date, so there is nothing to renew automatically.");
        }
        support.catalogue.firstNotAutoRenewable(grant.roles()).ifPresent(role -> {
            throw new DelegationException(ErrorCode.RENEWAL_NOT_ALLOWED, "The role '" + role.name()
                    + "' cannot be renewed automatically; approve it for one period, and the partner may request another.");
        });
    }

    private boolean renewable(AccessGrant grant) {
        return grant.term().isPresent() && support.catalogue.firstNotAutoRenewable(grant.roles()).isEmpty();
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
            if (ended > 0) {
                // Nothing ended (a retry after OUTCOME_UNKNOWN, a second click) is nothing to record.
                connected.ifPresent(d -> tx.append(support.audit(AuditEventType.SESSIONS_ENDED, actor, d, Optional.of(d.status()), now)));
            }
            return ended;
        });
    }

    private PartnerLink partnerLink(Delegation d, Optional<Tenant> partner) {
        AccessGrant g = d.grant();
        return new PartnerLink(d.id(), d.partnerTenant(), partner.map(Tenant::accountNumber), partner.map(Tenant::administratorEmail),
                d.status(), d.acceptedAt().orElse(d.updatedAt()), support.catalogue.describe(g.roles()), g.endsAt(),
                g.accessUntil(), new GrantRules(g.autoRenew(), g.reasonRequired()), d.requestedChange());
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

    /** An invitation and its delegation; when read to answer it, the partner and the customer's other link along. */
    private record InvitationInContext(Invitation invitation, Delegation delegation, Optional<Tenant> partner,
                                       Optional<DelegationId> otherConnected) {
        InvitationInContext(Invitation invitation, Delegation delegation) {
            this(invitation, delegation, Optional.empty(), Optional.empty());
        }
    }

    /**
     * The invitation behind the token and its delegation, held for the rest of the unit of work,
     * if the actor is the invited account, read in one go with the partner and the customer's other
     * CONNECTED delegation ({@link JoinedQueries#lockInvitation}). The invitation is read as the
     * delegation's lock found it, so that two clicks on the same link at once see each other's answer.
     * The row was found by the token's hash, which is all a token comparison would check again.
     */
    private InvitationInContext invitationFor(DelegationTransaction tx, Principal actor, SecretToken token) {
        JoinedQueries.InvitationTarget found = support.joined.lockInvitation(tx, support.tenants, token.hash())
                .orElseThrow(() -> invalidInvitation("This invitation link is not valid. Open the link from the latest invitation mail, or ask the partner to send a new one."));
        support.policy.invitedAccount(actor, found.delegation());
        return new InvitationInContext(found.invitation(), found.delegation(), found.partner(), found.otherConnected());
    }

    private static void requireUsable(InvitationInContext found, Instant now) {
        Invitation invitation = found.invitation();
        Delegation d = found.delegation();
        if (invitation.status().isAnswered()) {
            throw invalidInvitation("This invitation has already been answered.");
        }
        if (invitation.status() == InvitationStatus.SUPERSEDED && d.status() == DelegationStatus.EXPIRED) {
            throw new DelegationException(ErrorCode.INVITATION_EXPIRED,
                    "This invitation expired on " + invitation.expiresAt() + ". Ask the partner to add your account again.");
        }
        if (invitation.status() == InvitationStatus.SUPERSEDED && d.isConnected() && invitation.isExpiredAt(now)
                && d.requestedChange().isEmpty()) {
            // Dropped by the sweep when it expired, not replaced by a newer request.
            throw new DelegationException(ErrorCode.INVITATION_EXPIRED,
                    "This change request expired unanswered; the access your partner has is unchanged. The partner may ask again.");
        }
        if (invitation.status() == InvitationStatus.SUPERSEDED && d.isConnected() && d.requestedChange().isEmpty()) {
            throw invalidInvitation("This change request is no longer open: your partner's access was changed since it was"
                    + " sent. The partner may ask again.");
        }
        if (invitation.status() == InvitationStatus.SUPERSEDED && (d.isPending() || d.isConnected())) {
            throw invalidInvitation("A newer invitation replaced this one. Use the link in the latest invitation mail.");
        }
        if (d.isConnected() && !d.grantsAccessAt(now)) {
            // Ended, whether or not the sweep has recorded it: approving the change now would bring it back.
            throw invalidInvitation("This link is no longer valid: your partner's access ended on "
                    + d.grant().accessUntil().orElseThrow() + ".");
        }
        // A CONNECTED delegation's open invitation asks to approve the partner's change request.
        boolean changeRequest = d.isConnected() && invitation.status() == InvitationStatus.OPEN && d.requestedChange().isPresent();
        if (!d.isPending() && !changeRequest) {
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

    /**
     * The host's step-up rule, applied to a customer's sensitive action where the host turned it on
     * ({@link StepUpPolicy#customerActions()}); refused before anything is written.
     */
    private void requireStepUpForCustomerAction(Principal actor, Instant now, String action) {
        if (support.stepUp.customerActions()) {
            StepUpPolicy.require(actor, support.stepUp.challenge(Optional.empty()), now, action, false);
        }
    }

}
