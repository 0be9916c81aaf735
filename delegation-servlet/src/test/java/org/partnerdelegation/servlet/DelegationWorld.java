package org.partnerdelegation.servlet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * A real partner delegation on the core's in-memory adapters, as the README's "Embedding the
 * core" builds it: a partner (acme) connected to a customer (initech) that granted it
 * {@code billing:read} and {@code support:tickets}, a clock the tests move, and a session store
 * that can be made to fail.
 */
final class DelegationWorld {

    final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T09:00:00Z"));
    final FailingSessionIssuer sessions = new FailingSessionIssuer(new InMemorySessionIssuer());
    final Tenant partner;
    final Tenant customer;
    final PartnerDelegation delegation;
    final DelegationId delegationId;

    DelegationWorld() {
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
        partner = tenants.register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
                EmailAddress.of("admin@acme.example"), true));
        customer = tenants.register(new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"),
                EmailAddress.of("admin@initech.example"), false));
        RoleCatalogue roles = RoleCatalogue.builder()
                .role(DelegableRole.TENANT_ADMINISTRATOR)
                .role(DelegableRole.of("billing:read", "Billing (read only)", "Reads invoices."))
                .role(DelegableRole.of("support:tickets", "Support tickets", "Opens and answers tickets."))
                .defaultRoles(RoleKey.TENANT_ADMINISTRATOR)
                .build();
        delegation = PartnerDelegation.builder()
                .tenantDirectory(tenants)
                .delegationStore(new InMemoryDelegationStore())
                .sessionIssuer(sessions)
                .roleCatalogue(roles)
                .clock(clock)
                .build();
        InMemoryNotifier notifier = new InMemoryNotifier();
        try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(delegation).notifier(notifier).build()) {
            AccountListEntry row = delegation.addCustomerAccount(partnerUser("jane@acme.example"), customer.administratorEmail(),
                    GrantRequest.roles("billing:read", "support:tickets"));
            dispatcher.drain();
            String invitation = notifier.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow().reveal();
            delegation.acceptInvitation(Principal.administrator(customer.id(), UserId.of("admin@initech.example"))
                    .withVerifiedEmail(customer.administratorEmail()), invitation);
            delegationId = row.delegationId();
        }
    }

    Principal partnerUser(String user) {
        return Principal.administrator(partner.id(), UserId.of(user));
    }

    /**
     * A partner user of acme logs in to initech, holding the roles named (all granted when none), just after
     * signing in with a password and a one-time code (the step-up a delegated login asks for).
     */
    IssuedSession login(String user, String... roles) {
        return delegation.loginToCustomer(partnerUser(user).withAuthentication(Authentication.of(clock.instant(), "pwd", "otp")),
                delegationId,
                roles.length == 0 ? LoginRequest.allGranted() : LoginRequest.roles(roles));
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** The in-memory session issuer, whose lookups fail as a database would when told to. */
    static final class FailingSessionIssuer implements SessionIssuer {
        /** How many tokens were looked up (introspected), failed or not. */
        final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        private final SessionIssuer real;
        private volatile RuntimeException failure;

        FailingSessionIssuer(SessionIssuer real) {
            this.real = real;
        }

        /** Every lookup from now on throws STORAGE_UNAVAILABLE, as an adapter whose database is down does. */
        void databaseDown() {
            failWith(new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "The database could not be reached",
                    new java.sql.SQLTransientConnectionException("Connection refused: db.internal:5432")));
        }

        void failWith(RuntimeException e) {
            failure = e;
        }

        private void check() {
            lookups.incrementAndGet();
            RuntimeException f = failure;
            if (f != null) {
                throw f;
            }
        }

        @Override
        public void issue(DelegatedSession session) {
            real.issue(session);
        }

        @Override
        public Optional<DelegatedSession> introspect(TokenHash tokenHash) {
            check();
            return real.introspect(tokenHash);
        }

        @Override
        public Optional<DelegatedSession> findSession(SessionId id) {
            return real.findSession(id);
        }

        @Override
        public List<DelegatedSession> sessionsInto(TenantId customerTenant, Optional<SessionId> after, int limit) {
            return real.sessionsInto(customerTenant, after, limit);
        }

        @Override
        public int revokeAll(DelegationId delegationId, Instant revokedAt) {
            return real.revokeAll(delegationId, revokedAt);
        }

        @Override
        public int narrowAll(DelegationId delegationId, Set<RoleKey> granted,
                             Set<RoleKey> grantedWithoutReason, Instant at) {
            return real.narrowAll(delegationId, granted, grantedWithoutReason, at);
        }

        @Override
        public boolean revoke(TokenHash tokenHash, Instant revokedAt) {
            return real.revoke(tokenHash, revokedAt);
        }

        @Override
        public int revokeAllOfUser(TenantId partnerTenant, UserId partnerUser, Instant revokedAt) {
            return real.revokeAllOfUser(partnerTenant, partnerUser, revokedAt);
        }

        @Override
        public int revokeAllOfPartner(TenantId partnerTenant, Instant revokedAt) {
            return real.revokeAllOfPartner(partnerTenant, revokedAt);
        }

        @Override
        public int revokeAllInto(TenantId customerTenant, Instant revokedAt) {
            return real.revokeAllInto(customerTenant, revokedAt);
        }

        @Override
        public int deleteEndedBefore(Instant cutoff, int limit) {
            return real.deleteEndedBefore(cutoff, limit);
        }
    }
}
