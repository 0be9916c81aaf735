package org.partnerdelegation.core.usecase;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedLogin;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.GrantChange;
import org.partnerdelegation.core.domain.Ids;
import org.partnerdelegation.core.domain.LoginKey;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.StepUpChallenge;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.DelegationTransaction;
import org.partnerdelegation.core.port.JoinedQueries;
import org.partnerdelegation.core.port.SessionIssuer;

/** The partner side: the account list and what a partner does with its rows. */
final class PartnerUseCases {

    private static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** What a delegated login is, in a step-up refusal's message. */
    static final String LOGIN_ACTION = "Logging in to a customer's account";

    private final UseCaseSupport support;
    private final Transitions transitions;

    PartnerUseCases(UseCaseSupport support, Transitions transitions) {
        this.support = support;
        this.transitions = transitions;
    }

    /** The most reads of one page of the account list when rows whose end passed are left out of it. */
    static final int MAX_LIST_READS = 4;

    AccountListEntry addCustomerAccount(Principal actor, EmailAddress customerEmail, GrantRequest request) {
        AccessPolicy.notDelegated(actor);
        DelegationException.requireArgument(customerEmail, "customerEmail");
        // The role, then the request, before anything is read.
        AccessPolicy.requireAdministrator(actor);
        AccessGrant requested = support.requestedGrant(request);
        Instant now = support.now();
        Delegation result = support.transaction(tx -> {
            JoinedQueries.AddTarget target = support.joined.readAddTarget(tx, actor.tenantId(), customerEmail);
            Tenant partner = support.policy.partnerAdministrator(actor, target.partner());
            Tenant customer = target.customer()
                    .orElseThrow(() -> new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND,
                            "No account has the administrator email " + customerEmail + ". Check the address with your customer."));
            if (customer.id().equals(partner.id())) {
                throw new DelegationException(ErrorCode.CANNOT_LINK_OWN_ACCOUNT,
                        "You cannot add your own account (" + customerEmail + ") as a customer account.");
            }
            Optional<Delegation> open = target.openOfPair();
            if (open.isPresent() && (open.get().isPending() || open.get().grantsAccessAt(now))) {
                return open.get();
            }
            // A connection whose access ended is ended, whether or not the time-limit job has recorded it: the add goes
            // on as after the job, and the cool-down is read here, as the joined read may have left it out.
            boolean endedSeen = open.isPresent() || target.customerConnected();
            if (open.isPresent()) {
                Optional<Delegation> held = tx.lockDelegation(open.get().id())
                        .filter(d -> d.isConnected() && !d.grantsAccessAt(now));
                if (held.isPresent()) {
                    // Recorded now, as the job would (ENDED, sessions revoked, both sides told, audited), so that the
                    // pair keeps one open delegation: the new one.
                    transitions.endAtTerm(tx, held.get(), actor, now);
                } else {
                    // Recorded since the read, by the job or by a concurrent add, whose new delegation this add then is.
                    Optional<Delegation> raced = tx.findOpenDelegation(partner.id(), customer.id());
                    if (raced.isPresent()) {
                        return raced.get();
                    }
                }
            } else if (target.customerConnectedAt(now)) {
                throw DelegationException.alreadyLinked();
            }
            // Another partner's ended connection is left for the job, or for the customer's acceptance, to record: ended
            // here, it would name this partner in the other partner's audit trail, and no invariant needs it ended first.
            Optional<DelegationException> tooSoon = endedSeen ? cooldownRefusal(tx, partner.id(), customer.id(), now)
                    : cooldownRefusal(target.lastInvitation(), now);
            if (tooSoon.isPresent()) {
                // The invitation that started the cool-down may be a concurrent add of this very customer that
                // committed since the read above: then this add is that row, not a refusal.
                Optional<Delegation> raced = tx.findOpenDelegation(partner.id(), customer.id());
                if (raced.isPresent()) {
                    return raced.get();
                }
                throw tooSoon.get();
            }
            Delegation created = Delegation.pending(DelegationId.of(Ids.randomUuid(support.random)), partner.id(), customer,
                    requested, now);
            tx.insert(created);
            tx.append(support.audit(AuditEventType.CUSTOMER_ADDED, actor, created, Optional.empty(), now, created.roles(),
                    Optional.empty(), Optional.empty()));
            tx.enqueue(support.notification(NotificationType.INVITATION, created, customer.administratorEmail(), now));
            return created;
        });
        return AccountListEntry.of(result);
    }

    /**
     * The account list of a tenant as it stands, with or without the partner permission: without
     * it, read from the store alone (the rows the tenant had), each row without actions.
     */
    Page<AccountListEntry> viewAccounts(Principal actor, AccountQuery query) {
        AccessPolicy.notDelegated(actor);
        DelegationException.requireArgument(query, "query");
        support.requirePageSize(query.limit());
        Tenant tenant = support.store.read(tx -> support.tenants.findById(actor.tenantId()))
                .orElseThrow(() -> new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND,
                        "Tenant " + actor.tenantId() + " is not known to the directory."));
        if (tenant.partnerPermission()) {
            return listAccounts(actor, query);
        }
        Page<AccountListEntry> page = listAccounts(actor, query, (statuses, endingBy, after, limit) ->
                support.store.read(tx -> tx.listByPartner(actor.tenantId(), statuses, endingBy, after, limit)).stream()
                        .map(JoinedQueries.ListedAccount::of).toList(), false);
        return new Page<>(page.items().stream().map(AccountListEntry::withoutActions).toList(), page.nextCursor());
    }

    /** Reads one batch of a partner's rows, as the list shows them: the permitted partner's, or (read-only) any tenant's. */
    @FunctionalInterface
    private interface RowReader {
        List<JoinedQueries.ListedAccount> read(Set<DelegationStatus> statuses, Optional<Instant> endingBy,
                                               Optional<AccountCursor> after, int limit);
    }

    Page<AccountListEntry> listAccounts(Principal actor, AccountQuery query) {
        AccessPolicy.notDelegated(actor);
        DelegationException.requireArgument(query, "query");
        support.requirePageSize(query.limit());
        return listAccounts(actor, query, (statuses, endingBy, after, limit) ->
                support.joined.listedAccountsOfPermittedPartner(actor.tenantId(), statuses, endingBy, after, limit), true);
    }

    /** {@code permitted}: the reader reads a permitted partner's rows only, so an empty page may be a refusal. */
    private Page<AccountListEntry> listAccounts(Principal actor, AccountQuery query, RowReader reader, boolean permitted) {
        Optional<AccountCursor> after = query.cursor().map(AccountCursor::decode);
        Instant now = support.now();
        // Capped: a huge period (a partner user's "ending within N days") lists whatever ends, and overflows nothing.
        Optional<Instant> endingBy = query.endingWithin().map(within -> UseCaseSupport.plusCapped(now, within));
        // A CONNECTED row whose access ended by now is shown ENDED, without actions, as the time-limit job will record
        // it: so an ENDED filter reads the CONNECTED rows too, and the rows whose shown status was not asked for are
        // left out, reading on while they leave the page short (only rows the job has yet to record are left out).
        Set<DelegationStatus> asked = query.statuses();
        Set<DelegationStatus> read = EnumSet.copyOf(asked);
        if (asked.contains(DelegationStatus.ENDED)) {
            read.add(DelegationStatus.CONNECTED);
        }
        List<AccountListEntry> shown = new ArrayList<>(query.limit() + 1);
        boolean empty = true;
        for (int reads = 1; ; reads++) {
            List<JoinedQueries.ListedAccount> rows = reader.read(read, endingBy, after, query.limit() + 1);
            empty &= rows.isEmpty();
            for (JoinedQueries.ListedAccount row : rows) {
                // As the row stands at now (Transitions.asOf): a CONNECTED row whose access ended shows ENDED.
                AccountListEntry entry = AccountListEntry.of(row, now);
                if (asked.contains(entry.status())) {
                    shown.add(entry);
                }
            }
            if (shown.size() > query.limit() || rows.size() <= query.limit()) {
                break;
            }
            after = Optional.of(cursorAfter(rows.get(rows.size() - 1)));
            if (reads == MAX_LIST_READS) {
                // Bounded work per call (an ENDED list reads past every live CONNECTED row): a short page, and a cursor
                // after the last row read, so that the next page goes on from there.
                return new Page<>(List.copyOf(shown), Optional.of(after.get().encode()));
            }
        }
        if (empty && permitted) {
            // An empty page, or a partner that may not list: the policy tells which, with its refusal.
            support.store.read(tx -> support.policy.partnerMember(actor));
        }
        return Page.ofOneMore(shown, query.limit(), e -> new AccountCursor(e.email().canonical(), e.delegationId()).encode(), e -> e);
    }

    /** The cursor after a row: its position in the list's order. */
    private static AccountCursor cursorAfter(JoinedQueries.ListedAccount row) {
        return new AccountCursor(row.customerEmail().canonical(), row.id());
    }

    AccountListEntry resendInvitation(Principal actor, DelegationId delegationId) {
        AccessPolicy.notDelegated(actor);
        DelegationException.requireArgument(delegationId, "delegationId");
        AccessPolicy.requireAdministrator(actor);
        Instant now = support.now();
        Delegation d = support.transaction(tx -> {
            Delegation own = ownOpenDelegation(tx, actor, delegationId).delegation();
            if (own.isConnected() && !own.grantsAccessAt(now)) {
                // Ended, whether or not the time-limit job has recorded it: answered as for an ENDED delegation.
                throw UseCaseSupport.notFound(delegationId);
            }
            if (!own.isPending()) {
                throw new DelegationException(ErrorCode.NOT_PENDING,
                        "Account " + own.customerEmail() + " is already connected; there is no invitation to resend.");
            }
            Optional<DelegationException> tooSoon = cooldownRefusal(tx, own.partnerTenant(), own.customerTenant(), now);
            if (tooSoon.isPresent()) {
                throw tooSoon.get();
            }
            tx.append(support.audit(AuditEventType.INVITATION_RESENT, actor, own, Optional.of(own.status()), now));
            tx.enqueue(support.notification(NotificationType.INVITATION, own, own.customerEmail(), now));
            return own;
        });
        return AccountListEntry.of(d);
    }

    IssuedSession loginToCustomer(Principal actor, DelegationId delegationId, LoginRequest request) {
        AccessPolicy.notDelegated(actor);
        DelegationException.requireArgument(delegationId, "delegationId");
        DelegationException.requireArgument(request, "request");
        Instant now = support.now();
        // The role before anything is read or locked.
        AccessPolicy.requireAdministrator(actor);
        return support.transaction(tx -> {
            // An ENDED delegation answers as one whose end passed before the sweep recorded it: the same refusal either way.
            JoinedQueries.OwnDelegation target = ownDelegation(tx, actor, delegationId, true);
            Delegation d = target.delegation();
            boolean ended = d.status() == DelegationStatus.ENDED || d.isConnected() && !d.grantsAccessAt(now);
            if (!d.isConnected() && !ended) {
                throw new DelegationException(ErrorCode.NOT_CONNECTED,
                        "Account " + d.customerEmail() + " has not accepted the invitation yet; you can log in once it is connected.");
            }
            if (ended) {
                throw new DelegationException(ErrorCode.NOT_CONNECTED, "Your access to account " + d.customerEmail()
                        + " ended on " + SHOWN_TIME.format(d.grant().accessUntil().orElseThrow())
                        + ". Ask the customer to approve a new period.");
            }
            // The step-up last among the checks: a user who could not log in anyway is not asked for a second factor. The
            // customer's own requirement, read with the delegation, can only make the host's stricter.
            Optional<StepUpChallenge> hostRule = support.stepUp.challenge(Optional.empty());
            Optional<StepUpChallenge> asked = support.stepUp.challenge(target.customerSettings().stepUpMaxAge());
            StepUpPolicy.require(actor, asked, now, LOGIN_ACTION, !asked.equals(hostRule));
            Set<RoleKey> roles = sessionRoles(d, request);
            // The session acts as the customer's administrator account as the directory names it now.
            Tenant customer = target.customer()
                    .orElseThrow(() -> new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND,
                            "Account " + d.customerAccountNumber() + " no longer exists; there is nothing to log in to."));
            Optional<LoginKey> key = request.idempotencyKey().map(k -> LoginKey.of(k, request.roles(), request.reason()));
            if (key.isPresent()) {
                // Before the limits: a retry is the login it repeats, not another one to count.
                Optional<SessionIssuer.KeyedSession> earlier = support.sessions.findByLoginKey(d.id(), actor.userId(), key.get().key());
                if (earlier.isPresent()) {
                    return retriedLogin(earlier.get(), key.get(), target.partnerEpoch(), now);
                }
            }
            List<DelegatedSession> displaced = withinLoginLimits(actor, d, now);
            SecretToken token = SecretToken.generate(support.random);
            // A session never outlives the grant it acts under.
            Instant expiresAt = now.plus(support.settings.sessionTtl());
            Optional<Instant> accessUntil = d.grant().accessUntil();
            if (accessUntil.isPresent() && accessUntil.get().isBefore(expiresAt)) {
                expiresAt = accessUntil.get();
            }
            DelegatedSession session = new DelegatedSession(SessionId.of(Ids.randomUuid(support.random)), token.hash(), d.id(),
                    d.customerTenant(), customer.administratorEmail(), actor.tenantId(), actor.userId(),
                    roles, request.reason(), target.partnerEpoch(), now, expiresAt, Optional.empty());
            // Last before the login is recorded, so that a refusal above has ended nothing.
            for (DelegatedSession oldest : displaced) {
                if (support.sessions.revoke(oldest.tokenHash(), now)) {
                    tx.append(support.audit(AuditEventType.SESSION_DISPLACED, actor, d, Optional.of(d.status()), now,
                            oldest.roles(), Optional.empty(), oldest.reason()));
                }
            }
            AuditEvent login = support.audit(AuditEventType.DELEGATED_LOGIN, actor, d, Optional.of(d.status()), now,
                    roles, Optional.empty(), request.reason());
            // The customer sees every access: told now, or (on the digest) through the audit event just written.
            Optional<OutboxEntry> notice = target.customerSettings().loginNotice() == LoginNotice.EACH_LOGIN
                    ? Optional.of(support.loginNotification(NotificationType.DELEGATED_LOGIN_NOTICE, d.id(),
                            customer.administratorEmail(), now, List.of(DelegatedLogin.of(login))))
                    : Optional.empty();
            if (key.isPresent()) {
                support.joined.recordKeyedLogin(tx, support.sessions, login, session, notice, key.get());
            } else {
                support.joined.recordLogin(tx, login, session, notice);
            }
            return new IssuedSession(token, session);
        });
    }

    /**
     * A login repeated with the idempotency key of an earlier one (after {@code OUTCOME_UNKNOWN}, a
     * timeout, a lost response): the session it opened, with a new token, since the first one is not
     * stored; no audit event, no notice, nothing counted. The same key with another request is a
     * mistake or a probe, and a session that ended is never brought back.
     */
    private IssuedSession retriedLogin(SessionIssuer.KeyedSession earlier, LoginKey key, long partnerEpoch, Instant now) {
        if (!earlier.key().request().equals(key.request())) {
            throw DelegationException.invalidInput("idempotencyKey", "was used for a login with other roles or another reason;"
                    + " use a new key for a different login");
        }
        DelegatedSession session = earlier.session();
        // Ended by the user, the customer, a displacement, its expiry or a revoked permission: a retry must not reopen it.
        if (!session.isActiveAt(now) || session.permissionEpoch() != partnerEpoch) {
            throw DelegationException.invalidInput("idempotencyKey", "belongs to a login whose session has ended; log in again"
                    + " with a new key");
        }
        SecretToken token = SecretToken.generate(support.random);
        if (!support.sessions.reissue(session.id(), token.hash())) {
            throw DelegationException.invalidInput("idempotencyKey", "belongs to a login whose session has ended; log in again"
                    + " with a new key");
        }
        return new IssuedSession(token, new DelegatedSession(session.id(), token.hash(), session.delegationId(), session.customerTenant(),
                session.subject(), session.actorTenant(), session.actorUser(), session.roles(), session.reason(),
                session.permissionEpoch(), session.issuedAt(), session.expiresAt(), session.revokedAt()));
    }

    /**
     * Refuses a login past the rate, and returns the live sessions it displaces: the oldest of the
     * user's live sessions into the delegation, as many as keep the user within the cap once this
     * login's session is added. Counted from storage, inside the unit of work after the delegation
     * is locked: two logins of one user wait for each other there, on every node, and the second
     * counts the first. Logins that were refused issued nothing and count for nothing; sessions
     * ended since (by the user, the customer or a displacement) still count against the rate.
     */
    private List<DelegatedSession> withinLoginLimits(Principal actor, Delegation d, Instant now) {
        DelegationSettings settings = support.settings;
        Duration window = settings.loginWindow();
        Instant windowStart = now.minus(window);
        // A session issued before now - sessionTtl has expired (sessions last at most sessionTtl), so this one read
        // finds both the logins within the window and every live session.
        Duration back = window.compareTo(settings.sessionTtl()) > 0 ? window : settings.sessionTtl();
        List<DelegatedSession> recent = support.sessions.sessionsOfUser(d.id(), d.customerTenant(), actor.userId(), now.minus(back));
        List<Instant> inWindow = recent.stream().map(DelegatedSession::issuedAt).filter(at -> at.isAfter(windowStart)).sorted().toList();
        int allowed = settings.loginsPerWindow();
        if (inWindow.size() >= allowed) {
            // The login that must leave the window for this one to fit in it: the oldest, unless the limit was lowered.
            Instant retryAt = inWindow.get(inWindow.size() - allowed).plus(window);
            throw DelegationException.tooManyRequests("You logged in to account " + d.customerEmail() + " " + inWindow.size()
                    + " times within the last " + describe(window) + "; at most " + allowed + " logins per " + describe(window)
                    + " are allowed. You can log in again from " + SHOWN_TIME.format(retryAt) + ".", retryAt);
        }
        List<DelegatedSession> live = recent.stream().filter(s -> s.isActiveAt(now)).toList();
        int over = live.size() - (settings.maxLiveSessions() - 1);
        return over > 0 ? live.subList(0, over) : List.of();
    }

    /** A window in words: "1 minute", "90 seconds", "2 hours". */
    private static String describe(Duration window) {
        if (window.toSeconds() % 3600 == 0 && window.getNano() == 0) {
            long hours = window.toHours();
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        if (window.toSeconds() % 60 == 0 && window.getNano() == 0) {
            long minutes = window.toMinutes();
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        if (window.getNano() == 0) {
            long seconds = window.toSeconds();
            return seconds == 1 ? "1 second" : seconds + " seconds";
        }
        return window.toString();
    }

    /**
     * The roles a login asks for, all of them granted, and the reason the customer's rules
     * require for sensitive ones.
     */
    private Set<RoleKey> sessionRoles(Delegation d, LoginRequest request) {
        Set<RoleKey> roles = request.roles().isEmpty() ? d.roles() : request.roles();
        for (RoleKey role : roles) {
            if (!d.grant().grants(role)) {
                throw new DelegationException(ErrorCode.ROLE_NOT_GRANTED, "Account " + d.customerEmail() + " has not granted"
                        + " you the role '" + role + "'. The roles granted are " + String.join(", ", d.roles().stream()
                        .map(RoleKey::value).toList()) + "; you may request a change.");
            }
        }
        if (d.grant().reasonRequired() && request.reason().isEmpty() && support.catalogue.anySensitive(roles)) {
            throw new DelegationException(ErrorCode.REASON_REQUIRED, "Account " + d.customerEmail() + " asks for a reason"
                    + " (a ticket number or a sentence) for every session holding a sensitive role. Give one to log in.");
        }
        return roles;
    }

    AccountListEntry requestGrantChange(Principal actor, DelegationId delegationId, GrantRequest request) {
        AccessPolicy.notDelegated(actor);
        DelegationException.requireArgument(delegationId, "delegationId");
        AccessPolicy.requireAdministrator(actor);
        AccessGrant asked = support.requestedGrant(request);
        Instant now = support.now();
        Delegation d = support.transaction(tx -> {
            Delegation own = ownOpenDelegation(tx, actor, delegationId).delegation();
            if (!own.isConnected()) {
                throw new DelegationException(ErrorCode.NOT_CONNECTED, "Account " + own.customerEmail() + " has not accepted"
                        + " the invitation yet; a pending invitation cannot be changed. Delete it and add the account again.");
            }
            if (!own.grantsAccessAt(now)) {
                // Ended, whether or not the sweep has recorded it: a change approved now would bring it back.
                throw new DelegationException(ErrorCode.NOT_CONNECTED, "Your access to account " + own.customerEmail()
                        + " ended on " + SHOWN_TIME.format(own.grant().accessUntil().orElseThrow())
                        + "; it cannot be changed. Add the account again to ask for a new delegation.");
            }
            if (asked.roles().equals(own.roles()) && asked.term().isEmpty()) {
                throw DelegationException.invalidInput("request", "asks for nothing new: the roles are the ones granted and no"
                        + " new period is asked for");
            }
            Optional<GrantChange> earlier = own.requestedChange();
            Duration cooldown = support.settings.invitationCooldown();
            if (earlier.isPresent() && now.isBefore(earlier.get().requestedAt().plus(cooldown))) {
                Instant retryAt = earlier.get().requestedAt().plus(cooldown);
                throw DelegationException.tooManyRequests("A change request to this account was sent at "
                        + SHOWN_TIME.format(earlier.get().requestedAt()) + ". To keep inboxes from being flooded, you can send"
                        + " another from " + SHOWN_TIME.format(retryAt) + ".", retryAt);
            }
            // The earlier request's link stops working: only the latest request can be approved.
            tx.supersedeOpenInvitations(own.id());
            Delegation changed = own.withRequestedChange(Optional.of(new GrantChange(asked.roles(), asked.term(), now)));
            tx.update(changed);
            tx.append(support.grantAudit(AuditEventType.GRANT_CHANGE_REQUESTED, actor, changed, asked.roles(), Optional.empty(), now));
            tx.enqueue(support.notification(NotificationType.CHANGE_REQUEST, changed, changed.customerEmail(), now));
            return changed;
        });
        return AccountListEntry.of(d);
    }

    void deleteAccount(Principal actor, DelegationId delegationId, Optional<Reason> reason) {
        AccessPolicy.notDelegated(actor);
        DelegationException.requireArgument(delegationId, "delegationId");
        DelegationException.requireArgument(reason, "reason");
        AccessPolicy.requireAdministrator(actor);
        Instant now = support.now();
        support.transaction(tx -> {
            JoinedQueries.OwnDelegation own = ownDelegation(tx, actor, delegationId, false, true);
            if (own.delegation().status() == DelegationStatus.REMOVED) {
                // Removed already (this very call, retried after OUTCOME_UNKNOWN, or the customer): what was asked holds.
                // Only the partner's own row gets here; another partner's is not found.
                return own.delegation();
            }
            if (own.delegation().isConnected() && !own.delegation().grantsAccessAt(now)) {
                // Ended, whether or not the time-limit job has recorded it: answered as for an ENDED delegation, not
                // recorded as REMOVED (the list offers no Delete on it).
                throw UseCaseSupport.notFound(delegationId);
            }
            Tenant partner = own.partner().orElseThrow();
            return transitions.end(tx, own.delegation(), AuditEventType.ACCOUNT_DELETED, actor, now,
                    Optional.of(partner.administratorEmail()), reason);
        });
    }

    int endSessionsOfUser(Principal actor, TenantId partnerTenant, UserId partnerUser) {
        AccessPolicy.notDelegated(actor);
        DelegationException.requireArgument(partnerTenant, "partnerTenant");
        DelegationException.requireArgument(partnerUser, "partnerUser");
        support.policy.partnerUserManager(actor, partnerTenant);
        Instant now = support.now();
        return support.transaction(tx -> support.sessions.revokeAllOfUser(partnerTenant, partnerUser, now));
    }

    /**
     * The partner's own open delegation, held until the unit of work ends so that a concurrent
     * transition cannot slip between the check and what the use case records, with the partner
     * tenant checked for the permission first; anyone else's delegation is neither locked nor
     * shown, and it and a final one are "not found".
     */
    private JoinedQueries.OwnDelegation ownOpenDelegation(DelegationTransaction tx, Principal actor, DelegationId id) {
        return ownDelegation(tx, actor, id, false);
    }

    /** {@link #ownOpenDelegation}, and with {@code endedToo} also one that ENDED at its end date. */
    private JoinedQueries.OwnDelegation ownDelegation(DelegationTransaction tx, Principal actor, DelegationId id, boolean endedToo) {
        return ownDelegation(tx, actor, id, endedToo, false);
    }

    /** {@link #ownDelegation}, and with {@code removedToo} also one that was REMOVED. */
    private JoinedQueries.OwnDelegation ownDelegation(DelegationTransaction tx, Principal actor, DelegationId id, boolean endedToo,
                                                      boolean removedToo) {
        Optional<JoinedQueries.OwnDelegation> own = support.joined.lockOwnDelegation(tx, actor.tenantId(), id);
        if (own.isEmpty()) {
            // Not the partner's delegation; the partner's own standing is refused first, as everywhere.
            support.policy.partnerAdministrator(actor);
            throw UseCaseSupport.notFound(id);
        }
        support.policy.partnerAdministrator(actor, own.get().partner());
        DelegationStatus status = own.get().delegation().status();
        if (!status.isOpen() && !(endedToo && status == DelegationStatus.ENDED) && !(removedToo && status == DelegationStatus.REMOVED)) {
            throw UseCaseSupport.notFound(id);
        }
        return own.get();
    }

    /** One invitation per cool-down to the same customer, so that the product cannot be used to flood an inbox. */
    private Optional<DelegationException> cooldownRefusal(DelegationTransaction tx, TenantId partner, TenantId customer, Instant now) {
        if (support.settings.invitationCooldown().isZero()) {
            return Optional.empty();
        }
        return cooldownRefusal(tx.lastInvitationRequestedAt(partner, customer), now);
    }

    /** The refusal when the pair's last invitation, asked for at {@code last}, is within the cool-down. */
    private Optional<DelegationException> cooldownRefusal(Optional<Instant> last, Instant now) {
        Duration cooldown = support.settings.invitationCooldown();
        return last.filter(at -> !cooldown.isZero() && now.isBefore(at.plus(cooldown)))
                .map(at -> {
                    Instant retryAt = at.plus(cooldown);
                    return DelegationException.tooManyRequests("An invitation to this account was sent at "
                            + SHOWN_TIME.format(at) + ". To keep inboxes from being flooded, you can send another from "
                            + SHOWN_TIME.format(retryAt) + ".", retryAt);
                });
    }
}
