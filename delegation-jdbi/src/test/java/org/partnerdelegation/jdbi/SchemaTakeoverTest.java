package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;

/**
 * A database that the storage of commit 68508b5 installed ({@code pd_schema_history}, V1 to V3)
 * and filled through its use cases is opened by today's storage without a manual step: Flyway
 * records a baseline at V3 in {@code pd_flyway_history} and applies V4 on, the former history
 * stays as it was, and what the old code wrote works through today's use cases.
 */
class SchemaTakeoverTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aDatabaseOfTheFormerRunnerIsTakenOverAndItsDataKeepsWorking(String database) {
        DatabaseConfig config = database.equals("h2") ? OldDatabases.h2() : OldDatabases.postgres();
        List<String> formerHistory = OldDatabases.formerHistoryRows(config);
        assertThat(formerHistory).as("the dump holds the former runner's history").hasSize(3);
        try (JdbiStorage storage = JdbiStorage.connect(config)) {
            assertThat(Tables.flywayHistory(storage.jdbi())).as("the baseline at V3, then what Flyway applied")
                    .containsExactly("3:BASELINE", "4:SQL", "5:SQL", "6:SQL", "7:SQL", "8:SQL", "9:SQL", "10:SQL");
            assertThat(OldDatabases.formerHistoryRows(config)).as("pd_schema_history untouched").isEqualTo(formerHistory);
            assertThat(storage.installSchema()).as("nothing left to apply").isEmpty();
            storage.validateSchema();

            PartnerDelegation facade = PartnerDelegation.builder().tenantDirectory(storage.tenantDirectory())
                    .delegationStore(storage.delegationStore()).sessionIssuer(storage.sessionIssuer())
                    .clock(new MutableClock(OldDatabases.WRITTEN_AT.plus(Duration.ofMinutes(5)))).random(new Random(7))
                    .settings(DelegationSettings.defaults()).stepUpPolicy(StepUpPolicy.notRequired()).build();

            DelegatedSession old = facade.validateSession(OldDatabases.SESSION_TOKEN).orElseThrow();
            assertThat(old.delegationId()).as("the old session validates").isEqualTo(OldDatabases.CONNECTED);
            assertThat(old.actorTenant()).isEqualTo(partner(1).id());

            IssuedSession login = facade.loginToCustomer(adminOf(partner(1)), OldDatabases.CONNECTED);
            assertThat(facade.validateSession(login.token().reveal())).as("the old CONNECTED delegation logs in")
                    .map(DelegatedSession::delegationId).contains(OldDatabases.CONNECTED);

            List<AccountListEntry> rows = facade.listAccounts(adminOf(partner(1)), AccountQuery.firstPage()).items();
            assertThat(rows).extracting(AccountListEntry::delegationId)
                    .containsExactlyInAnyOrder(OldDatabases.CONNECTED, OldDatabases.PENDING, OldDatabases.UNDELIVERED);
            assertThat(rows).filteredOn(row -> row.delegationId().equals(OldDatabases.PENDING)).singleElement()
                    .satisfies(row -> {
                        assertThat(row.status()).isEqualTo(DelegationStatus.PENDING);
                        assertThat(row.email()).isEqualTo(customer(2).administratorEmail());
                    });

            assertThat(facade.acceptInvitation(adminOf(customer(2)), OldDatabases.INVITATION_TOKEN).status())
                    .as("the pending invitation is answered").isEqualTo(DelegationStatus.CONNECTED);
            assertThat(Tables.violations(storage.jdbi())).isEmpty();
        } finally {
            if (database.equals("postgresql")) {
                Databases.dropQuietly(config.jdbcUrl());
            }
        }
    }
}
