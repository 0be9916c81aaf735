package org.partnerdelegation.jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL 15 primary and a hot standby fed by <em>synchronous</em> streaming replication, for
 * failover tests: both run from Debian's server binaries ({@value #DEBIAN_BIN}), in a temporary
 * directory, on free loopback ports ({@value #BIN_PROPERTY} names another directory of them).
 *
 * <pre>{@code
 * ReplicatedPostgres.assumeAvailable();
 * try (ReplicatedPostgres pg = ReplicatedPostgres.start()) {
 *     JdbiStorage storage = JdbiStorage.connect(pg.config());
 *     ...
 *     pg.killPrimary();      // SIGKILL of the postmaster and all its children, as a machine that dies
 *     pg.promoteStandby();   // pg_ctl promote, returns once the standby accepts writes
 *     ... // the same storage writes on the new primary
 * }
 * }</pre>
 *
 * <p>The primary names the standby in {@code synchronous_standby_names}, so a COMMIT it
 * acknowledges has been flushed on the standby: a write acknowledged before the kill must be on
 * the promoted standby. That setting is the primary's alone (set after the base backup), so the
 * promoted standby does not wait for a standby of its own that never comes.
 *
 * <p>PostgreSQL refuses to run as root: when the JVM runs as root, every binary runs as the
 * {@code postgres} user ({@code runuser -u postgres --}) and the directory is given to it.
 * {@link #close()} stops both servers by process id and removes the directory; a JVM shutdown hook
 * does the same for a test that never reaches its {@code close()}.
 *
 * <p>When the binaries are missing, {@link #assumeAvailable()} skips the test, unless the system
 * property {@value #REQUIRED_PROPERTY} is {@code true} (as {@code .ci/run} sets it), which fails
 * it. Not thread-safe: one test drives one instance.
 */
public final class ReplicatedPostgres implements AutoCloseable {

    /** Where Debian's {@code postgresql-15} package puts the server binaries. */
    public static final String DEBIAN_BIN = "/usr/lib/postgresql/15/bin";
    /** The system property naming another directory of PostgreSQL 15 binaries (another system's layout). */
    public static final String BIN_PROPERTY = "pd.postgresql.bin";
    /** The directory of the binaries used: {@value #BIN_PROPERTY} when set, else {@value #DEBIAN_BIN}. */
    public static final String BIN = System.getProperty(BIN_PROPERTY, DEBIAN_BIN);
    /** The system property that turns a skip (binaries missing) into a failure. */
    public static final String REQUIRED_PROPERTY = "pd.replication.required";
    /** The standby's {@code application_name}, which the primary's {@code synchronous_standby_names} names. */
    public static final String STANDBY_NAME = "pd_standby";
    /** The database the tests use, created on the primary and replicated. */
    public static final String DATABASE = "delegation";
    /** The superuser; every connection from loopback is trusted, so any password is accepted. */
    public static final String USER = "postgres";

    private static final String INSTALL = "install Debian's postgresql-15 (as root: apt-get update && apt-get install -y"
            + " postgresql-15), or run with -D" + REQUIRED_PROPERTY + "=false to skip the replication tests";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path base;
    private final Node primary;
    private final Node standby;
    private final Thread shutdownHook;
    private boolean closed;

    /** One server: its data directory, port and log. */
    private final class Node {
        final String name;
        final Path data;
        final int port;
        final Path log;
        boolean killed;

        Node(String name, int port) {
            this.name = name;
            this.data = base.resolve(name);
            this.port = port;
            this.log = base.resolve(name + ".log");
        }

        /** The postmaster's pid, from the first line of {@code postmaster.pid}; empty when it is not running. */
        Optional<ProcessHandle> postmaster() {
            Path pidFile = data.resolve("postmaster.pid");
            try {
                if (!Files.exists(pidFile)) {
                    return Optional.empty();
                }
                String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim();
                return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        String url(String query) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + query;
        }
    }

    private ReplicatedPostgres(Path base, int primaryPort, int standbyPort) {
        this.base = base;
        this.primary = new Node("primary", primaryPort);
        this.standby = new Node("standby", standbyPort);
        this.shutdownHook = new Thread(this::stopAndRemove, "replicated-postgres-cleanup");
    }

    /** {@return whether Debian's PostgreSQL 15 server binaries are installed} */
    public static boolean available() {
        return Files.isExecutable(Path.of(BIN, "pg_ctl"));
    }

    /**
     * Skips the calling test when the binaries are missing, or fails it when
     * {@value #REQUIRED_PROPERTY} is {@code true}; the message says what to install.
     */
    public static void assumeAvailable() {
        if (available()) {
            return;
        }
        if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
            Assertions.fail(REQUIRED_PROPERTY + " is set but " + BIN + "/pg_ctl is missing: " + INSTALL);
        }
        Assumptions.abort(BIN + "/pg_ctl is missing, so the failover tests are skipped: " + INSTALL);
    }

    /**
     * Creates the primary ({@code initdb}), starts it, takes the standby's base backup
     * ({@code pg_basebackup -R}), starts the standby, makes replication synchronous and waits until
     * the primary reports the standby as its synchronous one. Creates {@value #DATABASE}.
     *
     * @return both servers running; close it to stop them
     * @throws IllegalStateException when a step fails, with the end of the server's log; whatever
     *                               was started is stopped and the directory removed
     */
    public static ReplicatedPostgres start() {
        Path base;
        try {
            base = Files.createTempDirectory("pd-replication-");
        } catch (IOException e) {
            throw new UncheckedIOException("Creating the replication test's directory failed", e);
        }
        ReplicatedPostgres pg = new ReplicatedPostgres(base, freePort(), freePort());
        Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
        try {
            pg.startBoth();
            return pg;
        } catch (RuntimeException | Error e) {
            pg.close();
            throw e;
        }
    }

    private void startBoth() {
        chownToPostgres(base);
        run(BIN + "/initdb", "-D", primary.data.toString(), "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=C");
        // The base backup copies postgresql.conf: what is written here holds for both servers.
        append(primary.data.resolve("postgresql.conf"), """

                # ReplicatedPostgres
                listen_addresses = '127.0.0.1'
                unix_socket_directories = '%s'
                wal_level = replica
                max_wal_senders = 4
                wal_keep_size = '128MB'
                hot_standby = on
                max_connections = 60
                shared_buffers = '32MB'
                log_min_messages = warning
                """.formatted(base));
        startServer(primary);
        run(BIN + "/pg_basebackup", "-D", standby.data.toString(), "-R", "-X", "stream", "-c", "fast",
                "-d", "host=127.0.0.1 port=" + primary.port + " user=" + USER);
        // After -R's settings: the last line of a name wins. application_name is what the primary's
        // synchronous_standby_names matches.
        append(standby.data.resolve("postgresql.auto.conf"), """
                port = %d
                primary_conninfo = 'host=127.0.0.1 port=%d user=%s application_name=%s'
                """.formatted(standby.port, primary.port, USER, STANDBY_NAME));
        startServer(standby);
        try (Connection c = connect(primary, "postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = '" + STANDBY_NAME + "'");
            s.execute("SELECT pg_reload_conf()");
            awaitTrue(Duration.ofSeconds(60), "the standby to become the primary's synchronous standby", () -> {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE application_name = '"
                        + STANDBY_NAME + "' AND sync_state = 'sync' AND state = 'streaming'")) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            });
            // Created under synchronous replication: the standby has it once this returns.
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("Setting up synchronous replication failed: " + e.getMessage() + logTail(primary), e);
        }
    }

    /** {@return the primary's port} */
    public int primaryPort() {
        return primary.port;
    }

    /** {@return the standby's port} */
    public int standbyPort() {
        return standby.port;
    }

    /**
     * The multi-host URL a host would configure, the primary first:
     * {@code jdbc:postgresql://127.0.0.1:P,127.0.0.1:S/delegation?targetServerType=primary&...}.
     * The parameters, and why:
     * <ul>
     *   <li>{@code targetServerType=primary}: connect only to the server that accepts writes, trying
     *       the hosts in order; a standby answers and is passed over;</li>
     *   <li>{@code hostRecheckSeconds=2}: how long the driver trusts what it learnt of a host (dead,
     *       standby) before trying it again; short, so that a promoted standby is taken soon, and a
     *       dead host is not waited for on every new connection in between;</li>
     *   <li>{@code connectTimeout=2}: the TCP connect, in seconds. A dead machine drops the SYN
     *       rather than refusing it; without a bound the pool waits the kernel's retries (minutes);</li>
     *   <li>{@code loginTimeout=3}: the whole connection set-up, authentication included, so that a
     *       server that accepts TCP but hangs (shutting down, overloaded) cannot hold a pool thread;</li>
     *   <li>{@code socketTimeout=30}: a read that waits longer fails, and its connection is dropped.
     *       It turns a half-open connection to a vanished machine into an error within seconds; it
     *       must stay above the slowest statement, a COMMIT waiting for the synchronous standby
     *       included.</li>
     * </ul>
     *
     * @return the URL with the primary listed first
     */
    public String jdbcUrl() {
        return multiHost(primary, standby);
    }

    /**
     * The same URL with the standby listed first: the driver must still land on the primary.
     *
     * @return the URL with the standby listed first
     */
    public String jdbcUrlStandbyFirst() {
        return multiHost(standby, primary);
    }

    /** {@return the primary's single-host URL, for looking at it directly} */
    public String primaryUrl() {
        return primary.url("");
    }

    /** {@return the standby's single-host URL, for looking at it directly (read-only until promoted)} */
    public String standbyUrl() {
        return standby.url("");
    }

    /**
     * The storage's configuration on {@link #jdbcUrl()}: the default pool, schema installed.
     *
     * @return the configuration
     */
    public DatabaseConfig config() {
        return DatabaseConfig.of(jdbcUrl(), USER, USER);
    }

    private static String multiHost(Node first, Node second) {
        return "jdbc:postgresql://127.0.0.1:" + first.port + ",127.0.0.1:" + second.port + "/" + DATABASE
                + "?targetServerType=primary&hostRecheckSeconds=2&connectTimeout=2&loginTimeout=3&socketTimeout=30";
    }

    /**
     * Kills the primary as a machine dies: the postmaster is stopped first ({@code SIGSTOP}, so it
     * forks no new backend), then it and every process under it get {@code SIGKILL} in one
     * {@code kill} command. No shutdown checkpoint, no goodbye to the clients or the standby.
     *
     * @return when the signal was sent
     * @throws IllegalStateException when the primary is not running
     */
    public Instant killPrimary() {
        ProcessHandle postmaster = primary.postmaster()
                .orElseThrow(() -> new IllegalStateException("The primary is not running" + logTail(primary)));
        signal("STOP", List.of(postmaster.pid()));
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster.pid());
        postmaster.descendants().forEach(p -> pids.add(p.pid()));
        Instant at = Instant.now();
        signal("KILL", pids);
        primary.killed = true;
        // A killed process counts as alive until its parent (init, for a daemon) reaps it: on a busy machine, seconds.
        awaitTrue(Duration.ofSeconds(60), "the primary's processes to die",
                () -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        return at;
    }

    /**
     * Promotes the standby ({@code pg_ctl promote}) and returns once it commits a write.
     *
     * @return how long the promotion took until the first write
     */
    public Duration promoteStandby() {
        long start = System.nanoTime();
        run(BIN + "/pg_ctl", "promote", "-D", standby.data.toString(), "-w", "-t", "60");
        awaitTrue(Duration.ofSeconds(60), "the promoted standby to accept writes", () -> {
            try (Connection c = connect(standby, DATABASE); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT NOT pg_is_in_recovery(), txid_current()")) {
                return rs.next() && rs.getBoolean(1);
            } catch (SQLException e) {
                return false;
            }
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Stops both servers by process id (fast shutdown, then SIGKILL) and removes the directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAndRemove();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it does the same
        }
    }

    private synchronized void stopAndRemove() {
        for (Node node : List.of(primary, standby)) {
            node.postmaster().ifPresent(postmaster -> {
                List<Long> all = new ArrayList<>();
                all.add(postmaster.pid());
                postmaster.descendants().forEach(p -> all.add(p.pid()));
                // SIGINT is PostgreSQL's fast shutdown: clients are disconnected rather than waited for.
                signal("INT", List.of(postmaster.pid()));
                try {
                    postmaster.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    signal("KILL", all);
                }
            });
        }
        deleteRecursively(base);
    }

    // ------------------------------------------------------------------ helpers

    private void startServer(Node node) {
        run(BIN + "/pg_ctl", "start", "-D", node.data.toString(), "-l", node.log.toString(), "-w", "-t", "60",
                "-o", "-p " + node.port);
    }

    private Connection connect(Node node, String database) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "2");
        props.setProperty("loginTimeout", "3");
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + node.port + "/" + database, props);
    }

    /** Runs a PostgreSQL binary (as {@code postgres} when this JVM is root) and fails with its output if it fails. */
    private void run(String... command) {
        List<String> line = new ArrayList<>();
        if (ROOT) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Path output = base.resolve("command.out");
        try {
            // To a file, not a pipe: pg_ctl's server would otherwise inherit the pipe and hold it open.
            Process process = new ProcessBuilder(line).directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                        + ":\n" + Files.readString(output) + logTail(primary) + logTail(standby));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Running " + command[0] + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command[0], e);
        }
    }

    /** Sends a signal to processes by id, in one {@code kill} command. */
    private static void signal(String signal, List<Long> pids) {
        List<String> line = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> line.add(Long.toString(pid)));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("kill -" + signal + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void chownToPostgres(Path directory) {
        if (!ROOT) {
            return;
        }
        try {
            Process process = new ProcessBuilder("chown", "postgres:postgres", directory.toString()).inheritIO().start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("chown postgres " + directory + " failed: PostgreSQL refuses to run as root,"
                        + " and needs a postgres user to run as");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("chown failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing " + file + " failed", e);
        }
    }

    private static String logTail(Node node) {
        try {
            if (!Files.exists(node.log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(node.log, StandardCharsets.UTF_8);
            return "\n--- end of the " + node.name + "'s log ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Duration timeout, String what, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
        throw new IllegalStateException("Waited " + timeout.toSeconds() + " s for " + what + " in vain"
                + (last == null ? "" : ": " + last), last);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a file a dying server still writes; the rest goes
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // the temporary directory is left to the system's cleaning
        }
    }
}
