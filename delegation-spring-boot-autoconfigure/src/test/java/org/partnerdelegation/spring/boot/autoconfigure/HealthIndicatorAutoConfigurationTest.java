package org.partnerdelegation.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.spring.boot.actuate.PartnerDelegationHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The partnerDelegation health indicator on H2: UP, DEGRADED when the outbox is behind, DOWN when the database is gone. */
class HealthIndicatorAutoConfigurationTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    private final MutableClock clock = new MutableClock(START);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationJobsAutoConfiguration.class, PartnerDelegationObservationAutoConfiguration.class,
                    HealthContributorRegistryAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.jobs.time-limits.enabled=false")
            .withPropertyValues(Scenario.ROLE_PROPERTIES)
            .withBean(Clock.class, () -> clock);

    private static Health health(AssertableApplicationContext context) {
        return context.getBean(PartnerDelegationHealthIndicator.class).health();
    }

    /** The partner invites the customer at the clock's time: one invitation due in the outbox, never delivered here. */
    private static void inviteNow(AssertableApplicationContext context) {
        Scenario.in(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class)).invite();
    }

    @Test
    void healthIsRegisteredUnderTheNamePartnerDelegation() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            HealthIndicator indicator = (HealthIndicator) context.getBean(HealthContributorRegistry.class).getContributor("partnerDelegation");
            assertThat(indicator).isSameAs(context.getBean(PartnerDelegationHealthIndicator.class));
        });
    }

    @Test
    void anEmptyOutboxIsUpWithItsFigures() {
        runner.run(context -> {
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("outboxBacklog", 0L).containsEntry("outboxOldestDueAge", "PT0S")
                    .containsEntry("outboxMaxAge", "PT15M").containsEntry("failedNotifications", 0L);
        });
    }

    @Test
    void aDueEntryUpToTheMaximumAgeIsStillUp() {
        runner.run(context -> {
            inviteNow(context);
            clock.advance(Duration.ofMinutes(15).minusSeconds(1));
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
            clock.advance(Duration.ofSeconds(1));
            Health atTheLimit = health(context);
            assertThat(atTheLimit.getStatus()).isEqualTo(Status.UP);
            assertThat(atTheLimit.getDetails()).containsEntry("outboxBacklog", 1L).containsEntry("outboxOldestDueAge", "PT15M");
        });
    }

    @Test
    void aDueEntryOlderThanTheMaximumAgeIsDegraded() {
        runner.run(context -> {
            inviteNow(context);
            clock.advance(Duration.ofMinutes(15).plusMillis(1));
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(PartnerDelegationHealthIndicator.DEGRADED);
            assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
            assertThat(health.getDetails()).containsEntry("outboxBacklog", 1L).containsEntry("outboxOldestDueAge", "PT15M0.001S");
        });
    }

    @Test
    void theMaximumAgeComesFromItsProperty() {
        runner.withPropertyValues("partner-delegation.health.outbox-max-age=2m").run(context -> {
            inviteNow(context);
            clock.advance(Duration.ofMinutes(2));
            assertThat(health(context).getStatus()).isEqualTo(Status.UP);
            clock.advance(Duration.ofSeconds(1));
            assertThat(health(context).getStatus()).isEqualTo(PartnerDelegationHealthIndicator.DEGRADED);
        });
    }

    @Test
    void aMaximumAgeOfZeroFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("partner-delegation.health.outbox-max-age=0s").run(context -> {
            assertThat(context).hasFailed();
            DelegationException cause = catchThrowableOfType(DelegationException.class, () -> {
                throw rootCause(context.getStartupFailure());
            });
            assertThat(cause.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(cause.getMessage()).contains("partner-delegation.health.outbox-max-age");
        });
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof DelegationException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Test
    void aClosedDatabaseIsDownWithTheErrorCodeOnly() {
        runner.run(context -> {
            context.getBean(HikariDataSource.class).close();
            Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsExactlyEntriesOf(java.util.Map.of("error", ErrorCode.STORAGE_UNAVAILABLE.name()));
        });
    }

    @Test
    void healthCanBeTurnedOffWithBootsProperty() {
        runner.withPropertyValues("management.health.partner-delegation.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartnerDelegationHealthIndicator.class));
    }

    @Test
    void aHostsOwnIndicatorOfTheSameNameWins() {
        HealthIndicator own = () -> Health.up().build();
        runner.withBean("partnerDelegationHealthIndicator", HealthIndicator.class, () -> own)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartnerDelegationHealthIndicator.class)
                        .getBean("partnerDelegationHealthIndicator").isSameAs(own));
    }

    @Test
    void bootsAggregateReadsDegradedOnceTheStatusOrderNamesIt() {
        ApplicationContextRunner endpoint = runner.withConfiguration(AutoConfigurations.of(HealthEndpointAutoConfiguration.class));
        endpoint.run(context -> {
            inviteNow(context);
            clock.advance(Duration.ofMinutes(16));
            // Boot leaves out a status its order does not name: the guide says to add it.
            assertThat(context.getBean(HealthEndpoint.class).health().getStatus()).isEqualTo(Status.UNKNOWN);
        });
        endpoint.withPropertyValues("management.endpoint.health.status.order=down,out-of-service,degraded,up,unknown").run(context -> {
            inviteNow(context);
            clock.advance(Duration.ofMinutes(16));
            HealthEndpoint health = context.getBean(HealthEndpoint.class);
            assertThat(health.health().getStatus()).isEqualTo(PartnerDelegationHealthIndicator.DEGRADED);
            assertThat(health.healthForPath("partnerDelegation").getStatus()).isEqualTo(PartnerDelegationHealthIndicator.DEGRADED);
        });
    }
}
