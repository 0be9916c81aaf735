package org.partnerdelegation.benchmarks.load;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.partnerdelegation.benchmarks.load.Journal.Entry;
import org.partnerdelegation.benchmarks.load.Journal.Kind;
import org.partnerdelegation.benchmarks.load.LoadReport.CallFigures;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.mail.MailTemplates;
import org.partnerdelegation.mail.SimpleJavaMailNotifier;
import org.partnerdelegation.mail.SmtpSettings;
import org.partnerdelegation.mail.TlsMode;

/**
 * Sustained load on PostgreSQL, with nothing lost: N application nodes (each its own pool,
 * facade and outbox dispatcher, in this JVM or each in a JVM of its own) run M threads each with a
 * host's mix of calls for a set time, then the run checks on a fresh connection that every
 * acknowledged write is there and the invariants hold, and reports throughput and latency per call.
 *
 * <pre>{@code
 * LoadReport report = LoadRun.builder()
 *         .jdbcUrl("jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=primary", "app", secret)
 *         .nodes(2).threadsPerNode(3).duration(Duration.ofSeconds(60))
 *         .progress(System.out)
 *         .build().run();
 * }</pre>
 *
 * <p>Each thread acts for a partner of its own and owns its customers (registered in the
 * directory before the load starts), so it knows what every acknowledged call established and
 * any answer contradicting it is counted as wrong. A call answered {@code OUTCOME_UNKNOWN} is
 * retried until an answer resolves it (a login carries an idempotency key, so that its retry
 * returns the session the first attempt opened). The SMTP server is an in-process GreenMail on a free loopback port unless
 * {@link Builder#smtp} names one; only with GreenMail are the mails matched to the outbox and
 * the invitation links followed. Actions given to {@link Builder#at} run at their offset (a
 * failover test kills the primary there). One run at a time per instance; {@link #run()} blocks.
 */
public final class LoadRun {

    private final Builder b;

    private LoadRun(Builder b) {
        this.b = b;
    }

