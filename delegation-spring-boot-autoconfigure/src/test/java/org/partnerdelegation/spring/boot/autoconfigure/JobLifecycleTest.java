package org.partnerdelegation.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The jobs stop when the context closes, before the pool does, and let the work in hand finish: a
 * notification being delivered is marked delivered, not lost or sent again.
 */
class JobLifecycleTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationMailAutoConfiguration.class, PartnerDelegationJobsAutoConfiguration.class))
            .withPropertyValues(Scenario.ROLE_PROPERTIES);

    @Test
    void closingWhileANotificationIsBeingDeliveredFinishesItBeforeThePoolCloses() throws Exception {
        String url = Scenario.newH2Url();
        BlockingNotifier notifier = new BlockingNotifier();
        runner.withBean(Notifier.class, () -> notifier)
                .withPropertyValues("spring.datasource.url=" + url, "partner-delegation.jobs.outbox.period=50ms",
                        "partner-delegation.jobs.time-limits.enabled=false")
                .run(context -> {
                    HikariDataSource pool = context.getBean(HikariDataSource.class);
                    notifier.pool = pool;
                    Scenario.in(context.getBean(JdbiStorage.class), context.getBean(PartnerDelegation.class)).invite();
                    assertThat(notifier.entered.await(10, TimeUnit.SECONDS)).as("the dispatcher picked the invitation up").isTrue();

                    Thread closer = new Thread(context::close, "closer");
                    closer.start();
                    closer.join(500);
                    assertThat(closer.isAlive()).as("the close waits for the delivery in hand").isTrue();
                    assertThat(pool.isClosed()).isFalse();

                    notifier.release.countDown();
                    closer.join(20_000);
                    assertThat(closer.isAlive()).isFalse();
                    assertThat(notifier.poolOpenWhenDone).containsExactly(true);
                    assertThat(pool.isClosed()).as("the context closed the pool, after the dispatcher").isTrue();
                });
        assertThat(outboxStatuses(url)).containsExactly("DELIVERED 1");
    }

    @Test
    void closingWhileTheTimeLimitJobRunsLetsTheRunFinishBeforeThePoolCloses() throws Exception {
        BlockingJobClock clock = new BlockingJobClock();
        runner.withBean(Clock.class, () -> clock)
                .withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.jobs.time-limits.period=50ms")
                .run(context -> {
                    HikariDataSource pool = context.getBean(HikariDataSource.class);
                    clock.armed = true;
                    assertThat(clock.entered.await(10, TimeUnit.SECONDS)).as("the job is running").isTrue();

                    Thread closer = new Thread(context::close, "closer");
                    closer.start();
                    closer.join(500);
                    assertThat(closer.isAlive()).as("the close waits for the run in hand").isTrue();
                    assertThat(pool.isClosed()).isFalse();

                    clock.release.countDown();
                    closer.join(20_000);
                    assertThat(closer.isAlive()).isFalse();
                    assertThat(pool.isClosed()).isTrue();
                    assertThat(clock.failuresAfterRelease).isEmpty();
                });
    }

    @Test
    void jobsRunWhileTheContextRunsAndStopWithIt() {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url())
                .withBean(Notifier.class, org.partnerdelegation.core.memory.InMemoryNotifier::new)
                .run(context -> {
                    TimeLimitJob job = context.getBean(TimeLimitJob.class);
                    OutboxDispatcherLifecycle outbox = context.getBean(OutboxDispatcherLifecycle.class);
                    assertThat(job.isRunning()).isTrue();
                    assertThat(outbox.isRunning()).isTrue();
                    context.close();
                    assertThat(job.isRunning()).isFalse();
                    assertThat(outbox.isRunning()).isFalse();
                });
    }

    private static List<String> outboxStatuses(String url) throws Exception {
        List<String> statuses = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, attempts FROM pd_outbox")) {
            while (rs.next()) {
                statuses.add(rs.getString(1) + " " + rs.getInt(2));
            }
        }
        return statuses;
    }

    /** A notifier whose first delivery waits until the test releases it. */
    static final class BlockingNotifier implements Notifier {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Boolean> poolOpenWhenDone = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile HikariDataSource pool;

        @Override
        public void deliver(Notification notification) {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            poolOpenWhenDone.add(!pool.isClosed());
        }
    }

    /** UTC system time, except on the time-limit job's thread once armed: there it waits until released. */
    static final class BlockingJobClock extends Clock {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> failuresAfterRelease = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean armed;

        @Override
        public Instant instant() {
            if (armed && Thread.currentThread().getName().equals("partner-delegation-time-limits") && release.getCount() > 0) {
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    failuresAfterRelease.add("interrupted");
                    Thread.currentThread().interrupt();
                }
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
