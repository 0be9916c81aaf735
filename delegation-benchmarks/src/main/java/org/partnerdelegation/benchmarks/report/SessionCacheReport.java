package org.partnerdelegation.benchmarks.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.CacheNodeProcess;
import org.partnerdelegation.benchmarks.CachedValidateSessionBenchmark;
import org.partnerdelegation.benchmarks.PostgresServer;
import org.partnerdelegation.benchmarks.SessionData;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.sessioncache.CaffeineSessionCache;
import org.partnerdelegation.sessioncache.SessionCacheFigures;

/**
 * Measures the session cache in one run, on one embedded PostgreSQL, and writes the section
 * {@code session-cache} of {@code docs/BENCHMARKS.md} ({@link ReportSections}):
 * <ol>
 *   <li>{@link CachedValidateSessionBenchmark} (JMH, one fork): checks a second from the cache
 *       against the database path; the goal is at least 20 times;</li>
 *   <li>propagation across three JVMs: this one (A) logs in and logs out, two
 *       {@link CacheNodeProcess}es (B and C) have the session in memory and check it again and
 *       again; the time from A's {@code endSession} returning to B's (and C's) first refusal,
 *       read here when its answer arrives (so a pipe's latency more than the node saw), over
 *       {@value #DEFAULT_REVOCATIONS} revocations by default; the goal is a p99 under 100 ms.</li>
 * </ol>
 * Each phase states the machine's 1-minute load average at its start and end.
 *
 * <pre>
 * mvn -B -q -pl delegation-benchmarks -am package -DskipTests
 * java -cp delegation-benchmarks/target/benchmarks.jar org.partnerdelegation.benchmarks.report.SessionCacheReport docs/BENCHMARKS.md [revocations]
 * </pre>
 */
public final class SessionCacheReport {

    static final int DEFAULT_REVOCATIONS = 1_000;
    static final String COMMAND = "mvn -B -q -pl delegation-benchmarks -am package -DskipTests && java -cp"
            + " delegation-benchmarks/target/benchmarks.jar org.partnerdelegation.benchmarks.report.SessionCacheReport docs/BENCHMARKS.md";

    private SessionCacheReport() {
    }

    /**
     * Runs both measurements and writes the section.
     *
     * @param args the report's path, and optionally how many revocations to time
     * @throws Exception when a measurement fails
     */
    public static void main(String[] args) throws Exception {
        Path report = Path.of(args.length > 0 ? args[0] : "docs/BENCHMARKS.md");
        int revocations = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_REVOCATIONS;
        Instant started = Instant.now();
        PostgresServer.port();

        double throughputLoadBefore = Environment.loadAverage();
        double[] perSecond = throughput();
        double throughputLoadAfter = Environment.loadAverage();

        double propagationLoadBefore = Environment.loadAverage();
        Propagation propagation = propagation(revocations);
        double propagationLoadAfter = Environment.loadAverage();

        String md = markdown(started, perSecond, throughputLoadBefore, throughputLoadAfter, propagation, propagationLoadBefore,
                propagationLoadAfter);
        ReportSections.write(report, "session-cache", md);
        System.err.println(md);
    }

