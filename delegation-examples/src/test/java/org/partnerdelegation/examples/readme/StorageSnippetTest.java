package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.jdbi.Databases;
// tag::storage[]
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;
// end::storage[]

/** The guide's "Storage" (docs/guide/storage.md): each way to open the storage, run on H2 and on a real PostgreSQL server. */
class StorageSnippetTest {

    // tag::storage[]
    /** Embedded default: a file-backed H2 database in a directory you choose, schema installed. */
    static JdbiStorage embedded(Path directory) {
        return JdbiStorage.embedded(directory);
    }

    /** The same, with the pool size and timeouts of your choice, as connect takes them. */
    static JdbiStorage embeddedTuned(Path directory) {
        return JdbiStorage.embedded(directory, config -> config
                .withMaximumPoolSize(4)
                .withConnectionTimeout(Duration.ofSeconds(2)));
    }

    /** Tests: an in-memory H2 database, living until close(). */
    static JdbiStorage forTests(String name) {
        return JdbiStorage.inMemory(name);
    }

    /** Production: PostgreSQL through a HikariCP pool built from a small configuration. */
    static JdbiStorage production(String jdbcUrl, String user, String password) {
        return JdbiStorage.connect(DatabaseConfig.of(jdbcUrl, user, password)
                .withMaximumPoolSize(20)
                .withConnectionTimeout(Duration.ofSeconds(3)));
        // .withInstallSchema(false) when your migration tool applies the schema
    }

    /** Or your own DataSource (never closed by the library); the dialect is detected from it. */
    static JdbiStorage hosted(DataSource hostDataSource) {
        JdbiStorage storage = JdbiStorage.using(hostDataSource);
        storage.installSchema();                        // unless your migration tool applies it
        return storage;
    }

    /** The facade over any of them. */
    static PartnerDelegation delegationOver(JdbiStorage storage) {
        return PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())   // or your own TenantDirectory
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .build();
    }
    // end::storage[]

    // tag::failover[]
    /**
     * A PostgreSQL primary with standbys: list every host ("db1:5432,db2:5432"); the driver connects
     * to the one that accepts writes, and after a failover the same pool finds the promoted standby.
     */
    static JdbiStorage withStandbys(String hosts, String database, String user, String password) {
        String url = "jdbc:postgresql://" + hosts + "/" + database
                + "?targetServerType=primary"   // never a standby: required with several hosts
                + "&hostRecheckSeconds=2"        // look again at a host found dead or standby 2 s ago
                + "&connectTimeout=2"            // a dead machine drops the SYN: give up on it after 2 s
                + "&loginTimeout=3"              // the whole connection set-up, authentication included
                + "&socketTimeout=30";           // a reply waited for longer fails: above your slowest statement
        return JdbiStorage.connect(DatabaseConfig.of(url, user, password)
                .withMaximumPoolSize(10)
                .withConnectionTimeout(Duration.ofSeconds(5)));
    }
    // end::failover[]

    @Test
    void theEmbeddedAndInMemoryStoragesServeTheFacade(@TempDir Path directory) {
        try (JdbiStorage storage = embedded(directory)) {
            assertServesTheFacade(storage);
        }
        try (JdbiStorage storage = embeddedTuned(directory.resolve("tuned"))) {
            assertServesTheFacade(storage);
        }
        try (JdbiStorage storage = forTests("readme-storage")) {
            assertServesTheFacade(storage);
        }
    }

    @Test
    void theProductionAndHostedStoragesServeTheFacadeOnPostgreSql() {
        String url = Databases.newPostgresDatabase();
        try (JdbiStorage storage = production(url, "postgres", "postgres")) {
            assertServesTheFacade(storage);
        }
        String other = Databases.newPostgresDatabase();
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(other);
            pool.setUsername("postgres");
            pool.setPassword("postgres");
            try (JdbiStorage storage = hosted(pool)) {
                assertServesTheFacade(storage);
            }
            assertThat(pool.isClosed()).as("a DataSource handed in is never closed").isFalse();
        } finally {
            Databases.dropQuietly(url);
            Databases.dropQuietly(other);
        }
    }

    @Test
    void theMultiHostStorageSkipsAHostThatIsDownAndServesTheFacade() throws Exception {
        String url = Databases.newPostgresDatabase();
        // The embedded server's host, port and database, out of its URL (jdbc:postgresql://localhost:PORT/NAME?user=...).
        java.net.URI server = java.net.URI.create(url.substring("jdbc:".length()));
        String database = server.getPath().substring(1);
        int down;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = socket.getLocalPort();
        }
        // The first host listed refuses connections, as a dead primary's machine would.
        try (JdbiStorage storage = withStandbys("127.0.0.1:" + down + "," + server.getHost() + ":" + server.getPort(), database,
                "postgres", "postgres")) {
            assertServesTheFacade(storage);
        } finally {
            Databases.dropQuietly(url);
        }
    }

    private static void assertServesTheFacade(JdbiStorage storage) {
        Tenant partner = storage.tenantDirectory().register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
                EmailAddress.of("admin@acme.example"), true));
        storage.tenantDirectory().register(new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"),
                EmailAddress.of("admin@initech.example"), false));
        PartnerDelegation delegation = delegationOver(storage);

        var row = delegation.addCustomerAccount(org.partnerdelegation.core.domain.Principal.administrator(partner.id(),
                org.partnerdelegation.core.domain.UserId.of("jane")), EmailAddress.of("admin@initech.example"));

        assertThat(row.accountNumber()).isEqualTo(AccountNumber.of("C-2001"));
    }
}
