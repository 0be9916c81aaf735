package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WebDemo}'s command line, each run a separate JVM on this test's class path with its own
 * data directory: a taken port, the phase lines and the banner, Ctrl-C (SIGINT), the data and the
 * mailbox kept between runs, a second demo on the same data directory, bad arguments. The timeouts
 * are generous: a loaded machine starts a JVM slowly.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DemoCommandLineTest {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String USAGE = "Usage: [--port N] [--host ADDRESS] [--reset] [--console]";
    /** Extra JVM options of the demos a test starts. */
    private final List<String> jvmOptions = new ArrayList<>();

    @TempDir
    Path data;
    private final List<Demo> started = new ArrayList<>();

    @AfterEach
    void stopEveryDemo() throws InterruptedException {
        for (Demo demo : started) {
            demo.process.destroy();
            if (!demo.process.waitFor(20, TimeUnit.SECONDS)) {
                demo.process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aTakenPortExitsWithCode2AndOneLineSayingWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Demo demo = start("--port", String.valueOf(port));
            assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).as("exits, and soon").isTrue();
            assertThat(demo.process.exitValue()).isEqualTo(2);
            demo.drained();
            assertThat(demo.err).containsExactly("Port " + port + " is already in use: stop the program using it, or start the demo on"
                    + " another port with -Dexec.args=\"--port " + (port + 1) + "\".");
            assertThat(demo.out).isEmpty();
        }
    }

    @Test
    void theMessageForATakenPortNeverSuggestsThatSamePort() {
        assertThat(WebDemo.portInUse(8081)).isEqualTo("Port 8081 is already in use: stop the program using it, or start the demo"
                + " on another port with -Dexec.args=\"--port 8082\".");
        assertThat(WebDemo.portInUse(8080)).endsWith("--port 8081\".");
        assertThat(WebDemo.portInUse(65535)).endsWith("--port 8081\".");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void startedOnAFreePortItPrintsTheBannerAnswersAndStopsOnCtrlC() throws Exception {
        int port = freePort();
        Demo demo = start("--port", String.valueOf(port));
        demo.awaitOut(l -> l.equals("Press Ctrl-C to stop."), STARTUP);
        String url = "http://localhost:" + port;
        // After the phase lines (see itSaysWhatItIsDoingAsItStarts).
        int banner = demo.out.indexOf("Partner delegation web demo: open " + url);
        assertThat(banner).as("the banner's line in %s", demo.out).isPositive();
        assertThat(demo.out.get(banner + 1)).isEqualTo("Sign in as one of these demo users (start with jane@acme-reseller.example):");
        List<DemoUser> users = DemoUser.all();
        for (int i = 0; i < users.size(); i++) {
            String line = demo.out.get(banner + 2 + i);
            assertThat(line).startsWith("  " + users.get(i).name()).contains(users.get(i).tenant()).endsWith(users.get(i).role());
        }
        assertThat(demo.out.subList(banner + 2 + users.size(), demo.out.size())).containsExactly(
                "Mail is captured in the demo mailbox: " + url + "/mailbox",
                "Data: " + data.toAbsolutePath() + " (kept between runs; --reset or the page's Reset button empties it)",
                "Press Ctrl-C to stop.");

        HttpResponse<String> signIn = http(url + "/");
        assertThat(signIn.statusCode()).isEqualTo(200);
        assertThat(signIn.body()).contains("jane@acme-reseller.example", "Sign in");

        interrupt(demo);
        assertThat(demo.process.waitFor(15, TimeUnit.SECONDS)).as("stops within 15 s of Ctrl-C").isTrue();
        demo.drained();
        assertThat(demo.out.get(demo.out.size() - 1)).isEqualTo("Stopping the demo...");
        assertThat(demo.err).isEmpty();
        assertThat(demo.process.exitValue()).as("the exit status of a program stopped by Ctrl-C").isEqualTo(130);
        assertThat(portIsFree(port)).as("port %s is free again", port).isTrue();
        assertThat(catchThrowable(() -> http(url + "/"))).isInstanceOf(ConnectException.class);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theDataIsKeptBetweenRunsAndResetEmptiesIt() throws Exception {
        Demo first = startAndWait();
        WebClient jane = new WebClient(first.url);
        jane.signIn("jane");
        jane.get("/accounts?add=1");
        assertThat(jane.post("/accounts/add", "email", "admin@hooli.example", "roles", "tenant:administrator", "days", "").statusCode())
                .isEqualTo(302);
        assertThat(emails(jane)).containsExactly("admin@hooli.example Pending");
        jane.mailText("admin@hooli.example", "möchte Ihr Konto verwalten");
        List<List<String>> mails = Html.rows(jane.get("/mailbox").body(), "mails");
        stopWithCtrlC(first);

        Demo second = startAndWait();
        jane = new WebClient(second.url);
        jane.signIn("jane");
        assertThat(emails(jane)).as("after a restart").containsExactly("admin@hooli.example Pending");
        assertThat(Html.rows(jane.get("/mailbox").body(), "mails")).as("the mailbox after a restart").isEqualTo(mails);
        stopWithCtrlC(second);

        Demo third = startAndWait("--reset");
        jane = new WebClient(third.url);
        jane.signIn("jane");
        assertThat(emails(jane)).as("after a restart with --reset").isEmpty();
        assertThat(Html.emptyRow(jane.get("/mailbox").body(), "mails")).as("the mailbox after --reset").hasValue("No mail yet.");
        stopWithCtrlC(third);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aSecondDemoOnTheSameDataDirectoryExitsAtOnceWithOneLineNamingTheFirstWhichKeepsRunning() throws Exception {
        Demo first = startAndWait();
        Demo second = start("--port", String.valueOf(freePort()), "--reset");
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).as("exits, and soon").isTrue();
        second.drained();
        assertThat(second.process.exitValue()).isEqualTo(2);
        assertThat(second.err).containsExactly("The data directory " + data.toRealPath() + " is in use by another demo (process "
                + first.process.pid() + "): stop that demo, or give this one its own data directory with -Dpd.demo.dataDir=<path>.");
        assertThat(second.out).doesNotContain("Press Ctrl-C to stop.");
        assertThat(first.process.isAlive()).isTrue();
        WebClient jane = new WebClient(first.url);
        jane.signIn("jane");
        assertThat(jane.get("/accounts").statusCode()).isEqualTo(200);
    }

    @Test
    void aHostThatIsMissingOrNotOfThisMachineExitsWith64AndAUsageLine() throws Exception {
        assertUsage(List.of("--host"), "--host needs an address. " + USAGE);
        assertUsage(List.of("--host", "192.0.2.1"), "--host needs an address of this machine, such as 127.0.0.1 or 0.0.0.0, not"
                + " 192.0.2.1 (no network interface of this machine has 192.0.2.1). " + USAGE);
    }

    @Test
    void aDataDirectoryTheDatabaseWouldReadAsSettingsExitsWith2AndOneLineNotAStackTrace() throws Exception {
        Path hostile = data.resolve("db;INIT=RUNSCRIPT FROM 'evil.sql'");
        jvmOptions.add("-Dpd.demo.dataDir=" + hostile);
        Demo demo = start();
        assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).as("exits, and soon").isTrue();
        demo.drained();
        assertThat(demo.process.exitValue()).as("stdout %s, stderr %s", demo.out, demo.err).isEqualTo(2);
        assertThat(demo.err).singleElement(as(STRING)).startsWith("Cannot start the demo over " + hostile + ": ").contains("';'");
        assertThat(demo.out).doesNotContain("Press Ctrl-C to stop.");
    }

    @Test
    void anEmptyDataDirectoryPropertyExitsWith64InsteadOfUsingTheWorkingDirectory() throws Exception {
        jvmOptions.add("-Dpd.demo.dataDir=");
        assertUsage(List.of(), "-Dpd.demo.dataDir needs a directory, not an empty value. " + USAGE);
    }

    @Test
    void itSaysWhatItIsDoingAsItStarts() throws Exception {
        String database = "Opening the database in " + data.toAbsolutePath() + " (H2) and migrating its schema...";
        String mailServer = "Starting the mail server (SMTP, in this process)...";

        Demo first = startAndWait();
        assertThat(phases(first)).containsExactly("Listening on " + first.url, database, mailServer, "Seeding the demo tenants...");
        assertThat(startedIn(first)).matches("Started in \\d+\\.\\d s\\.");
        stopWithCtrlC(first);

        Demo second = startAndWait();
        assertThat(phases(second)).as("with the data of the first run")
                .containsExactly("Listening on " + second.url, database, mailServer, "Keeping the demo data of the last run...");
        stopWithCtrlC(second);

        Demo third = startAndWait("--reset");
        assertThat(phases(third)).as("with --reset").containsExactly("Listening on " + third.url,
                "Emptying the demo data (--reset)...", database, mailServer, "Seeding the demo tenants...");
        assertThat(third.err).isEmpty();
        stopWithCtrlC(third);
    }

    @Test
    void theStartTimeIsInSecondsWithOneDecimalWhateverTheLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(WebDemo.startedIn(1_349_000_000L)).isEqualTo("Started in 1.3 s.");
            assertThat(WebDemo.startedIn(12_050_000_000L)).isEqualTo("Started in 12.1 s.");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void anUnknownArgumentOrAPortThatIsNotANumberExitsWith64AndAUsageLine() throws Exception {
        assertUsage(List.of("--bogus"), "Unknown argument --bogus. " + USAGE);
        assertUsage(List.of("--port", "abc"), "--port needs a number, not abc. " + USAGE);
        assertUsage(List.of("--port"), "--port needs a number. " + USAGE);
        assertUsage(List.of("--reset", "--port", "8080", "extra"), "Unknown argument extra. " + USAGE);
    }

    @Test
    void aPortOutOfRangeExitsWith64AndAUsageLineNotAStackTrace() throws Exception {
        assertUsage(List.of("--port", "70000"), "--port needs a number from 0 to 65535, not 70000. " + USAGE);
        assertUsage(List.of("--port", "-1"), "--port needs a number from 0 to 65535, not -1. " + USAGE);
    }

    @Test
    void aPortPropertyThatIsNotAPortExitsWith64InsteadOfFallingBackTo8080() throws Exception {
        jvmOptions.add("-Dpd.demo.port=abc");
        assertUsage(List.of(), "-Dpd.demo.port needs a number, not abc. " + USAGE);
        jvmOptions.set(0, "-Dpd.demo.port=70000");
        assertUsage(List.of(), "-Dpd.demo.port needs a number from 0 to 65535, not 70000. " + USAGE);
    }

    // --- helpers ---

    /** A run of the demo: its process and what it printed, line by line. */
    private static final class Demo {
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();
        private final Thread outReader;
        private final Thread errReader;
        String url;

        Demo(Process process) {
            this.process = process;
            this.outReader = reader(process.getInputStream(), out);
            this.errReader = reader(process.getErrorStream(), err);
        }

        private static Thread reader(InputStream in, List<String> lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(reading failed: " + e + ")");
                }
            }, "demo-output");
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** Waits for a line on standard output; fails with what it printed when it exits or the time runs out first. */
        void awaitOut(Predicate<String> line, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.stream().noneMatch(line)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    drained();
                    throw new AssertionError("the demo did not print the expected line (alive: " + process.isAlive() + ")\nstdout: "
                            + out + "\nstderr: " + err);
                }
                Thread.sleep(100);
            }
        }

        /** Once the process has ended: waits until both outputs are read to their end. */
        void drained() throws InterruptedException {
            outReader.join(10_000);
            errReader.join(10_000);
        }
    }

    private Demo start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1"); // starts sooner on a loaded machine
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dpd.demo.dataDir=" + data);
        // A later -D wins: a test's own pd.demo.dataDir replaces the one above.
        command.addAll(jvmOptions);
        command.add(WebDemo.class.getName());
        command.addAll(List.of(args));
        Demo demo = new Demo(new ProcessBuilder(command).start());
        started.add(demo);
        return demo;
    }

    private Demo startAndWait(String... extra) throws Exception {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port)));
        args.addAll(List.of(extra));
        Demo demo = start(args.toArray(String[]::new));
        demo.awaitOut(l -> l.equals("Press Ctrl-C to stop."), STARTUP);
        demo.url = "http://localhost:" + port;
        return demo;
    }

    private void stopWithCtrlC(Demo demo) throws Exception {
        interrupt(demo);
        assertThat(demo.process.waitFor(15, TimeUnit.SECONDS)).as("stops within 15 s of Ctrl-C").isTrue();
        demo.drained();
        assertThat(demo.out).contains("Stopping the demo...");
    }

    /** Ctrl-C: SIGINT through kill(1). Skipped where there is no kill, or where this JVM's children ignore SIGINT. */
    private static void interrupt(Demo demo) throws Exception {
        long pid = demo.process.pid();
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        if (Files.isReadable(status)) {
            String ignored = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0");
            long mask = Long.parseUnsignedLong(ignored.substring("SigIgn:".length()).strip(), 16);
            Assumptions.assumeTrue((mask & 0x2) == 0, "the demo inherited an ignored SIGINT from the test's own process (started in"
                    + " the background of a non-interactive shell, or with nohup): Ctrl-C cannot be tried here");
        }
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-INT", String.valueOf(pid)).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no kill command to send SIGINT with: " + e.getMessage());
            return;
        }
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -INT %s", pid).isZero();
    }

    private void assertUsage(List<String> args, String line) throws Exception {
        Demo demo = start(args.toArray(String[]::new));
        assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).as("%s exits", args).isTrue();
        demo.drained();
        assertThat(demo.process.exitValue()).as("%s", args).isEqualTo(64);
        assertThat(demo.err).as("%s", args).containsExactly(line);
        assertThat(demo.out).as("%s", args).isEmpty();
    }

    /** The lines a demo printed before "Started in ...", its phases. */
    private static List<String> phases(Demo demo) {
        return demo.out.subList(0, demo.out.indexOf(startedIn(demo)));
    }

    private static String startedIn(Demo demo) {
        return demo.out.stream().filter(l -> l.startsWith("Started in ")).findFirst()
                .orElseThrow(() -> new AssertionError("no \"Started in\" line in " + demo.out));
    }

    private static List<String> emails(WebClient jane) {
        return Html.rows(jane.get("/accounts").body(), "accounts").stream().map(r -> r.get(0) + " " + r.get(2)).toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> http(String url) throws IOException, InterruptedException {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
