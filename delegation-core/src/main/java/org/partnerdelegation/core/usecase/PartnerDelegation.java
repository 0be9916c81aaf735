package org.partnerdelegation.core.usecase;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Ids;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.DelegationTransaction;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * The use cases of partner delegation: the one entry point a host calls.
 *
 * <p>Every method takes the acting {@link Principal} as the host authenticated it and checks it
 * itself: the partner permission, the administrator role, ownership of the delegation (anyone
 * else's delegation looks like {@code DELEGATION_NOT_FOUND}), and that only the invited
 * customer's administrator accepts or declines. Each use case is one transaction of the
 * {@link DelegationStore}: its state change, audit event and outbox entries commit together,
 * and a failure - a {@link DelegationException} with a stable {@link ErrorCode} - leaves
 * nothing behind. Notifications are written to the outbox and delivered afterwards by the
 * {@link org.partnerdelegation.core.outbox.OutboxDispatcher}.
 *
 * <pre>{@code
 * PartnerDelegation delegation = PartnerDelegation.builder()
 *         .tenantDirectory(tenants)
 *         .delegationStore(store)
 *         .sessionIssuer(sessions)
 *         .build();
 * AccountListEntry row = delegation.addCustomerAccount(partnerAdmin, EmailAddress.of("admin@customer.example"));
 * // ... the customer follows the link in the invitation mail:
 * delegation.acceptInvitation(customerAdmin, tokenFromLink);
 * IssuedSession session = delegation.loginToCustomer(partnerAdmin, row.delegationId());
 * }</pre>
 *
 * <p>Thread-safe: one instance serves the whole application; concurrent calls are isolated by
 * the store's transactions and its invariants (one partner per customer holds across threads
 * and across application nodes sharing a database).
 */
public final class PartnerDelegation {

    private static final System.Logger LOG = System.getLogger(PartnerDelegation.class.getName());
    /** How often a unit of work is retried after losing an optimistic-locking race. */
    private static final int MAX_ATTEMPTS = 5;
    private static final int EXPIRY_BATCH = 100;

    private final TenantDirectory tenants;
    private final DelegationStore store;
    private final SessionIssuer sessions;
    private final Clock clock;
    private final RandomGenerator random;
    private final DelegationSettings settings;

    private PartnerDelegation(Builder builder) {
        this.tenants = Objects.requireNonNull(builder.tenants, "tenantDirectory");
        this.store = Objects.requireNonNull(builder.store, "delegationStore");
        this.sessions = Objects.requireNonNull(builder.sessions, "sessionIssuer");
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.random = Objects.requireNonNull(builder.random, "random");
        this.settings = Objects.requireNonNull(builder.settings, "settings");
    }

    /** Starts assembling the facade from its ports, without any DI framework. */
    public static Builder builder() {
        return new Builder();
    }

    public DelegationSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- partner side

