package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.lang.reflect.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.Tenant;

/** The backlog's count stops at its bound: exact just below it and at it, the bound just above it. */
class BacklogCountBoundTest {

    private static final Tenant PARTNER = partner(1);

    private final JdbiAdapterFixture fixture = Databases.h2();
    private final DelegationHarness world = new DelegationHarness(fixture);

    @AfterEach
    void close() {
        fixture.close();
    }

    private long backlogCountedUpTo(int bound) throws ReflectiveOperationException {
        Field db = JdbiStorage.class.getDeclaredField("db");
        db.setAccessible(true);
        return new JdbiOperationalFigures((Database) db.get(fixture.storage()), bound).figuresAt(world.clock.instant()).outboxBacklog();
    }

    @Test
    void theBacklogIsCountedExactlyUpToItsBoundAndReadsAsTheBoundPastIt() throws ReflectiveOperationException {
        world.register(PARTNER);
        for (int n = 1; n <= 3; n++) {
            world.register(customer(n));
            world.delegation.addCustomerAccount(adminOf(PARTNER), customer(n).administratorEmail());
        }

        assertThat(backlogCountedUpTo(4)).as("below the bound").isEqualTo(3);
        assertThat(backlogCountedUpTo(3)).as("at the bound").isEqualTo(3);
        assertThat(backlogCountedUpTo(2)).as("past the bound").isEqualTo(2);
        assertThat(JdbiOperationalFigures.MOST_COUNTED).isEqualTo(10_000);
    }
}
