package org.partnerdelegation.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.Revocation;
import org.partnerdelegation.core.port.SessionCache;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.sessioncache.CaffeineSessionCache;
import org.partnerdelegation.sessioncache.SessionCacheFigures;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The session cache with delegation-session-cache on the class path: on H2, on PostgreSQL (listening), off, and a host's own. */
class SessionCacheAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationJobsAutoConfiguration.class, PartnerDelegationSessionCacheAutoConfiguration.class))
            .withPropertyValues(Scenario.ROLE_PROPERTIES)
            .withPropertyValues("partner-delegation.jobs.time-limits.enabled=false", "partner-delegation.jobs.outbox.enabled=false");

    private static String loggedIn(AssertableApplicationContext context) {
        Scenario scenario = Scenario.in(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class));
        return scenario.login(scenario.connect(), "billing:read").token().reveal();
    }

    @Test
    void onH2TheFacadeServesASecondCheckFromTheCacheAndRefusesALogoutAtOnce() {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.session-cache.ttl=30s",
                "partner-delegation.session-cache.maximum-size=100").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(CaffeineSessionCache.class);
            CaffeineSessionCache cache = context.getBean(CaffeineSessionCache.class);
            PartnerDelegation delegation = context.getBean(PartnerDelegation.class);
            String token = loggedIn(context);

            delegation.validateSession(token);
            assertThat(delegation.validateSession(token)).isPresent();
            assertThat(cache.figures().hits()).isEqualTo(1);
            delegation.endSession(token);
            assertThat(delegation.validateSession(token)).isEmpty();
        });
    }

    @Test
    void onTheHostsPostgresqlTheCacheListensOnTheHostsUrl() {
        String url = Databases.newPostgresDatabase();
        try {
            runner.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=postgres",
                    "spring.datasource.password=postgres").run(context -> {
                assertThat(context).hasNotFailed();
                CaffeineSessionCache cache = context.getBean(CaffeineSessionCache.class);
                assertThat(cache.await(SessionCacheFigures::serving, Duration.ofSeconds(30))).as("the listener subscribed").isTrue();
                assertThat(cache.listenerBackendPid()).isPresent();
            });
        } finally {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void onTheLibrarysOwnPoolTheCacheListensOnItsUrl() {
        String url = Databases.newPostgresDatabase();
        try {
            runner.withPropertyValues("partner-delegation.datasource.url=" + url, "partner-delegation.datasource.username=postgres",
                    "partner-delegation.datasource.password=postgres", "partner-delegation.datasource.maximum-pool-size=2").run(context -> {
                CaffeineSessionCache cache = context.getBean(CaffeineSessionCache.class);
                assertThat(cache.await(SessionCacheFigures::serving, Duration.ofSeconds(30))).isTrue();
            });
        } finally {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void offThereIsNoCacheAndEveryCheckReadsTheDatabase() {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.session-cache.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(SessionCache.class);
                    assertThat(context.getBean(PartnerDelegation.class).validateSession(loggedIn(context))).isPresent();
                });
    }

    @Test
    void aHostsOwnStorageOnPostgresqlBesideANonPostgresqlDataSourceStopsTheStartSayingWhatToSet() {
        String url = Databases.newPostgresDatabase();
        try (JdbiStorage hostsOwn = JdbiStorage.connect(Databases.postgresConfig(url))) {
            runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url())
                    .withBean(JdbiStorage.class, () -> hostsOwn)
                    .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                            .hasMessageContaining("storage is on PostgreSQL but the DataSource is not (jdbc:h2)")
                            .hasMessageContaining("partner-delegation.session-cache.enabled=false")
                            .hasMessageNotContaining(url));
        } finally {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void anOutOfRangeTimeToLiveStopsTheStartNamingIt() {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.session-cache.ttl=0s")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("timeToLive"));
    }

    @Test
    void aHostsOwnCacheIsTheOneTheFacadeUses() {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url()).withUserConfiguration(OwnCache.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(CaffeineSessionCache.class);
            OwnCache.Counting own = context.getBean(OwnCache.Counting.class);
            context.getBean(PartnerDelegation.class).validateSession(loggedIn(context));
            assertThat(own.finds).isEqualTo(1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCache {
        /** Reads storage every time, counting the checks. */
        static final class Counting implements SessionCache {
            int finds;

            @Override
            public Optional<DelegatedSession> find(TokenHash tokenHash, java.time.Instant now, Loader loader) {
                finds++;
                return loader.load().map(org.partnerdelegation.core.port.LiveSession::session);
            }

            @Override
            public void revoked(Revocation revocation) {
            }
        }

        @Bean
        Counting hostsSessionCache() {
            return new Counting();
        }
    }
}