    /**
     * A partner adds a customer account by the customer's administrator email. The delegation
     * starts PENDING and the invitation mail goes to that email. Adding a customer the partner
     * already has open returns the existing row unchanged (use {@link #resendInvitation} to mail
     * it again).
     *
     * @throws DelegationException {@code ADMINISTRATOR_REQUIRED}, {@code PARTNER_PERMISSION_REQUIRED},
     *                             {@code ACCOUNT_NOT_FOUND}, {@code CANNOT_LINK_OWN_ACCOUNT},
     *                             {@code ALREADY_LINKED_TO_ANOTHER_TENANT}
     */
    public AccountListEntry addCustomerAccount(Principal actor, EmailAddress customerEmail) {
        DelegationException.requireArgument(customerEmail, "customerEmail");
        Tenant partner = requirePartnerAdministrator(actor);
        Tenant customer = tenants.findByAdministratorEmail(customerEmail)
                .orElseThrow(() -> new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND,
                        "No account has the administrator email " + customerEmail + ". Check the address with your customer."));
        if (customer.id().equals(partner.id())) {
            throw new DelegationException(ErrorCode.CANNOT_LINK_OWN_ACCOUNT,
                    "You cannot add your own account (" + customerEmail + ") as a customer account.");
        }
        Instant now = clock.instant();
        Delegation result = transaction(tx -> {
            Optional<Delegation> existing = tx.findOpenDelegation(partner.id(), customer.id());
            if (existing.isPresent()) {
                return existing.get();
            }
            if (tx.findConnectedDelegation(customer.id()).isPresent()) {
                throw DelegationException.alreadyLinked();
            }
            Delegation created = Delegation.pending(DelegationId.of(Ids.randomUuid(random)), partner.id(), customer, now);
            tx.insert(created);
            tx.append(audit(AuditEventType.CUSTOMER_ADDED, actor, created, Optional.empty(), now));
            tx.enqueue(notification(NotificationType.INVITATION, created, customer.administratorEmail(), now));
            return created;
        });
        return AccountListEntry.of(result);
    }

    /**
     * A page of the partner's account list (Email, Account Number, Status, actions), ordered by
     * email. Members of the partner tenant may look; they need not be administrators.
     *
     * @throws DelegationException {@code PARTNER_PERMISSION_REQUIRED}, {@code INVALID_INPUT} for a bad cursor or limit
     */
    public Page<AccountListEntry> listAccounts(Principal actor, AccountQuery query) {
        DelegationException.requireArgument(query, "query");
        Tenant partner = requirePartner(actor);
        if (query.limit() > settings.maxPageSize()) {
            throw DelegationException.invalidInput("limit", "must be at most " + settings.maxPageSize() + ", got " + query.limit());
        }
        Optional<AccountCursor> after = query.cursor().map(AccountCursor::decode);
        List<Delegation> rows = transaction(tx -> tx.listByPartner(partner.id(), query.statuses(), after, query.limit() + 1));
        boolean more = rows.size() > query.limit();
        List<Delegation> shown = more ? rows.subList(0, query.limit()) : rows;
        Optional<String> next = more ? Optional.of(AccountCursor.after(shown.get(shown.size() - 1)).encode()) : Optional.empty();
        return new Page<>(shown.stream().map(AccountListEntry::of).toList(), next);
    }

    /**
     * Mails the invitation of a PENDING delegation again, with a new link; the previous link
     * stops working once the new one is sent.
     *
     * @throws DelegationException {@code DELEGATION_NOT_FOUND}, {@code NOT_PENDING}, and the partner checks
     */
    public AccountListEntry resendInvitation(Principal actor, DelegationId delegationId) {
        DelegationException.requireArgument(delegationId, "delegationId");
        Tenant partner = requirePartnerAdministrator(actor);
        Instant now = clock.instant();
        Delegation d = transaction(tx -> {
            Delegation own = ownOpenDelegation(tx, partner, delegationId);
            if (!own.isPending()) {
                throw new DelegationException(ErrorCode.NOT_PENDING,
                        "Account " + own.customerEmail() + " is already connected; there is no invitation to resend.");
            }
            tx.append(audit(AuditEventType.INVITATION_RESENT, actor, own, Optional.of(own.status()), now));
            tx.enqueue(notification(NotificationType.INVITATION, own, own.customerEmail(), now));
            return own;
        });
        return AccountListEntry.of(d);
    }

    /**
     * A partner administrator logs in to a CONNECTED customer's tenant: the library issues a
     * delegated session whose subject is the customer's administrator account and whose actor is
     * the partner user. The login is audited.
     *
     * @throws DelegationException {@code DELEGATION_NOT_FOUND}, {@code NOT_CONNECTED}, and the partner checks
     */
    public IssuedSession loginToCustomer(Principal actor, DelegationId delegationId) {
        DelegationException.requireArgument(delegationId, "delegationId");
        Tenant partner = requirePartnerAdministrator(actor);
        Instant now = clock.instant();
        return transaction(tx -> {
            Delegation d = ownOpenDelegation(tx, partner, delegationId);
            if (!d.isConnected()) {
                throw new DelegationException(ErrorCode.NOT_CONNECTED,
                        "Account " + d.customerEmail() + " has not accepted the invitation yet; you can log in once it is connected.");
            }
            SecretToken token = SecretToken.generate(random);
            DelegatedSession session = new DelegatedSession(SessionId.of(Ids.randomUuid(random)), token.hash(), d.id(),
                    d.customerTenant(), d.customerEmail(), actor.tenantId(), actor.userId(),
                    DelegatedSession.TENANT_ADMINISTRATOR_SCOPE, now, now.plus(settings.sessionTtl()), Optional.empty());
            tx.append(audit(AuditEventType.DELEGATED_LOGIN, actor, d, Optional.of(d.status()), now));
            // Last, so that a failure above leaves no session; if the commit fails after it, the token was never shown.
            sessions.issue(session);
            return new IssuedSession(token, session);
        });
    }

    /**
     * Delete Account: the partner ends a PENDING or CONNECTED delegation. Access ends at once:
     * live delegated sessions are revoked and the invitation link stops working.
     *
     * @throws DelegationException {@code DELEGATION_NOT_FOUND} (also for a delegation already ended), and the partner checks
     */
    public void deleteAccount(Principal actor, DelegationId delegationId) {
        DelegationException.requireArgument(delegationId, "delegationId");
        Tenant partner = requirePartnerAdministrator(actor);
        Instant now = clock.instant();
        Delegation before = transaction(tx -> end(tx, ownOpenDelegation(tx, partner, delegationId),
                AuditEventType.ACCOUNT_DELETED, actor, now, Optional.of(partner.administratorEmail())));
        revokeSessions(before, now);
    }

    // ---------------------------------------------------------------- customer side

    /**
     * The invited customer's administrator accepts the invitation with the token from the link:
     * the delegation becomes CONNECTED, and both sides are told. Accepting again with the same
     * link once connected returns the same link (it is not an error to click twice).
     *
     * <p>With an expired link the delegation is moved to EXPIRED (audited, the partner told) and
     * then {@code INVITATION_EXPIRED} is thrown: the expiry that was due takes effect.
     *
     * @return the partner the customer is now connected to
     * @throws DelegationException {@code INVITATION_INVALID}, {@code INVITATION_EXPIRED},
     *                             {@code INVITATION_FOR_ANOTHER_ACCOUNT}, {@code ALREADY_LINKED_TO_ANOTHER_TENANT}
     */
    public PartnerLink acceptInvitation(Principal actor, String invitationToken) {
        DelegationException.requireArgument(actor, "actor");
        SecretToken token = parseInvitationToken(invitationToken);
        Instant now = clock.instant();
        Decision decision = transaction(tx -> {
            InvitationInContext found = invitationFor(tx, actor, token);
            Delegation d = found.delegation();
            if (found.invitation().status() == InvitationStatus.USED && d.isConnected()) {
                return Decision.done(d);
            }
            requireUsable(found, now);
            if (found.invitation().isExpiredAt(now)) {
                return Decision.expired(expire(tx, d, actor, now));
            }
            if (tx.findConnectedDelegation(d.customerTenant()).isPresent()) {
                throw DelegationException.alreadyLinked();
            }
            Delegation accepted = d.accept(now);
            tx.update(accepted);
            tx.updateInvitation(found.invitation().used(now));
            tx.append(audit(AuditEventType.INVITATION_ACCEPTED, actor, accepted, Optional.of(d.status()), now));
            tx.enqueue(notification(NotificationType.ACCEPTANCE_CONFIRMATION, accepted, accepted.customerEmail(), now));
            Optional<Tenant> partner = tenants.findById(accepted.partnerTenant());
            partner.ifPresent(p -> tx.enqueue(notification(NotificationType.ACCEPTANCE_NOTICE, accepted, p.administratorEmail(), now)));
            return new Decision(accepted, false, partner);
        });
        decision.throwIfExpired();
        return partnerLink(decision.delegation(), decision.partner());
    }

    /**
     * The invited customer's administrator declines the invitation: the delegation becomes
     * DECLINED (final) and the partner is told.
     *
     * @throws DelegationException {@code INVITATION_INVALID}, {@code INVITATION_EXPIRED}, {@code INVITATION_FOR_ANOTHER_ACCOUNT}
     */
    public void declineInvitation(Principal actor, String invitationToken) {
        DelegationException.requireArgument(actor, "actor");
        SecretToken token = parseInvitationToken(invitationToken);
        Instant now = clock.instant();
        Decision decision = transaction(tx -> {
            InvitationInContext found = invitationFor(tx, actor, token);
            requireUsable(found, now);
            Delegation d = found.delegation();
            if (found.invitation().isExpiredAt(now)) {
                return Decision.expired(expire(tx, d, actor, now));
            }
            Delegation declined = d.decline(now);
            tx.update(declined);
            tx.updateInvitation(found.invitation().used(now));
            tx.append(audit(AuditEventType.INVITATION_DECLINED, actor, declined, Optional.of(d.status()), now));
            partnerEmail(declined).ifPresent(email ->
                    tx.enqueue(notification(NotificationType.DECLINE_NOTICE, declined, email, now)));
            return Decision.done(declined);
        });
        decision.throwIfExpired();
    }

    /**
     * The customer's administrator ends the delegation with its partner. Access ends at once:
     * live delegated sessions are revoked; both sides are told.
     *
     * @throws DelegationException {@code ADMINISTRATOR_REQUIRED}, {@code NOT_CONNECTED} when no partner is connected
     */
    public void disassociatePartner(Principal actor) {
        requireAdministrator(actor);
        Instant now = clock.instant();
        Delegation before = transaction(tx -> {
            Delegation connected = tx.findConnectedDelegation(actor.tenantId())
                    .orElseThrow(() -> new DelegationException(ErrorCode.NOT_CONNECTED,
                            "Your account has no connected partner to disassociate."));
            return end(tx, connected, AuditEventType.PARTNER_DISASSOCIATED, actor, now, partnerEmail(connected));
        });
        revokeSessions(before, now);
    }

    /** The partner connected to the acting customer tenant, if any. Any user of the tenant may ask. */
    public Optional<PartnerLink> currentPartner(Principal actor) {
        DelegationException.requireArgument(actor, "actor");
        return transaction(tx -> tx.findConnectedDelegation(actor.tenantId())).map(this::partnerLink);
    }

    // ---------------------------------------------------------------- sessions

    /**
     * Checks a delegated session's bearer token, as the host does on every request made with it.
     * Empty when the token is malformed, unknown, expired or revoked, when its delegation is no
     * longer CONNECTED, or when the partner no longer holds the partner permission - whatever
     * revocation did or did not reach the session store. When the storage cannot be reached it
     * throws {@code STORAGE_UNAVAILABLE} rather than answering "invalid", so a host can tell an
     * outage from a bad token.
     */
    public Optional<DelegatedSession> validateSession(String sessionToken) {
        if (sessionToken == null) {
            return Optional.empty();
        }
        SecretToken token;
        try {
            token = SecretToken.parse(sessionToken);
        } catch (DelegationException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // One unit of work, so that storage adapters sharing a database answer on one connection.
        return transaction(tx -> sessions.introspect(token.hash())
                .filter(s -> s.tokenHash().matches(token))
                .filter(s -> s.isActiveAt(now))
                .filter(s -> tx.findDelegation(s.delegationId()).map(Delegation::isConnected).orElse(false))
                // Revoking the permission leaves the delegation CONNECTED, so check the permission itself:
                // access must end even where revoking the sessions failed or raced a login.
                .filter(s -> tenants.findById(s.actorTenant()).map(Tenant::partnerPermission).orElse(false)));
    }

    // ---------------------------------------------------------------- operator

    /**
     * An operator of the host gives a tenant the partner permission (for special cases: a tenant
     * that is not a partner by contract).
     *
     * @throws DelegationException {@code OPERATOR_REQUIRED}, {@code ACCOUNT_NOT_FOUND}
     */
    public Tenant grantPartnerPermission(Principal operator, TenantId tenantId) {
        return changePartnerPermission(operator, tenantId, true);
    }

    /**
     * An operator takes the partner permission away. The partner can no longer add customers or
     * log in to them, and its live delegated sessions are revoked; its delegations stay, so that
     * the permission can be given back, and the customers can still disassociate.
     *
     * @throws DelegationException {@code OPERATOR_REQUIRED}, {@code ACCOUNT_NOT_FOUND}
     */
    public Tenant revokePartnerPermission(Principal operator, TenantId tenantId) {
        Tenant tenant = changePartnerPermission(operator, tenantId, false);
        revokeSessionsOfPartner(tenant.id(), clock.instant());
        return tenant;
    }

    /**
     * Moves every PENDING delegation whose invitation has expired to EXPIRED and tells its
     * partner. Meant to run on a schedule (the host's, or next to the outbox dispatcher); an
     * expired link is refused with {@code INVITATION_EXPIRED} even before this runs.
     *
     * @return how many delegations expired
     * @throws DelegationException {@code OPERATOR_REQUIRED}
     */
    public int expireInvitations(Principal operator) {
        requireOperator(operator);
        Instant now = clock.instant();
        int total = 0;
        while (true) {
            int expired = transaction(tx -> {
                List<Delegation> due = tx.findExpiredPending(now, EXPIRY_BATCH);
                due.forEach(d -> expire(tx, d, operator, now));
                return due.size();
            });
            total += expired;
            if (expired < EXPIRY_BATCH) {
                return total;
            }
        }
    }

    /**
     * The audit trail of a delegation, oldest first. Visible to its partner, its customer and
     * operators; to anyone else the delegation does not exist.
     *
     * @throws DelegationException {@code DELEGATION_NOT_FOUND}
     */
    public List<AuditEvent> auditTrail(Principal actor, DelegationId delegationId) {
        DelegationException.requireArgument(actor, "actor");
        DelegationException.requireArgument(delegationId, "delegationId");
        return transaction(tx -> {
            Delegation d = tx.findDelegation(delegationId)
                    .filter(found -> actor.isOperator() || found.involves(actor.tenantId()))
                    .orElseThrow(() -> notFound(delegationId));
            return tx.auditTrail(d.id());
        });
    }

    /**
     * The partner permission changes of a tenant, oldest first, for operators.
     *
     * @throws DelegationException {@code OPERATOR_REQUIRED}
     */
    public List<AuditEvent> permissionAuditTrail(Principal operator, TenantId tenantId) {
        requireOperator(operator);
        DelegationException.requireArgument(tenantId, "tenantId");
        return transaction(tx -> tx.permissionChanges(tenantId));
    }

    // ---------------------------------------------------------------- internals

    private <T> T transaction(DelegationStore.UnitOfWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.inTransaction(work);
            } catch (DelegationException e) {
                // A lost optimistic race: run the use case again on fresh data, where its own checks give the right answer.
                if (e.code() != ErrorCode.CONCURRENT_UPDATE || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Tenant requirePartner(Principal actor) {
        DelegationException.requireArgument(actor, "actor");
        Tenant tenant = tenants.findById(actor.tenantId())
                .orElseThrow(() -> new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND,
                        "Tenant " + actor.tenantId() + " is not known to the directory."));
        if (!tenant.partnerPermission()) {
            throw new DelegationException(ErrorCode.PARTNER_PERMISSION_REQUIRED,
                    "Account " + tenant.accountNumber() + " does not have the partner permission. "
                            + "Ask an operator to grant it before managing customer accounts.");
        }
        return tenant;
    }

    private Tenant requirePartnerAdministrator(Principal actor) {
        requireAdministrator(actor);
        return requirePartner(actor);
    }

    private static void requireAdministrator(Principal actor) {
        DelegationException.requireArgument(actor, "actor");
        if (!actor.isAdministrator()) {
            throw new DelegationException(ErrorCode.ADMINISTRATOR_REQUIRED,
                    "Only an administrator of the tenant can do this; user " + actor.userId() + " is not one.");
        }
    }

    private static void requireOperator(Principal actor) {
        DelegationException.requireArgument(actor, "operator");
        if (!actor.isOperator()) {
            throw new DelegationException(ErrorCode.OPERATOR_REQUIRED,
                    "Only an operator of the product can do this; user " + actor.userId() + " is not one.");
        }
    }

    private static DelegationException notFound(DelegationId id) {
        return new DelegationException(ErrorCode.DELEGATION_NOT_FOUND, "No customer account " + id + " is in your account list.");
    }

    /**
     * The partner's own open delegation, held until the unit of work ends so that a concurrent
     * transition cannot slip between the check and what the use case records; anyone else's, or a
     * final one, is "not found".
     */
    private static Delegation ownOpenDelegation(DelegationTransaction tx, Tenant partner, DelegationId id) {
        return tx.lockDelegation(id)
                .filter(d -> d.partnerTenant().equals(partner.id()) && d.status().isOpen())
                .orElseThrow(() -> notFound(id));
    }

    /** Ends an open delegation; returns it as it was before, so the caller knows whether sessions need revoking. */
    private Delegation end(DelegationTransaction tx, Delegation d, AuditEventType type, Principal actor, Instant now,
                           Optional<EmailAddress> partnerEmail) {
        Delegation removed = d.remove(now);
        tx.update(removed);
        tx.supersedeOpenInvitations(d.id());
        tx.append(audit(type, actor, removed, Optional.of(d.status()), now));
        partnerEmail.ifPresent(email ->
                tx.enqueue(notification(NotificationType.REMOVAL_NOTICE_TO_PARTNER, removed, email, now)));
        tx.enqueue(notification(NotificationType.REMOVAL_NOTICE_TO_CUSTOMER, removed, removed.customerEmail(), now));
        return d;
    }

    private Delegation expire(DelegationTransaction tx, Delegation d, Principal actor, Instant now) {
        Delegation expired = d.expire(now);
        tx.update(expired);
        tx.supersedeOpenInvitations(d.id());
        tx.append(audit(AuditEventType.INVITATION_EXPIRED, actor, expired, Optional.of(d.status()), now));
        partnerEmail(expired).ifPresent(email ->
                tx.enqueue(notification(NotificationType.EXPIRY_NOTICE, expired, email, now)));
        return expired;
    }

    private void revokeSessions(Delegation before, Instant now) {
        if (!before.isConnected()) {
            return;
        }
        try {
            sessions.revokeAll(before.id(), now);
        } catch (DelegationException e) {
            // validateSession checks the delegation too, so the sessions are dead either way.
            LOG.log(System.Logger.Level.WARNING, "Delegation " + before.id() + " ended but revoking its sessions failed; "
                    + "they no longer validate since the delegation is not connected.", e);
        }
    }

    private void revokeSessionsOfPartner(TenantId partner, Instant now) {
        Optional<AccountCursor> after = Optional.empty();
        while (true) {
            Optional<AccountCursor> from = after;
            List<Delegation> page = transaction(tx -> tx.listByPartner(partner, Set.of(DelegationStatus.CONNECTED), from, 200));
            page.forEach(d -> revokeSessions(d, now));
            if (page.size() < 200) {
                return;
            }
            after = Optional.of(AccountCursor.after(page.get(page.size() - 1)));
        }
    }

    private Tenant changePartnerPermission(Principal operator, TenantId tenantId, boolean grant) {
        requireOperator(operator);
        DelegationException.requireArgument(tenantId, "tenantId");
        Tenant before = tenants.findById(tenantId)
                .orElseThrow(() -> new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND, "No tenant has the id " + tenantId + "."));
        Instant now = clock.instant();
        AuditEvent event = new AuditEvent(new AuditEventId(Ids.randomUuid(random)),
                grant ? AuditEventType.PARTNER_PERMISSION_GRANTED : AuditEventType.PARTNER_PERMISSION_REVOKED,
                Optional.empty(), tenantId, operator.tenantId(), operator.userId(), Optional.empty(), Optional.empty(), now);
        Tenant after;
        try {
            // One unit of work: a directory on the store's database joins it, so the change and its audit commit together.
            after = transaction(tx -> {
                Tenant changed = grant ? tenants.grantPartnerPermission(tenantId) : tenants.revokePartnerPermission(tenantId);
                tx.append(event);
                return changed;
            });
        } catch (RuntimeException e) {
            // A directory in another store committed on its own: put it back, so that no change goes unaudited.
            try {
                if (before.partnerPermission()) {
                    tenants.grantPartnerPermission(tenantId);
                } else {
                    tenants.revokePartnerPermission(tenantId);
                }
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        return after;
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

    /** The invitation behind the token, and its delegation, if the actor is the invited customer's administrator. */
    private static InvitationInContext invitationFor(DelegationTransaction tx, Principal actor, SecretToken token) {
        Invitation invitation = tx.findInvitation(token.hash())
                .filter(i -> i.tokenHash().matches(token))
                .orElseThrow(() -> invalidInvitation("This invitation link is not valid. Open the link from the latest invitation mail, or ask the partner to send a new one."));
        Delegation d = tx.findDelegation(invitation.delegationId())
                .orElseThrow(() -> invalidInvitation("This invitation is no longer valid."));
        if (!actor.tenantId().equals(d.customerTenant()) || !actor.isAdministrator()) {
            throw new DelegationException(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT,
                    "This invitation was sent to the administrator of account " + d.customerAccountNumber()
                            + ". Log in as that account's administrator to answer it.");
        }
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

    private Optional<EmailAddress> partnerEmail(Delegation d) {
        return tenants.findById(d.partnerTenant()).map(Tenant::administratorEmail);
    }

    private PartnerLink partnerLink(Delegation d) {
        return partnerLink(d, Optional.empty());
    }

    /** The link to the delegation's partner, read from the directory unless the caller has it already. */
    private PartnerLink partnerLink(Delegation d, Optional<Tenant> known) {
        Tenant partner = known.or(() -> tenants.findById(d.partnerTenant()))
                .orElseThrow(() -> new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND,
                        "The partner tenant " + d.partnerTenant() + " is no longer known to the directory."));
        return new PartnerLink(d.id(), partner.id(), partner.accountNumber(), partner.administratorEmail(), d.status(),
                d.acceptedAt().orElse(d.updatedAt()));
    }

    private AuditEvent audit(AuditEventType type, Principal actor, Delegation after, Optional<DelegationStatus> from, Instant now) {
        return new AuditEvent(new AuditEventId(Ids.randomUuid(random)), type, Optional.of(after.id()), after.customerTenant(),
                actor.tenantId(), actor.userId(), from, Optional.of(after.status()), now);
    }

    private OutboxEntry notification(NotificationType type, Delegation d, EmailAddress recipient, Instant now) {
        return OutboxEntry.pending(new NotificationId(Ids.randomUuid(random)), type, d.id(), recipient, now);
    }

    /**
     * Assembles a {@link PartnerDelegation} from its ports. The tenant directory, the delegation
     * store and the session issuer are required; the clock defaults to UTC system time, the
     * random source to a {@link SecureRandom}, the settings to {@link DelegationSettings#defaults()}.
     * Not thread-safe; the facade it builds is.
     */
    public static final class Builder {
        private TenantDirectory tenants;
        private DelegationStore store;
        private SessionIssuer sessions;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new SecureRandom();
        private DelegationSettings settings = DelegationSettings.defaults();

        private Builder() {
        }

        public Builder tenantDirectory(TenantDirectory tenantDirectory) {
            this.tenants = Objects.requireNonNull(tenantDirectory, "tenantDirectory");
            return this;
        }

        public Builder delegationStore(DelegationStore delegationStore) {
            this.store = Objects.requireNonNull(delegationStore, "delegationStore");
            return this;
        }

        public Builder sessionIssuer(SessionIssuer sessionIssuer) {
            this.sessions = Objects.requireNonNull(sessionIssuer, "sessionIssuer");
            return this;
        }

        /** The clock every use case reads "now" from; tests pass a controllable one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source of tokens and ids. Tokens are secrets: in production keep the default {@link SecureRandom}. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Builder settings(DelegationSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** @throws NullPointerException naming the missing port */
        public PartnerDelegation build() {
            return new PartnerDelegation(this);
        }
    }
}
