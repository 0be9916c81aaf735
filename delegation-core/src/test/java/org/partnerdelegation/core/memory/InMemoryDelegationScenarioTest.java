package org.partnerdelegation.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.contract.DelegationScenarioContract;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.contract.AuditTrails;

/** The scenarios of DESIGN.md "What it does" over the in-memory adapters. */
class InMemoryDelegationScenarioTest extends DelegationScenarioContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }

    /**
     * Ending a delegation revokes its sessions in the same unit of work: when the session store
     * cannot revoke them, the whole call fails with STORAGE_UNAVAILABLE and nothing is reported
     * as done - the delegation stays CONNECTED and says so, rather than ended with live sessions.
     */
    @Test
    void endingADelegationFailsWholeWhenItsSessionsCannotBeRevoked() {
        InMemoryAdapterFixture fixture = new InMemoryAdapterFixture(UnaryOperator.identity(), UnrevokableSessions::new);
        try (fixture) {
            DelegationHarness h = new DelegationHarness(fixture);
            h.register(PARTNER);
            h.register(CUSTOMER);
            DelegationId id = h.connect(PARTNER, CUSTOMER);
            String session = h.delegation.loginToCustomer(adminOf(PARTNER), id).token().reveal();
            int auditBefore = AuditTrails.whole(h.delegation, adminOf(PARTNER), id).size();

            assertThat(failureOf(() -> h.delegation.deleteAccount(adminOf(PARTNER), id))).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(failureOf(() -> h.delegation.disassociatePartner(adminOf(CUSTOMER)))).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);

            assertThat(h.delegation.currentPartner(adminOf(CUSTOMER))).isPresent();
            assertThat(AuditTrails.whole(h.delegation, adminOf(PARTNER), id)).hasSize(auditBefore);
            assertThat(h.delegation.validateSession(session)).as("still the partner's, as the customer can see").isPresent();
        }
    }

    /**
     * Revoking the partner permission fails whole when the sessions cannot be revoked, and the
     * directory (which does not share the store's transaction here) is put back, so that no
     * change goes unaudited.
     */
    @Test
    void revokingThePermissionFailsWholeWhenTheSessionsCannotBeRevoked() {
        InMemoryAdapterFixture fixture = new InMemoryAdapterFixture(UnaryOperator.identity(), UnrevokableSessions::new);
        try (fixture) {
            DelegationHarness h = new DelegationHarness(fixture);
            h.register(PARTNER);
            h.register(CUSTOMER);
            DelegationId id = h.connect(PARTNER, CUSTOMER);
            String session = h.delegation.loginToCustomer(adminOf(PARTNER), id).token().reveal();

            assertThat(failureOf(() -> h.delegation.revokePartnerPermission(operator(), PARTNER.id())))
                    .isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);

            assertThat(fixture.tenantDirectory().findById(PARTNER.id()).orElseThrow().partnerPermission()).isTrue();
            assertThat(h.delegation.permissionAuditTrail(operator(), PARTNER.id())).isEmpty();
            assertThat(h.delegation.validateSession(session)).isPresent();
        }
    }

    private static ErrorCode failureOf(Runnable call) {
        try {
            call.run();
        } catch (DelegationException e) {
            return e.code();
        }
        throw new AssertionError("expected a DelegationException");
    }

    /** Keeps sessions but cannot revoke them, as a session store that is down at that moment. */
    private static final class UnrevokableSessions implements SessionIssuer {
        private final SessionIssuer delegate;

        UnrevokableSessions(SessionIssuer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void issue(DelegatedSession session) {
            delegate.issue(session);
        }

        @Override
        public Optional<DelegatedSession> introspect(TokenHash tokenHash) {
            return delegate.introspect(tokenHash);
        }

        @Override
        public Optional<DelegatedSession> findSession(org.partnerdelegation.core.domain.SessionId id) {
            return delegate.findSession(id);
        }

        @Override
        public java.util.List<DelegatedSession> sessionsInto(TenantId customerTenant,
                                                            Optional<org.partnerdelegation.core.domain.SessionId> after, int limit) {
            return delegate.sessionsInto(customerTenant, after, limit);
        }

        @Override
        public int revokeAll(DelegationId delegationId, Instant revokedAt) {
            throw down();
        }

        @Override
        public boolean revoke(TokenHash tokenHash, Instant revokedAt) {
            throw down();
        }

        @Override
        public int revokeAllOfUser(TenantId partnerTenant, UserId partnerUser, Instant revokedAt) {
            throw down();
        }

        @Override
        public int revokeAllOfPartner(TenantId partnerTenant, Instant revokedAt) {
            throw down();
        }

        @Override
        public int revokeAllInto(TenantId customerTenant, Instant revokedAt) {
            throw down();
        }

        @Override
        public int deleteEndedBefore(Instant cutoff, int limit) {
            return delegate.deleteEndedBefore(cutoff, limit);
        }

        private static DelegationException down() {
            return new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "the session store is down (simulated)");
        }
    }
}
