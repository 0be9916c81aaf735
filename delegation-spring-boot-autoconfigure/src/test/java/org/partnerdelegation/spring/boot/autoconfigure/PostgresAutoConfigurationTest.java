package org.partnerdelegation.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.Dialect;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.spring.boot.actuate.PartnerDelegationHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The main cases again on a real PostgreSQL server (the facade, the health indicator), and the warning about a pool with enable_seqscan off. */
class PostgresAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationMailAutoConfiguration.class, PartnerDelegationJobsAutoConfiguration.class))
            .withPropertyValues(Scenario.ROLE_PROPERTIES)
            .withPropertyValues("partner-delegation.jobs.time-limits.enabled=false");

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureWarnings() {
        Logger.getLogger(SeqScanCheck.LOGGER_NAME).addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger(SeqScanCheck.LOGGER_NAME).removeHandler(capture);
    }

    private ApplicationContextRunner onHostPostgres(String url) {
        return runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=postgres",
                "spring.datasource.password=postgres");
    }

    @Test
    void hostsPostgresDataSourceGivesAWorkingFacade() {
        String url = Databases.newPostgresDatabase();
        try {
            onHostPostgres(url).run(context -> {
                JdbiStorage storage = context.getBean(JdbiStorage.class);
                assertThat(storage.dialect()).isEqualTo(Dialect.POSTGRESQL);
                Scenario scenario = Scenario.in(storage, context.getBean(PartnerDelegation.class));
                assertThat(scenario.login(scenario.connect(), "billing:read").session().roles()).containsExactly(RoleKey.of("billing:read"));
            });
            assertThat(warnings).isEmpty();
        } finally {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void dedicatedPostgresPoolGivesAWorkingFacade() {
        String url = Databases.newPostgresDatabase();
        try {
            runner.withPropertyValues("partner-delegation.datasource.url=" + url, "partner-delegation.datasource.username=postgres",
                    "partner-delegation.datasource.password=postgres", "partner-delegation.datasource.maximum-pool-size=2").run(context -> {
                JdbiStorage storage = context.getBean(JdbiStorage.class);
                assertThat(storage.dialect()).isEqualTo(Dialect.POSTGRESQL);
                Scenario.in(storage, context.getBean(PartnerDelegation.class)).connect();
            });
        } finally {
            Databases.dropQuietly(url);
        }
    }

    /**
     * pgjdbc's multi-host URL of a database on the test server, a host that refuses connections
     * listed first (as a dead primary's machine would): the driver must pass over it.
     */
    private static String multiHost(String url, String query) throws java.io.IOException {
        java.net.URI server = java.net.URI.create(url.substring("jdbc:".length()));
        int down;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = socket.getLocalPort();
        }
        return "jdbc:postgresql://127.0.0.1:" + down + "," + server.getHost() + ":" + server.getPort() + server.getPath() + query;
    }

    @Test
    void aMultiHostUrlAsTheHostsDataSourceOrTheLibrarysOwnPoolGivesAWorkingFacade() throws Exception {
        String hosts = Databases.newPostgresDatabase();
        String own = Databases.newPostgresDatabase();
        String query = "?targetServerType=primary&hostRecheckSeconds=2&connectTimeout=2&loginTimeout=3";
        try {
            onHostPostgres(multiHost(hosts, query)).run(context -> {
                JdbiStorage storage = context.getBean(JdbiStorage.class);
                assertThat(storage.dialect()).isEqualTo(Dialect.POSTGRESQL);
                Scenario.in(storage, context.getBean(PartnerDelegation.class)).connect();
            });
            runner.withPropertyValues("partner-delegation.datasource.url=" + multiHost(own, query),
                    "partner-delegation.datasource.username=postgres", "partner-delegation.datasource.password=postgres").run(context -> {
                JdbiStorage storage = context.getBean(JdbiStorage.class);
                assertThat(storage.dialect()).isEqualTo(Dialect.POSTGRESQL);
                Scenario.in(storage, context.getBean(PartnerDelegation.class)).connect();
            });
        } finally {
            Databases.dropQuietly(hosts);
            Databases.dropQuietly(own);
        }
    }

    @Test
    void aMultiHostUrlForTheLibrarysOwnPoolThatMayLandOnAStandbyStopsTheStart() throws Exception {
        String url = Databases.newPostgresDatabase();
        try {
            runner.withPropertyValues("partner-delegation.datasource.url=" + multiHost(url, ""),
                    "partner-delegation.datasource.username=postgres", "partner-delegation.datasource.password=postgres").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(DelegationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e).hasMessageContaining("targetServerType=primary");
                });
            });
        } finally {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void aHostPoolRunningWithSeqScanOffIsWarnedAbout() {
        String url = Databases.newPostgresDatabase();
        try {
            onHostPostgres(url).withPropertyValues("spring.datasource.hikari.connection-init-sql=SET enable_seqscan = off")
                    .run(context -> assertThat(context).hasNotFailed());
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getMessage()).contains("enable_seqscan=off").contains("does not need it");
        } finally {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void schemaModeNoneOnPostgresLeavesTheSchemaToTheHost() {
        String url = Databases.newPostgresDatabase();
        try {
            onHostPostgres(url).withPropertyValues("partner-delegation.schema.mode=none").run(context -> assertThat(
                    PartnerDelegationAutoConfigurationTest.tableExists(context.getBean(javax.sql.DataSource.class), "pd_tenant")).isFalse());
        } finally {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void healthOnPostgresIsUpThenDegradedOnceTheOutboxWaitsTooLongThenDown() {
        String url = Databases.newPostgresDatabase();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        try {
            onHostPostgres(url).withConfiguration(AutoConfigurations.of(PartnerDelegationObservationAutoConfiguration.class))
                    .withBean(Clock.class, () -> clock).run(context -> {
                        PartnerDelegationHealthIndicator indicator = context.getBean(PartnerDelegationHealthIndicator.class);
                        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

                        Scenario.in(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class)).invite();
                        clock.advance(Duration.ofMinutes(15));
                        Health atTheLimit = indicator.health();
                        assertThat(atTheLimit.getStatus()).isEqualTo(Status.UP);
                        assertThat(atTheLimit.getDetails()).containsEntry("outboxBacklog", 1L).containsEntry("outboxOldestDueAge", "PT15M");
                        clock.advance(Duration.ofSeconds(1));
                        assertThat(indicator.health().getStatus()).isEqualTo(PartnerDelegationHealthIndicator.DEGRADED);

                        context.getBean(HikariDataSource.class).close();
                        Health down = indicator.health();
                        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                        assertThat(down.getDetails()).containsExactlyEntriesOf(Map.of("error", "STORAGE_UNAVAILABLE"));
                    });
        } finally {
            Databases.dropQuietly(url);
        }
    }
}
