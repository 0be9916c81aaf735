package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A deployment that starts from empty tables stays fast as it grows. PostgreSQL caches the
 * generic plan of a prepared statement; made from the statistics of a young database (what
 * autovacuum's first ANALYZE gathers, a few dozen rows), that plan scans the tables
 * sequentially, and it stays cached while the tables grow, until statistics catch up, so each
 * call costs more than the one before. The connections {@link JdbiStorage#connect} opens price
 * sequential scans out ({@link JdbiStorage#POSTGRESQL_OPTIONS}), so the same statistics give
 * index plans. The control case shows the trap on a connection without that setting.
 */
class PostgresYoungDatabasePlanTest {

    private static String url;
    private static JdbiStorage storage;

    /** A young deployment: 60 customers added, half of them deleted again, the mail sent, then analyzed. */
    @BeforeAll
    static void youngDatabase() {
        url = Databases.newPostgresDatabase();
        storage = JdbiStorage.connect(Databases.postgresConfig(url));
        DelegationHarness w = new DelegationHarness(new JdbiAdapterFixture(storage, () -> { }));
        w.register(partner(1));
        for (int i = 0; i < 60; i++) {
            Tenant customer = w.register(new Tenant(TenantId.of("young-" + i), AccountNumber.of("Y-" + i),
                    EmailAddress.of("admin@young" + i + ".example"), false));
            DelegationId id = w.delegation.addCustomerAccount(adminOf(partner(1)), customer.administratorEmail()).delegationId();
            if (i % 2 == 0) {
                w.delegation.deleteAccount(adminOf(partner(1)), id);
            }
        }
        w.dispatcher.drain();
        storage.jdbi().useHandle(h -> h.execute("ANALYZE"));
    }

    @AfterAll
    static void dropDatabase() {
        storage.close();
        Databases.dropQuietly(url);
    }

    @Test
    void theLibrarysConnectionsPlanEveryStatementWithAnIndexOnAYoungDatabase() throws IllegalAccessException {
        List<String> sequential = statementsPlannedSequentially(storage.jdbi());

        assertThat(sequential).isEmpty();
    }

    @Test
    void aConnectionWithoutTheSettingCachesSequentialScansOnAYoungDatabase() throws IllegalAccessException {
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setURL(url);

        List<String> sequential = statementsPlannedSequentially(Jdbi.create(plain));

        assertThat(sequential).contains("JdbiJoinedQueries.LIVE_SESSION", "DelegationDao.FIND_OPEN", "TenantDao.FIND_BY_EMAIL");
    }

    /** The statements whose generic plan, the one PostgreSQL caches, scans one of our tables sequentially. */
    private static List<String> statementsPlannedSequentially(Jdbi jdbi) throws IllegalAccessException {
        List<String> sequential = new ArrayList<>();
        jdbi.useHandle(h -> PostgresQueryPlanTest.statements().forEach(statement -> {
            String name = (String) statement.get()[0];
            if (PostgresQueryPlanTest.cachedPlan(h, (String) statement.get()[1]).contains("Seq Scan on pd_")) {
                sequential.add(name);
            }
        }));
        return sequential;
    }
}