    /** {@return a builder with 2 nodes of 3 threads, pools of 4, 60 seconds} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Seeds the tenants, runs the load, settles what was in doubt, delivers what is still queued,
     * and checks the invariants.
     *
     * @return the figures and the checks
     * @throws IllegalStateException when the database cannot be reached to seed or check, or a child JVM fails to start
     */
    public LoadReport run() {
        String run = Long.toString(b.seed, 36) + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        LoadTenants tenants = new LoadTenants(run, b.customersPerThread);
        int threadsTotal = b.nodes * b.threadsPerNode;
        GreenMail mail = null;
        String smtpHost = b.smtpHost;
        int smtpPort = b.smtpPort;
        if (smtpHost == null) {
            smtpHost = "127.0.0.1";
            smtpPort = freePort();
            ServerSetup setup = new ServerSetup(smtpPort, smtpHost, ServerSetup.PROTOCOL_SMTP);
            setup.setServerStartupTimeout(20_000);
            mail = new GreenMail(setup);
            mail.start();
        }
        List<Runnable> cleanup = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "load-run");
            t.setDaemon(true);
            return t;
        });
        try {
            seed(tenants, threadsTotal);
            List<NodeHandle> nodes = new ArrayList<>();
            Map<Integer, NodeHandle> byNode = new ConcurrentHashMap<>();
            for (int n = 0; n < b.nodes; n++) {
                NodePlan plan = new NodePlan(n, b.jdbcUrl, b.user, b.password, b.threadsPerNode, b.poolSize, b.duration, smtpHost,
                        smtpPort, run, b.customersPerThread, b.seed);
                NodeHandle h = b.separateJvms ? ChildNode.start(plan) : new InProcess(LoadNode.start(plan, new Journal.InMemory()));
                nodes.add(h);
                byNode.put(n, h);
                cleanup.add(h::kill);
            }
            long startNanos = System.nanoTime();
            Inbox inbox = mail == null ? null
                    : new Inbox(mail, tenants, (g, i, token) -> byNode.get(g / b.threadsPerNode).token(g, i, token));
            if (inbox != null) {
                clock.scheduleWithFixedDelay(inbox::poll, 200, 300, TimeUnit.MILLISECONDS);
            }
            List<String> events = new CopyOnWriteArrayList<>();
            for (Scheduled s : b.scheduled) {
                clock.schedule(() -> {
                    long at = System.nanoTime() - startNanos;
                    try {
                        s.action().run();
                        events.add(String.format(Locale.ROOT, "%s at %.1f s", s.name(), at / 1e9));
                    } catch (RuntimeException e) {
                        events.add(String.format(Locale.ROOT, "%s at %.1f s failed: %s", s.name(), at / 1e9, e));
                    }
                }, s.offset().toMillis(), TimeUnit.MILLISECONDS);
            }
            List<Double> loads = new CopyOnWriteArrayList<>();
            long[] last = {0, System.nanoTime()};
            clock.scheduleAtFixedRate(() -> {
                loads.add(loadAverage());
                if (b.progress != null) {
                    long[] p = new long[4];
                    nodes.forEach(h -> {
                        long[] q = h.progress();
                        for (int i = 0; i < 4; i++) {
                            p[i] += q[i];
                        }
                    });
                    long now = System.nanoTime();
                    double rate = (p[0] - last[0]) / ((now - last[1]) / 1e9);
                    last[0] = p[0];
                    last[1] = now;
                    b.progress.printf(Locale.ROOT, "load: %5.0f s  %7.0f calls/s  ok %d  refused %d  in doubt %d  (load %.1f)%n",
                            (now - startNanos) / 1e9, rate, p[1], p[2], p[3], loads.get(loads.size() - 1));
                }
            }, 5, 5, TimeUnit.SECONDS);
            sleep(b.duration.toMillis());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            say("load: time is up; the threads settle what is still in doubt");
            for (NodeHandle h : nodes) {
                h.await();
            }
            List<Entry> journal = new ArrayList<>();
            Tally tally = new Tally();
            for (NodeHandle h : nodes) {
                h.close();
                journal.addAll(h.journal());
                tally.merge(h.tally());
            }
            say("load: delivering what is still queued");
            deliverTheRest(tenants, smtpHost, smtpPort, inbox);
            say("load: checking the invariants");
            List<LoadReport.Check> checks = new Invariants(b.jdbcUrl, b.user, b.password, run).check(journal, inbox);
            double mean = loads.stream().mapToDouble(Double::doubleValue).average().orElse(loadAverage());
            double max = loads.stream().mapToDouble(Double::doubleValue).max().orElse(mean);
            List<String> notes = new ArrayList<>();
            b.notes.forEach(n -> notes.addAll(n.get()));
            return report(elapsed, tally, journal, checks, events, new LoadReport.LoadAverage(mean, max,
                    Runtime.getRuntime().availableProcessors()), startNanos, notes);
        } finally {
            clock.shutdownNow();
            cleanup.forEach(Runnable::run);
            if (mail != null) {
                mail.stop();
            }
        }
    }

    private void say(String line) {
        if (b.progress != null) {
            b.progress.println(line + " (" + java.time.LocalTime.now().withNano(0) + ")");
        }
    }

    private void seed(LoadTenants tenants, int threadsTotal) {
        try (JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(b.jdbcUrl, b.user, b.password).withMaximumPoolSize(2))) {
            for (int g = 0; g < threadsTotal; g++) {
                storage.tenantDirectory().register(tenants.partner(g));
                for (int i = 0; i < tenants.customersPerThread(); i++) {
                    storage.tenantDirectory().register(tenants.customer(g, i));
                }
            }
        }
    }

    /**
     * Delivers what the nodes left queued (an entry claimed when the database went away waits
     * for its lease), so that every entry can be matched to its mails.
     */
    private void deliverTheRest(LoadTenants tenants, String smtpHost, int smtpPort, Inbox inbox) {
        long deadline = System.nanoTime() + LoadNode.LEASE.plusSeconds(30).toNanos();
        try (JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(b.jdbcUrl, b.user, b.password).withMaximumPoolSize(2)
                .withInstallSchema(false));
             SimpleJavaMailNotifier notifier = new SimpleJavaMailNotifier(SmtpSettings.of(smtpHost, smtpPort, TlsMode.NONE),
                     MailTemplates.defaults(LoadNode.branding()))) {
            PartnerDelegation facade = PartnerDelegation.builder().tenantDirectory(storage.tenantDirectory())
                    .delegationStore(storage.delegationStore()).sessionIssuer(storage.sessionIssuer())
                    .settings(LoadNode.SETTINGS).build();
            try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(facade).notifier(notifier).lease(LoadNode.LEASE).build()) {
                while (System.nanoTime() < deadline) {
                    try {
                        dispatcher.drain();
                        if (storage.delegationStore().outboxEntries(OutboxStatus.PENDING, 1).isEmpty()) {
                            break;
                        }
                    } catch (DelegationException e) {
                        if (e.code() != ErrorCode.STORAGE_UNAVAILABLE && e.code() != ErrorCode.OUTCOME_UNKNOWN) {
                            throw e;
                        }
                    }
                    sleep(500);
                }
            }
        }
        if (inbox != null) {
            sleep(500);
            inbox.poll();
        }
    }

    private LoadReport report(Duration elapsed, Tally tally, List<Entry> journal, List<LoadReport.Check> checks, List<String> events,
                              LoadReport.LoadAverage load, long startNanos, List<String> notes) {
        double seconds = Math.max(0.001, elapsed.toNanos() / 1e9);
        List<CallFigures> calls = new ArrayList<>();
        for (Call c : Call.values()) {
            Tally.PerCall p = tally.of(c);
            calls.add(new CallFigures(c, p.calls(), p.count(Tally.Outcome.OK), p.count(Tally.Outcome.REFUSED),
                    p.count(Tally.Outcome.IN_DOUBT), p.businessCodes(), p.count(Tally.Outcome.RAW), p.count(Tally.Outcome.WRONG),
                    p.count(Tally.Outcome.OK) / seconds, p.percentileMicros(0.50), p.percentileMicros(0.99)));
        }
        long runStartMillis = System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
        Optional<Long> firstFailure = journal.stream().filter(e -> e.kind() == Kind.WRITE_FAILED).map(Entry::millis)
                .min(Long::compare);
        Optional<Long> firstSuccessAfter = firstFailure.flatMap(f -> journal.stream()
                .filter(e -> e.millis() > f && isAcknowledgedWrite(e.kind())).map(Entry::millis).min(Long::compare));
        long refusedInOutage = firstFailure.map(f -> journal.stream().filter(e -> e.kind() == Kind.REFUSED && e.millis() >= f
                && e.millis() <= firstSuccessAfter.orElse(Long.MAX_VALUE)).count()).orElse(0L);
        long[] writes = journal.stream().filter(e -> isAcknowledgedWrite(e.kind())).mapToLong(Entry::millis).sorted().toArray();
        long gap = 0;
        long gapFrom = runStartMillis;
        for (int i = 1; i < writes.length; i++) {
            if (writes[i] - writes[i - 1] > gap) {
                gap = writes[i] - writes[i - 1];
                gapFrom = writes[i - 1];
            }
        }
        List<String> samples = journal.stream().filter(e -> e.kind() == Kind.RAW || e.kind() == Kind.WRONG).limit(10)
                .map(e -> e.kind() + " " + e.a() + ": " + e.b().replace('_', ' ')).toList();
        String setup = String.format(Locale.ROOT, "%d nodes%s × %d threads, pools of %d, %s", b.nodes,
                b.separateJvms ? " (each its own JVM)" : "", b.threadsPerNode, b.poolSize, b.description);
        return new LoadReport(setup, elapsed, calls, tally.total(Tally.Outcome.REFUSED), tally.total(Tally.Outcome.IN_DOUBT),
                journal.stream().filter(e -> e.kind() == Kind.LOGIN_IN_DOUBT).count(),
                journal.stream().filter(e -> e.kind() == Kind.UNRESOLVED).count(), tally.total(Tally.Outcome.RAW),
                tally.total(Tally.Outcome.WRONG),
                firstFailure.flatMap(f -> firstSuccessAfter.map(s -> Duration.ofMillis(s - f))),
                firstFailure.map(f -> Duration.ofMillis(Math.max(0, f - runStartMillis))), refusedInOutage, Duration.ofMillis(gap),
                Duration.ofMillis(Math.max(0, gapFrom - runStartMillis)), checks, samples, events,
                load, notes);
    }

    private static boolean isAcknowledgedWrite(Kind kind) {
        return switch (kind) {
            case ADD, ACCEPT, LOGIN, END_SESSION, DELETE, DISASSOCIATE, REVOKE, GRANT -> true;
            default -> false;
        };
    }

    /** The 1-minute load average, as {@code /proc/loadavg} has it (the JVM's figure elsewhere). */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the nodes, in this JVM or not

    private interface NodeHandle {
        void token(int g, int i, String token);

        /** Calls, ok, refused, in doubt so far. */
        long[] progress();

        void await();

        void close();

        void kill();

        List<Entry> journal();

        Tally tally();
    }

    private static final class InProcess implements NodeHandle {
        private final LoadNode node;
        private final Journal.InMemory journal;

        InProcess(LoadNode node) {
            this.node = node;
            this.journal = (Journal.InMemory) node.journal;
        }

        @Override
        public void token(int g, int i, String token) {
            node.tokens.put(g, i, token);
        }

        @Override
        public long[] progress() {
            Tally t = node.tally;
            return new long[] {t.totalCalls(), t.total(Tally.Outcome.OK), t.total(Tally.Outcome.REFUSED), t.total(Tally.Outcome.IN_DOUBT)};
        }

        @Override
        public void await() {
            node.join();
        }

        @Override
        public void close() {
            node.close();
        }

        @Override
        public void kill() {
            node.close();
        }

        @Override
        public List<Entry> journal() {
            return journal.entries();
        }

        @Override
        public Tally tally() {
            return node.tally;
        }
    }

    /** A node in a JVM of its own, on this JVM's class path, talking through its standard streams and a journal file. */
    private static final class ChildNode implements NodeHandle {
        private final Process process;
        private final Path journalFile;
        private final Writer toChild;
        private final long[] progress = new long[4];
        private final Thread reader;
        private final Path errors;

        private ChildNode(Process process, Path journalFile, Path errors) {
            this.process = process;
            this.journalFile = journalFile;
            this.errors = errors;
            this.toChild = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.reader = new Thread(this::read, "load-child-reader");
            this.reader.setDaemon(true);
            this.reader.start();
        }

        static ChildNode start(NodePlan plan) {
            try {
                Path dir = Files.createTempDirectory("load-node" + plan.node() + "-");
                Path journal = dir.resolve("journal");
                Path errors = dir.resolve("stderr");
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.add("-Xmx384m");
                command.add("-cp");
                command.add(classPath());
                command.add(LoadNode.class.getName());
                command.addAll(plan.toArgs());
                command.add(journal.toString());
                Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
                return new ChildNode(p, journal, errors);
            } catch (IOException e) {
                throw new IllegalStateException("Starting a child JVM for node " + plan.node() + " failed: " + e.getMessage(), e);
            }
        }

        /** Surefire runs tests on a manifest-only jar; its class path is the test class path. */
        private static String classPath() {
            String surefire = System.getProperty("surefire.test.class.path");
            return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("PROGRESS ")) {
                        String[] f = line.split(" ");
                        synchronized (progress) {
                            for (int i = 0; i < 4; i++) {
                                progress[i] = Long.parseLong(f[i + 1]);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the child is gone; its exit status tells
            }
        }

        @Override
        public synchronized void token(int g, int i, String token) {
            try {
                toChild.write("TOKEN " + g + " " + i + " " + token + "\n");
                toChild.flush();
            } catch (IOException e) {
                // a child that has finished reads no more links
            }
        }

        @Override
        public long[] progress() {
            synchronized (progress) {
                return progress.clone();
            }
        }

        @Override
        public void await() {
            try {
                int status = process.waitFor();
                reader.join(5_000);
                if (status != 0) {
                    throw new IllegalStateException("The child JVM of a load node exited with " + status + ": "
                            + tail(errors));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }

        private static String tail(Path file) {
            try {
                String s = Files.readString(file);
                return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
            } catch (IOException e) {
                return "(no stderr)";
            }
        }

        @Override
        public void close() {
            await();
        }

        @Override
        public void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }

        @Override
        public List<Entry> journal() {
            return Journal.ToFile.read(journalFile);
        }

        @Override
        public Tally tally() {
            Tally t = new Tally();
            try {
                for (String line : Files.readAllLines(journalFile.resolveSibling(journalFile.getFileName() + ".tally"))) {
                    if (line.startsWith("TALLY ")) {
                        t.readLine(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return t;
        }
    }

    private record Scheduled(Duration offset, String name, Runnable action) {
    }

    /** Assembles a run. Not thread-safe. */
    public static final class Builder {
        private String jdbcUrl;
        private String user;
        private String password;
        private String description = "PostgreSQL";
        private int nodes = 2;
        private int threadsPerNode = 3;
        private int poolSize = 4;
        private int customersPerThread = 60;
        private Duration duration = Duration.ofSeconds(60);
        private String smtpHost;
        private int smtpPort;
        private boolean separateJvms;
        private PrintStream progress;
        private long seed = 1;
        private final List<Scheduled> scheduled = new ArrayList<>();
        private final List<java.util.function.Supplier<List<String>>> notes = new ArrayList<>();

        private Builder() {
        }

        /**
         * The database, as {@code JdbiStorage.connect} takes it; each node opens its own pool on it. A
         * pgjdbc multi-host URL ({@code targetServerType=primary}) follows a failover.
         *
         * @param url      the JDBC URL
         * @param user     the user
         * @param password the password
         * @return this builder
         */
        public Builder jdbcUrl(String url, String user, String password) {
            this.jdbcUrl = Objects.requireNonNull(url, "url");
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * What the report calls the database ("embedded PostgreSQL 16", "primary and sync standby").
         *
         * @param text a few words
         * @return this builder
         */
        public Builder database(String text) {
            this.description = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * How many application nodes.
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder nodes(int count) {
            this.nodes = positive(count, "nodes");
            return this;
        }

        /**
         * Load threads per node.
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder threadsPerNode(int count) {
            this.threadsPerNode = positive(count, "threadsPerNode");
            return this;
        }

        /**
         * Connections in each node's pool.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder poolSize(int size) {
            this.poolSize = positive(size, "poolSize");
            return this;
        }

        /**
         * Customers each thread owns (registered before the load).
         *
         * @param count at least 1
         * @return this builder
         */
        public Builder customersPerThread(int count) {
            this.customersPerThread = positive(count, "customersPerThread");
            return this;
        }

        /**
         * How long the load runs; the settling and the checks come after.
         *
         * @param length positive
         * @return this builder
         */
        public Builder duration(Duration length) {
            Objects.requireNonNull(length, "duration");
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("duration must be positive, got " + length);
            }
            this.duration = length;
            return this;
        }

        /**
         * Delivers to this SMTP server instead of an in-process GreenMail; the mails then cannot be
         * matched to the outbox, nor invitations accepted.
         *
         * @param host the server's host
         * @param port its port
         * @return this builder
         */
        public Builder smtp(String host, int port) {
            this.smtpHost = Objects.requireNonNull(host, "host");
            this.smtpPort = positive(port, "port");
            return this;
        }

        /**
         * Runs each node in a JVM of its own ({@link LoadNode#main}) on this JVM's class path.
         *
         * @param separate true for child JVMs
         * @return this builder
         */
        public Builder separateJvms(boolean separate) {
            this.separateJvms = separate;
            return this;
        }

        /**
         * Where a progress line goes every 5 seconds: elapsed, calls/s, ok, refused and in doubt so far.
         *
         * @param out the stream; none by default
         * @return this builder
         */
        public Builder progress(PrintStream out) {
            this.progress = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * The seed of the threads' choices; the same seed makes the same choices for the same answers.
         *
         * @param value any
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Runs an action at that offset from the start of the load (kill the primary, promote a
         * standby); the report lists it with the time it ran.
         *
         * @param offset from the start of the load
         * @param name   what the report calls it
         * @param action what to do; a failure is reported, not thrown
         * @return this builder
         */
        public Builder at(Duration offset, String name, Runnable action) {
            scheduled.add(new Scheduled(Objects.requireNonNull(offset, "offset"), Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(action, "action")));
            return this;
        }

        /**
         * Lines to add to the report once the load has run (figures measured alongside it).
         *
         * @param lines asked for after the load, before the report is built
         * @return this builder
         */
        public Builder notes(java.util.function.Supplier<List<String>> lines) {
            notes.add(Objects.requireNonNull(lines, "lines"));
            return this;
        }

        /**
         * The run.
         *
         * @return the run
         * @throws IllegalStateException when no database was given
         */
        public LoadRun build() {
            if (jdbcUrl == null) {
                throw new IllegalStateException("jdbcUrl(url, user, password) is required");
            }
            return new LoadRun(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
