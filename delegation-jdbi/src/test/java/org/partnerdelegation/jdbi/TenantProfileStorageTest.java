package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.port.JoinedQueries;

/**
 * What only the table-backed directory can meet: the hot paths' joined reads carry the tenants'
 * profiles as the directory's finders do, and a profile value written around the library (by hand,
 * by a host's tool) that {@link TenantProfile} refuses costs that part its default, never the
 * tenant its reads.
 */
class TenantProfileStorageTest {

    private static final TenantProfile ACME = TenantProfile.named("Acme Reseller").withTimeZone(ZoneId.of("America/New_York"));
    private static final TenantProfile HOOLI = TenantProfile.named("Hooli").withLocale(Locale.GERMAN)
            .withTimeZone(ZoneId.of("Europe/Berlin"));

    private static JdbiAdapterFixture fixture(String database) {
        return database.equals("h2") ? Databases.h2() : Databases.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theJoinedReadsOfTheHotPathsCarryBothTenantsProfiles(String database) {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            Tenant acme = partner(1).withProfile(ACME);
            Tenant hooli = customer(3).withProfile(HOOLI);
            DelegationHarness h = new DelegationHarness(fixture);
            h.register(acme);
            h.register(hooli);
            DelegationId id = h.delegation.addCustomerAccount(adminOf(acme), hooli.administratorEmail()).delegationId();
            JoinedQueries joined = fixture.storage().delegationStore()
                    .joinedQueries(fixture.tenantDirectory(), fixture.sessionIssuer()).orElseThrow();

            JoinedQueries.OwnDelegation own = fixture.delegationStore().inTransaction(tx -> joined.lockOwnDelegation(tx, acme.id(), id))
                    .orElseThrow();
            JoinedQueries.AddTarget target = fixture.delegationStore().inTransaction(tx -> joined.readAddTarget(tx, acme.id(),
                    hooli.administratorEmail()));

            assertThat(own.partner()).contains(acme);
            assertThat(own.customer()).contains(hooli);
            assertThat(target.partner()).contains(acme);
            assertThat(target.customer()).contains(hooli);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aStoredProfileValueTheProfileRefusesFallsBackToItsDefaultAndTheTenantStaysUsable(String database) {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            Tenant acme = partner(1).withProfile(ACME);
            DelegationHarness h = new DelegationHarness(fixture);
            h.register(acme);
            h.register(customer(1));
            fixture.storage().jdbi().useHandle(handle -> handle.createUpdate("UPDATE pd_tenant SET display_name = :name,"
                            + " locale = :locale, time_zone = :zone WHERE tenant_id = :id")
                    .bind("name", "Acme\nBcc: victim@example.com").bind("locale", "").bind("zone", "Mars/Olympus_Mons")
                    .bind("id", acme.id().value()).execute());

            Tenant read = fixture.tenantDirectory().findById(acme.id()).orElseThrow();
            DelegationId added = h.delegation.addCustomerAccount(adminOf(acme), customer(1).administratorEmail()).delegationId();

            assertThat(read.profile()).isEqualTo(TenantProfile.DEFAULTS);
            assertThat(read.displayNameOrAccountNumber()).isEqualTo("P-1001");
            h.delegation.deleteAccount(adminOf(acme), added);   // reads the partner through the joined lock of its delegation
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void eachRefusedPartFallsBackAloneAndTheOthersAreKept(String database) {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            Tenant hooli = customer(3).withProfile(HOOLI);
            fixture.register(hooli);
            fixture.storage().jdbi().useHandle(handle -> handle.createUpdate("UPDATE pd_tenant SET time_zone = 'Europe/Atlantis'"
                    + " WHERE tenant_id = :id").bind("id", hooli.id().value()).execute());

            TenantProfile read = fixture.tenantDirectory().findById(hooli.id()).orElseThrow().profile();

            assertThat(read.displayName()).contains("Hooli");
            assertThat(read.locale()).isEqualTo(Locale.GERMAN);
            assertThat(read.timeZone()).isEqualTo(TenantProfile.DEFAULT_TIME_ZONE);
        }
    }
}
