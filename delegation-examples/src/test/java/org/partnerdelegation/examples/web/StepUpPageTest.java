package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's sign-in stands for a host's password and one-time code: a delegated login asks for
 * it to be fresh, so once it is older than 15 minutes the Login button says why it is refused and
 * signing in again is the step-up.
 */
class StepUpPageTest {

    @TempDir
    Path data;
    final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    DemoServer server;
    WebClient jane;
    String row;

    @BeforeEach
    void initechConnectedToJane() {
        server = DemoServer.start(data, true, 0, clock);
        jane = signedIn("jane");
        row = DemoFlows.initechConnectedTo(server, jane);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aSignInOfFifteenMinutesAgoStillLogsIn() {
        clock.advance(Duration.ofMinutes(15));
        jane.get("/accounts");

        assertThat(jane.post("/accounts/" + row + "/login").statusCode()).isEqualTo(302);
        assertThat(jane.get("/console").body()).contains("admin@initech.example");
    }

    @Test
    void aSignInOlderThanFifteenMinutesIsRefusedInWordsAndSigningInAgainIsTheStepUp() {
        clock.advance(Duration.ofMinutes(16));
        jane.get("/accounts");

        HttpResponse<String> refused = jane.submit("/accounts/" + row + "/login");

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("multi-factor authentication within the last 15 minutes")
                .contains("you authenticated 16 minutes ago").contains("signing in again");
        assertThat(jane.get("/console").statusCode()).isNotEqualTo(200);

        jane.signIn("jane");
        jane.get("/accounts");
        assertThat(jane.post("/accounts/" + row + "/login").statusCode()).isEqualTo(302);
        assertThat(jane.get("/console").body()).contains("admin@initech.example");
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(server, user);
    }

    /** A clock the test moves forward. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
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
