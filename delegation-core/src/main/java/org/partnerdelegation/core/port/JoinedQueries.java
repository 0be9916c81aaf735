package org.partnerdelegation.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.LoginKey;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;

/**
 * The hot paths' reads and writes across the three storage ports at once: an optional
 * capability of a storage that keeps the tenant directory, the delegations and the sessions in
 * one database, offered through {@link DelegationStore#joinedQueries}. Each method answers
 * exactly what the facade would compose from {@link TenantDirectory}, {@link DelegationTransaction}
 * and {@link SessionIssuer} calls, in one statement where the storage can; the facade keeps
 * every decision (which refusal, in which order) and falls back to the ports to explain an
 * empty answer.
 *
 * <p>Implementations must be thread-safe; the methods taking a transaction run inside that unit
 * of work.
 */
public interface JoinedQueries {

    /**
     * The session with that token hash when it is live at {@code now}: not revoked, not expired,
     * its delegation CONNECTED and its grant giving access at {@code now}
     * ({@link Delegation#grantsAccessAt}), its partner tenant in the directory with the partner
     * permission, and the partner's permission epoch still the one the session was issued under;
     * narrowed to the roles the delegation grants now ({@link DelegatedSession#narrowedTo}). Only
     * the session stored under exactly this hash: the caller does not compare the token again.
     *
     * @param tokenHash the hash of the bearer token
     * @param now       the instant of the check
     * @return the session, holding only roles still granted; empty when there is none, it is not live, or
     *         none of its roles is granted any more
     */
    Optional<DelegatedSession> findLiveSession(TokenHash tokenHash, Instant now);

    /**
     * What a partner's use case on one of its delegations reads (a login, a deletion, a resend),
     * read at once: the partner tenant, its permission epoch, its own delegation (locked as
     * {@link DelegationTransaction#lockOwnDelegation} locks it), the customer tenant of that
     * delegation as the directory has it now, and the customer's settings
     * ({@link DelegationTransaction#findCustomerSettings}, the defaults when it has none).
     *
     * @param tx      the use case's unit of work
     * @param partner the partner tenant acting
     * @param id      the delegation it acts on
     * @return the five, read together; empty when the partner has no delegation with that id
     *         (the caller then asks the ports why)
     */
    Optional<OwnDelegation> lockOwnDelegation(DelegationTransaction tx, TenantId partner, DelegationId id);

    /**
     * Records a login: its audit event and its session, together (one round trip where the
     * database allows), as {@link DelegationTransaction#append} then {@link SessionIssuer#issue}.
     *
     * @param tx      the login's unit of work
     * @param login   the DELEGATED_LOGIN audit event
     * @param session the session, carrying its token's hash only
     */
    void recordLogin(DelegationTransaction tx, AuditEvent login, DelegatedSession session);

    /**
     * Records a login as {@link #recordLogin(DelegationTransaction, AuditEvent, DelegatedSession)}, and
     * with it the customer's login notice when there is one ({@link DelegationTransaction#enqueue}),
     * in the same round trip where the database allows.
     *
     * @param tx      the login's unit of work
     * @param login   the DELEGATED_LOGIN audit event
     * @param session the session, carrying its token's hash only
     * @param notice  the DELEGATED_LOGIN_NOTICE outbox entry; empty when the customer is not told of each login
     */
    default void recordLogin(DelegationTransaction tx, AuditEvent login, DelegatedSession session, Optional<OutboxEntry> notice) {
        recordLogin(tx, login, session);
        notice.ifPresent(tx::enqueue);
    }

