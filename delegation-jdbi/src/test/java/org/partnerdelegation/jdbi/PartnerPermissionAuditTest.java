package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;

/**
 * A permission change is audited without a delegation: its audit event has a null delegation id,
 * which PostgreSQL accepts only when the null is bound as untyped (not as text) for a UUID column.
 */
class PartnerPermissionAuditTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anOperatorGrantsAndRevokesThePartnerPermissionAndBothAreAudited(String database) {
        try (JdbiAdapterFixture fixture = database.equals("h2") ? Databases.h2() : Databases.postgres()) {
            DelegationHarness w = new DelegationHarness(fixture);
            w.register(customer(1));

            assertThat(w.delegation.grantPartnerPermission(operator(), customer(1).id()).partnerPermission()).isTrue();
            assertThat(w.delegation.revokePartnerPermission(operator(), customer(1).id()).partnerPermission()).isFalse();

            assertThat(w.delegation.permissionAuditTrail(operator(), customer(1).id()))
                    .extracting(AuditEvent::type)
                    .containsExactly(AuditEventType.PARTNER_PERMISSION_GRANTED, AuditEventType.PARTNER_PERMISSION_REVOKED);
            assertThat(w.delegation.permissionAuditTrail(operator(), customer(1).id()))
                    .allSatisfy(e -> assertThat(e.delegationId()).isEmpty());
        }
    }
}
