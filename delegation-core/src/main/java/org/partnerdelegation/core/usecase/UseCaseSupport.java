package org.partnerdelegation.core.usecase;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.Set;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Ids;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.StorageTime;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.JoinedQueries;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/** What every use case shares: the ports, the time, ids, the retried unit of work, audit and outbox records. */
final class UseCaseSupport {

    /**
     * The latest instant every store keeps: PostgreSQL's timestamps end in year 294276 and Java's
     * dates (through which the Jdbi store binds them) in year 999999999, so an end date or a bound
     * later than this is refused or cut before it reaches storage.
     */
    static final Instant LATEST_STORED = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** The earliest instant every store keeps, for the same reason: a bound before it is cut to it. */
    static final Instant EARLIEST_STORED = Instant.parse("0001-01-01T00:00:00Z");

    /** How often a unit of work is retried after losing an optimistic-locking race. */
    private static final int MAX_ATTEMPTS = 5;

    final TenantDirectory tenants;
    final DelegationStore store;
    final SessionIssuer sessions;
    final Clock clock;
    final RandomGenerator random;
    final DelegationSettings settings;
    final RoleCatalogue catalogue;
    final StepUpPolicy stepUp;
    final AccessPolicy policy;
    /** The store's joined queries for these adapters, or the same answers composed from the ports. */
    final JoinedQueries joined;

    UseCaseSupport(TenantDirectory tenants, DelegationStore store, SessionIssuer sessions, Clock clock,
                   RandomGenerator random, DelegationSettings settings, RoleCatalogue catalogue, StepUpPolicy stepUp) {
        this.tenants = tenants;
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.catalogue = catalogue;
        this.stepUp = stepUp;
        this.policy = new AccessPolicy(tenants);
        this.joined = store.joinedQueries(tenants, sessions).orElseGet(() -> new ComposedQueries(tenants, store, sessions));
    }

    /** Now, as storage keeps it ({@link StorageTime}). */
    Instant now() {
        return StorageTime.now(clock);
    }

    /**
     * {@code from} plus {@code period}, no later than {@link #LATEST_STORED}: a period longer than
     * what storage keeps means "whatever ends at all", not an overflow.
     */
    static Instant plusCapped(Instant from, java.time.Duration period) {
        if (period.compareTo(java.time.Duration.between(from, LATEST_STORED)) >= 0) {
            return LATEST_STORED;
        }
        return from.plus(period);
    }

    /** Refuses a page larger than the settings allow, before anything is read. */
    void requirePageSize(int limit) {
        if (limit > settings.maxPageSize()) {
            throw DelegationException.invalidInput("limit", "must be at most " + settings.maxPageSize() + ", got " + limit);
        }
    }

    <T> T transaction(DelegationStore.UnitOfWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.inTransaction(work);
            } catch (DelegationException e) {
                // A lost optimistic race: run the use case again on fresh data, where its own checks give the right answer.
                // Never OUTCOME_UNKNOWN: the change may be written, and the next attempt, most likely refused as
                // STORAGE_UNAVAILABLE ("nothing was changed"), would say otherwise; the host retries that call itself.
                if (e.code() != ErrorCode.CONCURRENT_UPDATE || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    AuditEvent audit(AuditEventType type, Principal actor, Delegation after, Optional<DelegationStatus> from, Instant now) {
        return audit(type, actor, after, from, now, Set.of(), Optional.empty(), Optional.empty());
    }

    /** An event about the grant: the roles and end date after it (or the roles requested). */
    AuditEvent grantAudit(AuditEventType type, Principal actor, Delegation after, Set<RoleKey> roles, Optional<Instant> endsAt,
                          Instant now) {
        return audit(type, actor, after, Optional.of(after.status()), now, roles, endsAt, Optional.empty());
    }

    AuditEvent audit(AuditEventType type, Principal actor, Delegation after, Optional<DelegationStatus> from, Instant now,
                     Set<RoleKey> roles, Optional<Instant> endsAt, Optional<String> reason) {
        return new AuditEvent(new AuditEventId(Ids.randomUuid(random)), type, Optional.of(after.id()), after.customerTenant(),
                actor.tenantId(), actor.userId(), from, Optional.of(after.status()), now, roles, endsAt, reason,
                authenticationMethods(actor));
    }

    /** How the actor had authenticated, as the audit trail records it; empty where the host did not say. */
    static Set<String> authenticationMethods(Principal actor) {
        return actor.authentication().map(Authentication::recordedMethods).orElse(Set.of());
    }

    /**
     * The grant a partner's request asks for, checked against the catalogue and the term bounds
     * before anything is read: the catalogue's default roles when it names none.
     */
    AccessGrant requestedGrant(GrantRequest request) {
        DelegationException.requireArgument(request, "request");
        Set<RoleKey> roles = request.roles().isEmpty() ? catalogue.defaultRoles() : catalogue.requireKnown(request.roles(), "roles");
        request.term().ifPresent(settings::requireTermAllowed);
        return AccessGrant.requested(roles, request.term());
    }

    OutboxEntry notification(NotificationType type, Delegation d, EmailAddress recipient, Instant now) {
        return OutboxEntry.pending(new NotificationId(Ids.randomUuid(random)), type, d.id(), recipient, now);
    }

    /** A login notice or digest: the logins it reports are copied into the entry. */
    OutboxEntry loginNotification(NotificationType type, org.partnerdelegation.core.domain.DelegationId delegationId,
                                  EmailAddress recipient, Instant now, java.util.List<org.partnerdelegation.core.domain.DelegatedLogin> logins) {
        return OutboxEntry.pendingLogins(new NotificationId(Ids.randomUuid(random)), type, delegationId, recipient, now, logins);
    }

    static DelegationException notFound(org.partnerdelegation.core.domain.DelegationId id) {
        return new DelegationException(ErrorCode.DELEGATION_NOT_FOUND, "No customer account " + id + " is in your account list.");
    }
}