    /**
     * Records a login that came with an idempotency key as {@link #recordLogin(DelegationTransaction,
     * AuditEvent, DelegatedSession, Optional)} does, the session with its key
     * ({@link SessionIssuer#issue(DelegatedSession, LoginKey)}).
     *
     * @param tx       the login's unit of work
     * @param sessions the session issuer of the same storage
     * @param login    the DELEGATED_LOGIN audit event
     * @param session  the session, carrying its token's hash only
     * @param notice   the DELEGATED_LOGIN_NOTICE outbox entry; empty when the customer is not told of each login
     * @param key      the hashes of the login's idempotency key and request
     */
    default void recordKeyedLogin(DelegationTransaction tx, SessionIssuer sessions, AuditEvent login, DelegatedSession session,
                                  Optional<OutboxEntry> notice, LoginKey key) {
        tx.append(login);
        notice.ifPresent(tx::enqueue);
        sessions.issue(session, key);
    }

    /**
     * Records the end of a delegation (or of its pending invitation) together, in one round trip
     * where the database allows: as {@link DelegationTransaction#update} of {@code ended},
     * {@link DelegationTransaction#supersedeOpenInvitations}, {@link DelegationTransaction#append}
     * of {@code event}, {@link DelegationTransaction#enqueue} of each notice, then of
     * {@code noticeIfInvited} when an invitation of the delegation was ever handed to the notifier
     * ({@link DelegationTransaction#hasInvitations}, as stored when the writes go: an invitation a
     * concurrent delivery committed while this unit of work waited for the delegation's lock counts),
     * and, when {@code sessionsRevokedAt} is given, {@link SessionIssuer#revokeAll} do one after the
     * other. A storage may send these writes with the unit of work's next statement or its commit,
     * so a failure of one (a lost race on the delegation's version) may surface there; it still
     * fails the whole unit of work, and nothing is written.
     *
     * <p>The default runs the port calls one after the other, the revocation last; {@code sessions}
     * is the issuer it revokes through (an implementation joining the tables uses its own, the same
     * one). With a store that holds writes back and a session issuer outside its database, a write
     * refused at the commit (a delegation changed since it was read: the caller holds its lock, so
     * only a caller that does not could meet this) leaves the sessions revoked.
     *
     * @param tx                the unit of work, holding the delegation's lock
     * @param sessions          the session issuer of the same storage
     * @param ended             the delegation as it is to be stored, its version moved on
     * @param event             the audit event of the ending
     * @param notices           the outbox entries telling each side, in order; may be empty
     * @param noticeIfInvited   an outbox entry to enqueue only if an invitation of the delegation was ever sent
     * @param sessionsRevokedAt when the delegation's live sessions are revoked; empty to leave them (it had none)
     */
    default void recordEnd(DelegationTransaction tx, SessionIssuer sessions, Delegation ended, AuditEvent event,
                           List<OutboxEntry> notices, Optional<OutboxEntry> noticeIfInvited, Optional<Instant> sessionsRevokedAt) {
        tx.update(ended);
        tx.supersedeOpenInvitations(ended.id());
        tx.append(event);
        notices.forEach(tx::enqueue);
        noticeIfInvited.filter(notice -> tx.hasInvitations(ended.id())).ifPresent(tx::enqueue);
        sessionsRevokedAt.ifPresent(at -> sessions.revokeAll(ended.id(), at));
    }

    /**
     * What answering an invitation reads, read at once: the invitation with that token hash and
     * its delegation, both held until the unit of work ends (the delegation locked first, as every
     * use case on a delegation locks it, and the invitation read as the lock found it, so that two
     * answers to the same link at once see each other's), the delegation's partner tenant as the
     * directory has it now, and the customer's CONNECTED delegation with another partner, if any
     * (not locked: the caller locks it if it acts on it).
     *
     * <p>The default reads them through the ports one after the other; {@code tenants} is the
     * directory it reads the partner from (an implementation joining the tables reads its own).
     *
     * @param tx        the unit of work answering the invitation
     * @param tenants   the tenant directory of the same storage
     * @param tokenHash the hash of the invitation token presented
     * @return the four, read together; empty when no invitation has that hash or its delegation is gone
     */
    default Optional<InvitationTarget> lockInvitation(DelegationTransaction tx, TenantDirectory tenants, TokenHash tokenHash) {
        // A host's store may look invitations up loosely: only the one stored under exactly this hash is the token's.
        Optional<Invitation> seen = tx.findInvitation(tokenHash).filter(i -> i.tokenHash().equals(tokenHash));
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        Optional<Delegation> held = tx.lockDelegation(seen.get().delegationId());
        Optional<Invitation> invitation = held.isEmpty() ? Optional.empty()
                : tx.findInvitation(tokenHash).filter(i -> i.tokenHash().equals(tokenHash));
        if (invitation.isEmpty()) {
            return Optional.empty();
        }
        Delegation d = held.get();
        Optional<DelegationId> other = tx.findConnectedDelegation(d.customerTenant()).map(Delegation::id)
                .filter(id -> !id.equals(d.id()));
        return Optional.of(new InvitationTarget(invitation.get(), d, tenants.findById(d.partnerTenant()), other));
    }

