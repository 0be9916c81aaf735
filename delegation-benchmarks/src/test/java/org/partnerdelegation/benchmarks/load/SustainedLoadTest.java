package org.partnerdelegation.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.benchmarks.PostgresServer;

/**
 * The load run on embedded PostgreSQL, with the dispatchers delivering to GreenMail: asserts what
 * must hold under sustained load (nothing acknowledged lost, no raw exception, no wrong answer,
 * every mail accounted for), never a timing. {@code -Dload.seconds=N} changes the length.
 */
class SustainedLoadTest {

    private static final int SECONDS = Integer.getInteger("load.seconds", 60);

    private static LoadRun.Builder onEmbeddedPostgres(String name) {
        String url = PostgresServer.newDatabase(name + "_" + Long.toString(System.nanoTime(), 36));
        return LoadRun.builder().jdbcUrl(url, PostgresServer.user(), PostgresServer.password())
                .database("embedded PostgreSQL").progress(System.out);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoNodesOfThreeThreadsLoseNothingAcknowledgedInAMinuteOfMixedLoad() {
        LoadReport report = onEmbeddedPostgres("sustained").nodes(2).threadsPerNode(3).poolSize(4)
                .duration(Duration.ofSeconds(SECONDS)).build().run();
        System.out.println(report.summary());

        assertHeld(report);
        // The mix ran: every kind of write was acknowledged, and mails were followed to accepted invitations.
        assertThat(report.calls()).filteredOn(f -> f.call() != Call.GRANT_PERMISSION && f.call() != Call.REVOKE_PERMISSION
                && f.call() != Call.LIST_NEXT_PAGE).allSatisfy(f -> assertThat(f.ok()).as(f.call().name()).isPositive());
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void twoNodesInJvmsOfTheirOwnLoseNothingAcknowledged() {
        LoadReport report = onEmbeddedPostgres("separate").nodes(2).threadsPerNode(2).poolSize(3).separateJvms(true)
                .duration(Duration.ofSeconds(Math.min(SECONDS, 20))).build().run();
        System.out.println(report.summary());

        assertHeld(report);
        assertThat(report.calls()).filteredOn(f -> f.call() == Call.ACCEPT || f.call() == Call.LOGIN)
                .allSatisfy(f -> assertThat(f.ok()).as(f.call().name()).isPositive());
    }

    private static void assertHeld(LoadReport report) {
        assertThat(report.samples()).as("raw exceptions and wrong answers").isEmpty();
        assertThat(report.rawExceptions()).isZero();
        assertThat(report.wrongAnswers()).isZero();
        assertThat(report.lostWrites()).isZero();
        assertThat(report.checks()).hasSize(8).allSatisfy(c -> assertThat(c.violations()).as(c.name() + ": " + c.detail()).isZero());
        // Checks that looked at nothing would hold trivially.
        assertThat(report.checks()).allSatisfy(c -> assertThat(c.checked()).as(c.name()).isPositive());
        assertThat(report.nothingLost()).isTrue();
    }
}
