package org.partnerdelegation.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which beans the auto-configuration makes, on H2, under each condition. */
class PartnerDelegationAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationMailAutoConfiguration.class, PartnerDelegationJobsAutoConfiguration.class));

    private ApplicationContextRunner onH2() {
        return runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(),
                "partner-delegation.jobs.time-limits.enabled=false");
    }

    @Test
    void withoutDataSourceThereIsNoStorageAndNoFacade() {
        // Without Boot's DataSource auto-configuration, which would make an embedded H2 database of its own.
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PartnerDelegationAutoConfiguration.class,
                PartnerDelegationMailAutoConfiguration.class, PartnerDelegationJobsAutoConfiguration.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(JdbiStorage.class);
            assertThat(context).doesNotHaveBean(TenantDirectory.class);
            assertThat(context).doesNotHaveBean(DelegationStore.class);
            assertThat(context).doesNotHaveBean(SessionIssuer.class);
            assertThat(context).doesNotHaveBean(PartnerDelegation.class);
            assertThat(context).doesNotHaveBean(TimeLimitJob.class);
            assertThat(context).hasSingleBean(DelegationSettings.class);
        });
    }

    @Test
    void hostDataSourceGivesAWorkingFacadeWithTheSchemaInstalled() {
        onH2().withPropertyValues(Scenario.ROLE_PROPERTIES).run(context -> {
            assertThat(context).hasSingleBean(PartnerDelegation.class);
            Scenario scenario = Scenario.in(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class));
            assertThat(scenario.login(scenario.connect(), "billing:read").session().roles()).containsExactly(RoleKey.of("billing:read"));
        });
    }

    @Test
    void storageDoesNotCloseTheHostsPool() {
        onH2().run(context -> {
            HikariDataSource pool = context.getBean(HikariDataSource.class);
            context.getBean(JdbiStorage.class).close();
            assertThat(pool.isClosed()).isFalse();
        });
    }

    @Test
    void hostBeansReplaceTheLibrarys() {
        Clock fixed = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);
        DelegationSettings settings = DelegationSettings.defaults().withSessionTtl(Duration.ofMinutes(10));
        onH2().withBean(Clock.class, () -> fixed).withBean(DelegationSettings.class, () -> settings).run(context -> {
            assertThat(context.getBean(Clock.class)).isSameAs(fixed);
            assertThat(context.getBean(DelegationSettings.class)).isSameAs(settings);
            assertThat(context.getBean(PartnerDelegation.class).settings()).isSameAs(settings);
            assertThat(context.getBean(PartnerDelegation.class).clock()).isSameAs(fixed);
        });
    }

    @Test
    void hostFacadeReplacesTheLibrarysAndItsStorageStaysUnused() {
        onH2().withUserConfiguration(OwnFacade.class).run(context -> {
            assertThat(context).getBean(PartnerDelegation.class).isSameAs(context.getBean(OwnFacade.class).facade);
        });
    }

    @Test
    void dedicatedPoolIsUsedWhenItsUrlIsSetAndTheHostsDataSourceIsLeftAlone() {
        String dedicated = Scenario.newH2Url();
        onH2().withPropertyValues(Scenario.ROLE_PROPERTIES).withPropertyValues("partner-delegation.datasource.url=" + dedicated, "partner-delegation.datasource.username=sa",
                "partner-delegation.datasource.password=", "partner-delegation.datasource.maximum-pool-size=3").run(context -> {
            assertThat(context).hasSingleBean(JdbiStorage.class);
            assertThat(tableExists(context.getBean(DataSource.class), "PD_TENANT")).isFalse();
            try (JdbiStorage check = JdbiStorage.connect(org.partnerdelegation.jdbi.DatabaseConfig.of(dedicated, "sa", "")
                    .withInstallSchema(false))) {
                int tenants = check.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM pd_tenant").mapTo(Integer.class).one());
                assertThat(tenants).isZero();
            }
            Scenario.in(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class)).connect();
        });
    }

    @Test
    void dedicatedPoolWithoutAnyHostDataSourceStillGivesAFacade() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PartnerDelegationAutoConfiguration.class, PartnerDelegationJobsAutoConfiguration.class))
                .withPropertyValues("partner-delegation.datasource.url=" + Scenario.newH2Url(), "partner-delegation.datasource.username=sa")
                .run(context -> assertThat(context).hasSingleBean(PartnerDelegation.class).hasSingleBean(TimeLimitJob.class));
    }

    @Test
    void schemaModeNoneLeavesTheSchemaToTheHost() {
        onH2().withPropertyValues("partner-delegation.schema.mode=none").run(context -> {
            assertThat(context).hasSingleBean(PartnerDelegation.class);
            assertThat(tableExists(context.getBean(DataSource.class), "PD_TENANT")).isFalse();
        });
    }

    @Test
    void schemaModeMigrateInstallsIt() {
        onH2().withPropertyValues("partner-delegation.schema.mode=migrate")
                .run(context -> assertThat(tableExists(context.getBean(DataSource.class), "PD_TENANT")).isTrue());
    }

    @Test
    void schemaModeValidateRefusesToStartUntilTheStorageCanValidate() {
        onH2().withPropertyValues("partner-delegation.schema.mode=validate").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context)).isInstanceOf(DelegationException.class)
                    .hasMessageContaining("partner-delegation.schema.mode is validate");
        });
    }

    @Test
    void settingsComeFromTheProperties() {
        onH2().withPropertyValues("partner-delegation.session-ttl=30m", "partner-delegation.invitation-ttl=3d",
                "partner-delegation.max-page-size=50", "partner-delegation.invitation-cooldown=0s", "partner-delegation.min-term=7d",
                "partner-delegation.max-term=365d", "partner-delegation.ending-notice=0s", "partner-delegation.logins-per-window=5",
                "partner-delegation.login-window=10m", "partner-delegation.max-live-sessions=2").run(context -> {
            assertThat(context.getBean(DelegationSettings.class)).isEqualTo(new DelegationSettings(Duration.ofDays(3),
                    Duration.ofMinutes(30), 50, Duration.ZERO, Duration.ofDays(7), Duration.ofDays(365), Duration.ZERO, 5,
                    Duration.ofMinutes(10), 2));
        });
    }

    @Test
    void defaultSettingsAreTheLibrarysDefaults() {
        onH2().run(context -> {
            assertThat(context.getBean(DelegationSettings.class)).isEqualTo(DelegationSettings.defaults());
            assertThat(context.getBean(StepUpPolicy.class)).isEqualTo(StepUpPolicy.defaults());
            assertThat(context.getBean(RoleCatalogue.class)).isSameAs(RoleCatalogue.standard());
        });
    }

    @Test
    void sessionTtlIsAcceptedUpToTheLibrarysLimitAndRefusedJustPastIt() {
        onH2().withPropertyValues("partner-delegation.session-ttl=24h").run(context -> assertThat(context).hasNotFailed());
        onH2().withPropertyValues("partner-delegation.session-ttl=86401s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context)).isInstanceOf(DelegationException.class).hasMessageStartingWith("sessionTtl ");
            assertThat(((DelegationException) rootCause(context)).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        });
    }

    @Test
    void maxPageSizeOfZeroFailsTheStartWithTheLibrarysMessage() {
        onH2().withPropertyValues("partner-delegation.max-page-size=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context)).hasMessage("maxPageSize must be between 1 and 1000, got 0");
        });
    }

    @Test
    void stepUpPolicyComesFromTheProperties() {
        onH2().withPropertyValues("partner-delegation.step-up.requirement=any-factor", "partner-delegation.step-up.max-age=5m",
                "partner-delegation.step-up.customer-actions=true").run(context -> assertThat(context.getBean(StepUpPolicy.class))
                .isEqualTo(new StepUpPolicy(StepUpPolicy.Requirement.ANY_FACTOR, Duration.ofMinutes(5), true)));
        onH2().withPropertyValues("partner-delegation.step-up.max-age=25h").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context)).isInstanceOf(DelegationException.class).hasMessageStartingWith("maxAge ");
        });
    }

    @Test
    void rolesComeFromThePropertiesWithTheirDefault() {
        onH2().withPropertyValues(Scenario.ROLE_PROPERTIES).withPropertyValues("partner-delegation.roles.definitions[1].sensitive=true")
                .run(context -> {
                    RoleCatalogue roles = context.getBean(RoleCatalogue.class);
                    assertThat(roles.roles()).extracting(r -> r.key().value())
                            .containsExactly("tenant:administrator", "billing:read", "support:tickets");
                    assertThat(roles.find(RoleKey.of("billing:read")).orElseThrow().sensitive()).isTrue();
                    assertThat(roles.defaultRoles()).containsExactly(RoleKey.TENANT_ADMINISTRATOR);
                });
    }

    @Test
    void defaultRolesWithoutDefinitionsFailTheStartNamingBothKeys() {
        onH2().withPropertyValues("partner-delegation.roles.default-roles=billing:read").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context)).hasMessageContaining("partner-delegation.roles.default-roles")
                    .hasMessageContaining("partner-delegation.roles.definitions");
        });
    }

    @Test
    void aDefaultRoleOutsideTheDefinitionsFailsTheStart() {
        onH2().withPropertyValues(Scenario.ROLE_PROPERTIES).withPropertyValues("partner-delegation.roles.default-roles=billing:write")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context)).isInstanceOf(DelegationException.class).hasMessageContaining("billing:write");
                });
    }

    @Test
    void timeLimitJobRunsByDefaultAndNotWhenTurnedOff() {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url()).run(context -> {
            assertThat(context).hasSingleBean(TimeLimitJob.class);
            assertThat(context.getBean(TimeLimitJob.class).isRunning()).isTrue();
        });
        onH2().run(context -> assertThat(context).doesNotHaveBean(TimeLimitJob.class));
    }

    @Test
    void timeLimitJobRunsAsTheConfiguredOperator() {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.jobs.time-limits.operator-tenant=ops",
                "partner-delegation.jobs.time-limits.operator-user=cron").run(context -> {
            assertThat(context.getBean(TimeLimitJob.class)).hasToString("TimeLimitJob[every PT5M as ops/cron]");
            assertThat(context.getBean(TimeLimitJob.class).runOnce()).isNotNull();
        });
    }

    @Test
    void aJobPeriodOfZeroFailsTheStart() {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.jobs.time-limits.period=0s")
                .run(context -> assertThat(rootCause(context)).hasMessage("partner-delegation.jobs.time-limits.period must be positive, got PT0S"));
    }

    @Test
    void outboxDispatcherNeedsANotifierAndItsScheduleCanBeTurnedOff() {
        onH2().run(context -> {
            assertThat(context).doesNotHaveBean(org.partnerdelegation.core.outbox.OutboxDispatcher.class);
            assertThat(context).doesNotHaveBean(OutboxDispatcherLifecycle.class);
        });
        onH2().withBean(org.partnerdelegation.core.port.Notifier.class, org.partnerdelegation.core.memory.InMemoryNotifier::new)
                .run(context -> {
                    assertThat(context).hasSingleBean(org.partnerdelegation.core.outbox.OutboxDispatcher.class);
                    assertThat(context.getBean(OutboxDispatcherLifecycle.class).isRunning()).isTrue();
                });
        onH2().withBean(org.partnerdelegation.core.port.Notifier.class, org.partnerdelegation.core.memory.InMemoryNotifier::new)
                .withPropertyValues("partner-delegation.jobs.outbox.enabled=false").run(context -> {
                    assertThat(context).hasSingleBean(org.partnerdelegation.core.outbox.OutboxDispatcher.class);
                    assertThat(context).doesNotHaveBean(OutboxDispatcherLifecycle.class);
                });
    }

    static Throwable rootCause(AssertableApplicationContext context) {
        Throwable t = context.getStartupFailure();
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static boolean tableExists(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFacade {
        final PartnerDelegation facade = PartnerDelegation.builder()
                .tenantDirectory(new org.partnerdelegation.core.memory.InMemoryTenantDirectory())
                .delegationStore(new org.partnerdelegation.core.memory.InMemoryDelegationStore())
                .sessionIssuer(new org.partnerdelegation.core.memory.InMemorySessionIssuer())
                .build();

        @Bean
        PartnerDelegation ownFacade() {
            return facade;
        }
    }
}
