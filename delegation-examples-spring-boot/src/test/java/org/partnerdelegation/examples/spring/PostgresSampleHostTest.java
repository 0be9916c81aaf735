package org.partnerdelegation.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.examples.spring.SampleFlows.INITECH;
import static org.partnerdelegation.examples.spring.SampleFlows.JANE;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import javax.sql.DataSource;

/**
 * The sample in its {@code postgres} profile on a real PostgreSQL server, started by the test as
 * delegation-jdbi's tests start it. The server's URL reaches the profile the way an operator gives
 * it, as {@code SAMPLE_DB_URL}, so that {@code application-postgres.properties} is what is tested.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
@DirtiesContext
class PostgresSampleHostTest {

    private static EmbeddedPostgres server;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        try {
            server = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Starting the embedded PostgreSQL server failed", e);
        }
        // Stopped when the JVM exits, after @DirtiesContext has closed the context: a pool whose server went away
        // first would make the outbox dispatcher's last rounds fail and hold the JVM's exit.
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresSampleHostTest::stopServer));
        registry.add("SAMPLE_DB_URL", () -> server.getJdbcUrl("postgres", "postgres"));
        registry.add("SAMPLE_DB_USER", () -> "postgres");
    }

    private static void stopServer() {
        try {
            server.close();
        } catch (IOException ignored) {
            // the JVM is going away
        }
    }

    @Test
    void partnerAddsACustomerWhoAcceptsAndThePartnerLogsInToItOnPostgresql() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        Browser jane = SampleFlows.signedIn(port, JANE);
        assertThat(SampleFlows.add(jane, INITECH, "billing:read").status()).isEqualTo(302);

        SampleFlows.acceptInvitation(SampleFlows.signedIn(port, INITECH));

        Browser.Page login = jane.post("/accounts/" + SampleFlows.delegationOf(jane, INITECH) + "/login", Map.of());
        assertThat(login.redirectPath()).isEqualTo("/customer/billing");
        Browser.Page billing = jane.follow(login);
        assertThat(billing.status()).isEqualTo(200);
        assertThat(SampleFlows.text(billing)).contains("Acting as admin@initech.example on behalf of jane@acme-reseller.example");
    }
}
