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
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.SessionIssuer;

/** The scenarios of DESIGN.md "What it does" over the in-memory adapters. */
class InMemoryDelegationScenarioTest extends DelegationScenarioContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }

    /** Invariant 5: the session store being down when the delegation ends must not keep access alive. */
    @Test
    void sessionsStopValidatingAtOnceEvenWhenRevokingThemFails() {
        InMemoryAdapterFixture fixture = new InMemoryAdapterFixture(UnaryOperator.identity(), UnrevokableSessions::new);
        try (fixture) {
            DelegationHarness h = new DelegationHarness(fixture);
            h.register(PARTNER);
            h.register(CUSTOMER);
            DelegationId id = h.connect(PARTNER, CUSTOMER);
            String deletedSession = h.delegation.loginToCustomer(adminOf(PARTNER), id).token().reveal();

            h.delegation.deleteAccount(adminOf(PARTNER), id);

            assertThat(h.delegation.validateSession(deletedSession)).isEmpty();
            DelegationId again = h.connect(PARTNER, CUSTOMER);
            String disassociatedSession = h.delegation.loginToCustomer(adminOf(PARTNER), again).token().reveal();

            h.delegation.disassociatePartner(adminOf(CUSTOMER));

            assertThat(h.delegation.validateSession(disassociatedSession)).isEmpty();
            assertThat(h.delegation.validateSession(deletedSession)).isEmpty();
        }
    }

    /** Revoking the partner permission ends live sessions too, whatever the session store managed to do. */
    @Test
    void sessionsStopValidatingOnceThePartnerPermissionIsRevokedEvenWhenRevokingThemFails() {
        InMemoryAdapterFixture fixture = new InMemoryAdapterFixture(UnaryOperator.identity(), UnrevokableSessions::new);
        try (fixture) {
            DelegationHarness h = new DelegationHarness(fixture);
            h.register(PARTNER);
            h.register(CUSTOMER);
            DelegationId id = h.connect(PARTNER, CUSTOMER);
            String session = h.delegation.loginToCustomer(adminOf(PARTNER), id).token().reveal();

            h.delegation.revokePartnerPermission(operator(), PARTNER.id());

            assertThat(h.delegation.validateSession(session)).isEmpty();
            h.delegation.grantPartnerPermission(operator(), PARTNER.id());
            assertThat(h.delegation.validateSession(h.delegation.loginToCustomer(adminOf(PARTNER), id).token().reveal()))
                    .as("a new login once the permission is back").isPresent();
        }
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
        public int revokeAll(DelegationId delegationId, Instant revokedAt) {
            throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "the session store is down (simulated)");
        }
    }
}