    /**
     * What adding a customer reads, read at once: the partner tenant, the tenant whose
     * administrator has that email, the pair's open (PENDING or CONNECTED) delegation, whether the
     * customer has a CONNECTED delegation (with any partner) and when its access ends, and when the
     * pair's last invitation was asked for ({@link DelegationTransaction#lastInvitationRequestedAt}).
     * The customer's CONNECTED delegation is reported as stored, also when its access ended and the
     * time-limit job has not recorded the end yet: the caller decides at its own instant.
     *
     * @param tx            the unit of work adding the customer
     * @param partner       the partner tenant adding
     * @param customerEmail the customer's administrator email, compared by its canonical form
     * @return what was read; the fields about the pair are empty (false) when either tenant is missing
     */
    AddTarget readAddTarget(DelegationTransaction tx, TenantId partner, EmailAddress customerEmail);

    /**
     * The partner's delegations as {@link DelegationTransaction#listByPartner} lists them, only
     * while the partner tenant is in the directory with the partner permission, read at once.
     *
     * @param partner  the partner tenant
     * @param statuses the statuses to include
     * @param endingBy the latest end of access to include; empty for every delegation
     * @param after    the cursor of the last row of the previous page; empty for the first page
     * @param limit    the most rows to return
     * @return the page; empty when there are no such rows or the partner may not list them (the
     *         caller then asks the ports which)
     */
    List<Delegation> listOfPermittedPartner(TenantId partner, Set<DelegationStatus> statuses, Optional<Instant> endingBy,
                                            Optional<AccountCursor> after, int limit);

    /**
     * The page {@link #listOfPermittedPartner} reads, each row only as the account list shows it
     * ({@link ListedAccount}): a storage reads only those columns.
     *
     * <p>The default maps the delegations {@link #listOfPermittedPartner} reads.
     *
     * @param partner  the partner tenant
     * @param statuses the statuses to include
     * @param endingBy the latest end of access to include; empty for every delegation
     * @param after    the cursor of the last row of the previous page; empty for the first page
     * @param limit    the most rows to return
     * @return the page; empty when there are no such rows or the partner may not list them
     */
    default List<ListedAccount> listedAccountsOfPermittedPartner(TenantId partner, Set<DelegationStatus> statuses,
                                                                Optional<Instant> endingBy, Optional<AccountCursor> after,
                                                                int limit) {
        return listOfPermittedPartner(partner, statuses, endingBy, after, limit).stream().map(ListedAccount::of).toList();
    }

