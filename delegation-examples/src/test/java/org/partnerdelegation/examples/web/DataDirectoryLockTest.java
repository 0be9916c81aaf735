package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One demo per data directory, in this process (a second JVM is in {@link DemoCommandLineTest}):
 * the second is refused at once with one line, and the first keeps its data and its pages.
 */
class DataDirectoryLockTest {

    @TempDir
    Path data;
    private DemoServer first;

    @AfterEach
    void stop() {
        if (first != null) {
            first.close();
        }
    }

    @Test
    void aSecondDemoOnTheSameDirectoryIsRefusedAtOnceEvenWithResetAndTheFirstKeepsItsData() throws Exception {
        first = DemoServer.start(data, true, 0);
        WebClient jane = new WebClient(first.url());
        jane.signIn("jane");
        jane.get("/accounts?add=1");
        jane.post("/accounts/add", "email", "admin@hooli.example", "roles", "tenant:administrator", "days", "");

        long started = System.nanoTime();
        Throwable refused = catchThrowable(() -> DemoServer.start(data, true, 0));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(refused).isInstanceOf(DataDirectoryLock.InUseException.class).hasMessage("The data directory " + data.toRealPath()
                + " is in use by another demo (process " + ProcessHandle.current().pid() + "): stop that demo, or give this one"
                + " its own data directory with -Dpd.demo.dataDir=<path>.");
        assertThat(took).as("refused before it opens the database").isLessThan(Duration.ofSeconds(10));
        assertThat(Html.rows(jane.get("/accounts").body(), "accounts")).extracting(r -> r.get(0)).containsExactly("admin@hooli.example");
        jane.mailText("admin@hooli.example", "möchte Ihr Konto verwalten");
    }

    @Test
    void anotherSpellingOfTheSameDirectoryIsTheSameClaim() throws Exception {
        first = DemoServer.start(data, true, 0);
        Path link = Files.createSymbolicLink(data.resolveSibling(data.getFileName() + "-link"), data);
        try {
            assertThat(catchThrowable(() -> DemoServer.start(link, false, 0)))
                    .isInstanceOf(DataDirectoryLock.InUseException.class);
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void onceTheFirstHasStoppedTheDirectoryCanBeClaimedAgain() throws Exception {
        first = DemoServer.start(data, true, 0);
        first.close();
        first = DemoServer.start(data, false, 0);
        assertThat(first.backend()).isNotNull();
        assertThat(data.resolve(DataDirectoryLock.FILE_NAME)).hasContent(String.valueOf(ProcessHandle.current().pid()));
    }

    @Test
    void aDirectoryThatIsAFileIsRefusedWithOneLineSayingWhatToDo() throws Exception {
        Path file = Files.writeString(data.resolve("a-file"), "x");
        Throwable refused = catchThrowable(() -> DataDirectoryLock.acquire(file));
        assertThat(refused).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageStartingWith("Cannot use " + file + " as the demo's data directory (")
                .hasMessageEndingWith("): give the demo another one with -Dpd.demo.dataDir=<path>.");
        assertThat(refused.getMessage()).doesNotContain("\n");
    }
}