    /** Checks a second, {@code [off, offError, on, onError]}. */
    private static double[] throughput() throws Exception {
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(CachedValidateSessionBenchmark.class.getName() + ".")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-D" + PostgresServer.PORT_PROPERTY + "=" + PostgresServer.port())
                .shouldFailOnError(true)
                .build()).run();
        double[] figures = new double[4];
        for (RunResult r : results) {
            int at = r.getParams().getParam("cache").equals(CachedValidateSessionBenchmark.ON) ? 2 : 0;
            figures[at] = r.getPrimaryResult().getScore();
            figures[at + 1] = r.getPrimaryResult().getScoreError();
        }
        return figures;
    }

    /** The propagation delays in milliseconds, one per revocation and remote node, and how many checks were from memory. */
    record Propagation(double[] millis, int remotes, int revocations, long servedFromMemory) {
        double percentile(double p) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    /** A node in another JVM; its answers are timed as they arrive, on a thread of their own. */
    private static final class Remote implements AutoCloseable {
        record Answer(String line, long nanos) {
        }

        final Process process;
        final PrintStream in;
        final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();

        Remote(BenchmarkDatabase db, Path log) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), CacheNodeProcess.class.getName(),
                    db.url(), db.user(), db.password()).redirectError(log.toFile()).start();
            in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        answers.add(new Answer(line, System.nanoTime()));
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
                answers.add(new Answer("ended", System.nanoTime()));
            }, "remote-node-answers");
            reader.setDaemon(true);
            reader.start();
        }

        Answer next() throws InterruptedException {
            Answer a = answers.poll(60, TimeUnit.SECONDS);
            if (a == null || a.line.equals("ended")) {
                throw new IllegalStateException("the remote node did not answer; see its log");
            }
            return a;
        }

        String ask(String command) throws InterruptedException {
            in.println(command);
            return next().line;
        }

        @Override
        public void close() throws InterruptedException {
            in.println("quit");
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Propagation propagation(int revocations) throws Exception {
        BenchmarkDatabase db = SessionData.fresh(BenchmarkDatabase.POSTGRESQL, "pd_cache_propagation");
        List<Remote> remotes = new ArrayList<>();
        Path logs = Files.createTempDirectory("pd-session-cache-report");
        try (JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(db.url(), db.user(), db.password()).withInstallSchema(false));
             CaffeineSessionCache cache = CaffeineSessionCache.builder().listenerConnection(db.url(), db.user(), db.password()).build()) {
            PartnerDelegation a = PartnerDelegation.builder()
                    .tenantDirectory(storage.tenantDirectory())
                    .delegationStore(storage.delegationStore())
                    .sessionIssuer(storage.sessionIssuer())
                    .stepUpPolicy(StepUpPolicy.notRequired())
                    .sessionCache(cache)
                    .build();
            if (!cache.await(SessionCacheFigures::serving, Duration.ofSeconds(60))) {
                throw new IllegalStateException("A's listener did not subscribe");
            }
            for (int i = 0; i < 2; i++) {
                Remote remote = new Remote(db, logs.resolve("node-" + (char) ('B' + i) + ".log"));
                remotes.add(remote);
                if (!remote.next().line.equals("ready")) {
                    throw new IllegalStateException("remote node " + i + " did not start");
                }
            }
            double[] millis = new double[revocations * remotes.size()];
            long fromMemory = 0;
            for (int r = 0; r < revocations; r++) {
                // Each revocation a user of its own and a customer in turn: the login limits are not what is measured.
                int customer = 1 + r % SessionData.CUSTOMERS;
                String token = a.loginToCustomer(SessionData.loginUser(r), SessionData.delegationId(customer)).token().reveal();
                for (Remote remote : remotes) {
                    String first = remote.ask("check " + token);
                    String second = remote.ask("check " + token);
                    if (!first.startsWith("live") || !second.startsWith("live")) {
                        throw new IllegalStateException("a fresh session was refused: " + first + ", " + second);
                    }
                    // "live HITS": the second check counted a hit only if it came from memory.
                    if (Long.parseLong(second.substring(5)) > Long.parseLong(first.substring(5))) {
                        fromMemory++;
                    }
                }
                a.endSession(token);
                long returned = System.nanoTime();
                for (Remote remote : remotes) {
                    remote.in.println("until-refused " + token);
                }
                for (int i = 0; i < remotes.size(); i++) {
                    Remote.Answer refused = remotes.get(i).next();
                    millis[r * remotes.size() + i] = (refused.nanos - returned) / 1e6;
                }
                if ((r + 1) % 100 == 0) {
                    System.err.printf(Locale.ROOT, "[SessionCacheReport] %d of %d revocations timed%n", r + 1, revocations);
                }
            }
            return new Propagation(millis, remotes.size(), revocations, fromMemory);
        } finally {
            for (Remote remote : remotes) {
                remote.close();
            }
            db.drop();
        }
    }

    private static String markdown(Instant started, double[] perSecond, double loadBefore, double loadAfter, Propagation p,
                                   double pLoadBefore, double pLoadAfter) {
        double ratio = perSecond[2] / perSecond[0];
        StringBuilder md = new StringBuilder();
        md.append("## Session cache (issue 20, part 4)\n\n");
        md.append("Measured ").append(started).append(" on ").append(Environment.cores()).append(" cores (").append(Environment.cpu())
                .append("), ").append(Environment.jvm()).append(", PostgreSQL ").append(PostgresServer.version())
                .append(" (embedded, loopback). The machine is shared: the 1-minute load average is given for each phase.\n\n");
        md.append("Command: `").append(COMMAND).append("`\n\n");
        md.append("### validateSession: from the cache against the database\n\n");
        md.append(String.format(Locale.ROOT, "One thread, `CachedValidateSessionBenchmark` (JMH, 1 fork, 3 × 1 s warm-up, 5 × 1 s"
                + " measured); load %.2f at the start, %.2f at the end.%n%n", loadBefore, loadAfter));
        md.append("| path | checks/s | ± (99.9%) |\n| --- | ---: | ---: |\n");
        md.append(String.format(Locale.ROOT, "| PostgreSQL (no cache) | %,.0f | %,.0f |%n", perSecond[0], perSecond[1]));
        md.append(String.format(Locale.ROOT, "| session cache | %,.0f | %,.0f |%n%n", perSecond[2], perSecond[3]));
        md.append(String.format(Locale.ROOT, "The cache serves **%.0f times** the checks a second of the database path (goal: at"
                + " least 20 times): %s.%n%n", ratio, ratio >= 20 ? "met" : "**not met**"));
        md.append("### Revocation propagation across three JVMs\n\n");
        md.append(String.format(Locale.ROOT, "%,d revocations (`endSession` on node A); nodes B and C, each in a JVM of its own with"
                + " its own pool and listener, had the session in memory (in %,d of the %,d cases its second check before the revocation came from memory)"
                + " and check it again and again; each delay runs from A's `endSession` returning to the refusal's answer arriving"
                + " back at A (a pipe's latency more than the node's own). Load %.2f at the start, %.2f at the end.%n%n",
                p.revocations(), p.servedFromMemory(), p.millis().length, pLoadBefore, pLoadAfter));
        md.append("| delays (B and C) | p50 | p99 | max |\n| --- | ---: | ---: | ---: |\n");
        md.append(String.format(Locale.ROOT, "| %,d | %.2f ms | %.2f ms | %.2f ms |%n%n", p.millis().length, p.percentile(50),
                p.percentile(99), p.percentile(100)));
        md.append(String.format(Locale.ROOT, "The p99 is %s 100 ms (the goal: under 100 ms).%n", p.percentile(99) < 100 ? "under" : "**not under**"));
        return md.toString();
    }
}