    /**
     * A delegation as a row of the account list shows it, as stored (a CONNECTED one whose access
     * ended is still CONNECTED here; the caller shows it as it stands).
     *
     * @param id                    the delegation
     * @param customerEmail         the customer's administrator account
     * @param customerAccountNumber the customer's account number
     * @param status                the status as stored
     * @param createdAt             when the partner added the customer
     * @param roles                 the roles granted (while PENDING: requested)
     * @param term                  how long access lasts from approval, if it ends
     * @param accessUntil           when access ends, renewal included ({@code AccessGrant#accessUntil}); empty without an end
     * @param changeRequested       whether a change request awaits the customer
     */
    record ListedAccount(DelegationId id, EmailAddress customerEmail, org.partnerdelegation.core.domain.AccountNumber customerAccountNumber,
                         DelegationStatus status, Instant createdAt, Set<org.partnerdelegation.core.domain.RoleKey> roles,
                         Optional<java.time.Duration> term, Optional<Instant> accessUntil, boolean changeRequested) {
        /**
         * Checks the components are not null.
         *
         * @param id                    the delegation
         * @param customerEmail         the customer's administrator account
         * @param customerAccountNumber the customer's account number
         * @param status                the status as stored
         * @param createdAt             when the partner added the customer
         * @param roles                 the roles granted (while PENDING: requested)
         * @param term                  how long access lasts from approval, if it ends
         * @param accessUntil           when access ends, renewal included; empty without an end
         * @param changeRequested       whether a change request awaits the customer
         */
        public ListedAccount {
            java.util.Objects.requireNonNull(id, "id");
            java.util.Objects.requireNonNull(customerEmail, "customerEmail");
            java.util.Objects.requireNonNull(customerAccountNumber, "customerAccountNumber");
            java.util.Objects.requireNonNull(status, "status");
            java.util.Objects.requireNonNull(createdAt, "createdAt");
            java.util.Objects.requireNonNull(roles, "roles");
            java.util.Objects.requireNonNull(term, "term");
            java.util.Objects.requireNonNull(accessUntil, "accessUntil");
        }

        /**
         * The row of a delegation.
         *
         * @param d the delegation
         * @return its row
         */
        public static ListedAccount of(Delegation d) {
            return new ListedAccount(d.id(), d.customerEmail(), d.customerAccountNumber(), d.status(), d.createdAt(), d.roles(),
                    d.grant().term(), d.grant().accessUntil(), d.requestedChange().isPresent());
        }
    }

    /**
     * What {@link #readAddTarget} reads.
     *
     * @param partner           the partner tenant, empty when the directory does not have it
     * @param customer          the tenant with that administrator email, empty when none has it
     * @param openOfPair        the pair's PENDING or CONNECTED delegation, if any
     * @param customerConnected whether the customer has a CONNECTED delegation, with this partner or another
     * @param lastInvitation    when the pair's last invitation was asked for, if ever
     * @param connectedUntil    when the access of the customer's CONNECTED delegation ends
     *                          ({@link Delegation#grant()}'s {@code accessUntil}, renewal included); empty when it
     *                          has no end, or the customer has no CONNECTED delegation
     */
    record AddTarget(Optional<Tenant> partner, Optional<Tenant> customer, Optional<Delegation> openOfPair,
                     boolean customerConnected, Optional<Instant> lastInvitation, Optional<Instant> connectedUntil) {
        /**
         * Checks the components are not null.
         *
         * @param partner           the partner tenant, empty when the directory does not have it
         * @param customer          the tenant with that administrator email, empty when none has it
         * @param openOfPair        the pair's PENDING or CONNECTED delegation, if any
         * @param customerConnected whether the customer has a CONNECTED delegation
         * @param lastInvitation    when the pair's last invitation was asked for, if ever
         * @param connectedUntil    when the access of the customer's CONNECTED delegation ends; empty when it has
         *                          no end, or there is none
         */
        public AddTarget {
            java.util.Objects.requireNonNull(partner, "partner");
            java.util.Objects.requireNonNull(customer, "customer");
            java.util.Objects.requireNonNull(openOfPair, "openOfPair");
            java.util.Objects.requireNonNull(lastInvitation, "lastInvitation");
            java.util.Objects.requireNonNull(connectedUntil, "connectedUntil");
        }

        /**
         * What an implementation written before {@code connectedUntil} existed reads: a CONNECTED
         * delegation of the customer is taken to have no end, so it refuses another partner's add
         * as before, even once its access ended.
         *
         * @param partner           the partner tenant, empty when the directory does not have it
         * @param customer          the tenant with that administrator email, empty when none has it
         * @param openOfPair        the pair's PENDING or CONNECTED delegation, if any
         * @param customerConnected whether the customer has a CONNECTED delegation
         * @param lastInvitation    when the pair's last invitation was asked for, if ever
         */
        public AddTarget(Optional<Tenant> partner, Optional<Tenant> customer, Optional<Delegation> openOfPair,
                         boolean customerConnected, Optional<Instant> lastInvitation) {
            this(partner, customer, openOfPair, customerConnected, lastInvitation, Optional.empty());
        }

        /**
         * Whether the customer's CONNECTED delegation still gives access at {@code now}: one whose
         * access ended is ended, whether or not the time-limit job has recorded it.
         *
         * @param now the instant of the add
         * @return true when the customer has a CONNECTED delegation without an end, or ending after {@code now}
         */
        public boolean customerConnectedAt(Instant now) {
            return customerConnected && connectedUntil.map(now::isBefore).orElse(true);
        }
    }

    /**
     * What {@link #lockInvitation} reads.
     *
     * @param invitation     the invitation with the token's hash, as read once its delegation was held
     * @param delegation     its delegation, held until the unit of work ends; any status
     * @param partner        the delegation's partner tenant, empty when the directory no longer has it
     * @param otherConnected the customer's CONNECTED delegation with another partner, if any, as stored
     *                       (its access may have ended without the time-limit job having recorded it)
     */
    record InvitationTarget(Invitation invitation, Delegation delegation, Optional<Tenant> partner,
                            Optional<DelegationId> otherConnected) {
        /**
         * Checks the components are not null.
         *
         * @param invitation     the invitation with the token's hash
         * @param delegation     its delegation, held
         * @param partner        the delegation's partner tenant, empty when the directory no longer has it
         * @param otherConnected the customer's CONNECTED delegation with another partner, if any
         */
        public InvitationTarget {
            java.util.Objects.requireNonNull(invitation, "invitation");
            java.util.Objects.requireNonNull(delegation, "delegation");
            java.util.Objects.requireNonNull(partner, "partner");
            java.util.Objects.requireNonNull(otherConnected, "otherConnected");
        }
    }

    /**
     * What {@link #lockOwnDelegation(DelegationTransaction, TenantId, DelegationId)} reads.
     *
     * @param partner      the partner tenant, empty when the directory no longer has it
     * @param partnerEpoch the partner's permission epoch, read with the permission
     * @param delegation   the partner's own delegation, held until the unit of work ends; any status
     * @param customer     the delegation's customer tenant, empty when the directory no longer has it
     * @param customerSettings the customer tenant's settings; {@link CustomerSettings#DEFAULTS} when it has none
     */
    record OwnDelegation(Optional<Tenant> partner, long partnerEpoch, Delegation delegation, Optional<Tenant> customer,
                         CustomerSettings customerSettings) {
        /**
         * Checks the components are not null.
         *
         * @param partner      the partner tenant, empty when the directory no longer has it
         * @param partnerEpoch the partner's permission epoch
         * @param delegation   the partner's own delegation, held
         * @param customer     the delegation's customer tenant, empty when the directory no longer has it
         * @param customerSettings the customer tenant's settings
         */
        public OwnDelegation {
            java.util.Objects.requireNonNull(partner, "partner");
            java.util.Objects.requireNonNull(delegation, "delegation");
            java.util.Objects.requireNonNull(customer, "customer");
            java.util.Objects.requireNonNull(customerSettings, "customerSettings");
        }

        /**
         * The four, with the customer on {@link CustomerSettings#DEFAULTS}.
         *
         * @param partner      the partner tenant, empty when the directory no longer has it
         * @param partnerEpoch the partner's permission epoch
         * @param delegation   the partner's own delegation, held
         * @param customer     the delegation's customer tenant, empty when the directory no longer has it
         */
        public OwnDelegation(Optional<Tenant> partner, long partnerEpoch, Delegation delegation, Optional<Tenant> customer) {
            this(partner, partnerEpoch, delegation, customer, CustomerSettings.DEFAULTS);
        }
    }
}
