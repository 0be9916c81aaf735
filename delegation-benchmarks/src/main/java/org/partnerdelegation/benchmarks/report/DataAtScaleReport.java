package org.partnerdelegation.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.PostgresServer;
import org.partnerdelegation.benchmarks.scale.DataAtScaleBenchmark;
import org.partnerdelegation.benchmarks.scale.ScaleData;
import org.partnerdelegation.benchmarks.scale.ScaleLoader;
import org.partnerdelegation.benchmarks.scale.ScalePlan;
import org.partnerdelegation.benchmarks.scale.ScaleShape;

/**
 * Data at scale: loads a PostgreSQL database of 10,000 delegations and one of 1,000,000 (ten audit
 * events each, {@link ScaleShape#of}), then measures the hot paths of {@link DataAtScaleBenchmark}
 * on both in one run, each operation a call on both databases back to back (their order swapped
 * every call), so that the machine's load falls on both alike; and writes the
 * figures, the load times and the table and index sizes into the {@code data-at-scale} section of
 * docs/BENCHMARKS.md ({@link ReportSections}). A hot path meets its target when, in every run, its
 * time on the large database is at most {@code --target} times its time on the small one.
 *
 * <pre>
 * java -cp delegation-benchmarks/target/benchmarks.jar org.partnerdelegation.benchmarks.report.DataAtScaleReport \
 *     [docs/BENCHMARKS.md] [--small=10000] [--large=1000000] [--runs=5] [--warmup=3] [--measurement=5] [--target=1.3]
 * </pre>
 *
 * It starts its own embedded PostgreSQL server (as {@link BenchmarkReport} does) and raises its
 * {@code max_wal_size} to 8 GB, so that loading does not checkpoint every few seconds; the other
 * settings are the embedded server's. Not for concurrent use.
 */
public final class DataAtScaleReport {

    static final String COMMAND = "mvn -B -q -pl delegation-benchmarks -am package -DskipTests && java -cp "
            + "delegation-benchmarks/target/benchmarks.jar org.partnerdelegation.benchmarks.report.DataAtScaleReport docs/BENCHMARKS.md";
    private static final String[] CALLS = {"validateSession", "login", "firstPage", "middlePage", "lastPage", "auditPage"};

    private DataAtScaleReport() {
    }

    /**
     * Loads, measures and writes the section.
     *
     * @param args the report's path, then options (see the class comment)
     * @throws Exception when loading or a benchmark fails: the section is not written then
     */
    public static void main(String[] args) throws Exception {
        long began = System.nanoTime();
        Path output = Path.of("docs/BENCHMARKS.md");
        Map<String, String> options = new LinkedHashMap<>(Map.of("small", "10000", "large", "1000000", "runs", "5", "warmup", "3",
                "measurement", "5", "target", "1.3"));
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                String name = arg.substring(2, arg.indexOf('='));
                if (!options.containsKey(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + "; known: " + options.keySet());
                }
                options.put(name, arg.substring(arg.indexOf('=') + 1));
            } else {
                output = Path.of(arg);
            }
        }
        int small = Integer.parseInt(options.get("small"));
        int large = Integer.parseInt(options.get("large"));
        int runs = Integer.parseInt(options.get("runs"));
        if (runs < 1 || small >= large) {
            throw new IllegalArgumentException("--runs must be at least 1 and --small below --large, got " + options);
        }
        double target = Double.parseDouble(options.get("target"));
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));

        log("starting PostgreSQL");
        int port = PostgresServer.port();
        String settings = tuneForLoading(port);
        List<Load> loads = new ArrayList<>();
        for (int delegations : new int[] {small, large}) {
            log("loading " + delegations + " delegations");
            double loadBefore = Environment.loadAverage();
            long t = System.nanoTime();
            ScaleLoader.Result[] result = new ScaleLoader.Result[1];
            ScaleData.database(delegations, r -> result[0] = r);
            loads.add(new Load(delegations, result[0], (System.nanoTime() - t) / 1e9, loadBefore, Environment.loadAverage(),
                    sizes(port, ScaleData.databaseName(delegations))));
            log("loaded " + delegations + " delegations in " + Math.round((System.nanoTime() - t) / 1e9) + " s");
        }

        BenchmarkReport.forkFromACopy();
        Map<String, Map<Integer, List<Double>>> times = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        List<String> runLoads = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            log("JMH run " + run + " of " + runs);
            LoadSampler sampler = LoadSampler.start();
            Map<String, double[]> split = jmh(options, small, large, run);
            runLoads.add(String.format(Locale.ROOT, "run %d: %s", run, sampler.stop()));
            for (String call : CALLS) {
                double[] nanos = split.get(call);
                if (nanos == null || nanos[2] <= 0) {
                    continue;
                }
                times.computeIfAbsent(call, k -> new LinkedHashMap<>());
                times.get(call).computeIfAbsent(small, k -> new ArrayList<>()).add(nanos[0] / nanos[2] / 1_000);
                times.get(call).computeIfAbsent(large, k -> new ArrayList<>()).add(nanos[1] / nanos[2] / 1_000);
                ratios.computeIfAbsent(call, k -> new ArrayList<>()).add(nanos[1] / nanos[0]);
            }
        }
        log("reading the plans of validateSession and the audit page");
        Map<String, String> plans = new LinkedHashMap<>();
        for (int delegations : new int[] {small, large}) {
            plans.putAll(Plans.explain(port, delegations));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        String markdown = markdown(new Input(date, settings, small, large, runs, options, target, loads, times, ratios, runLoads,
                took, plans));
        ReportSections.write(output, "data-at-scale", markdown);
        log("wrote the data-at-scale section of " + output.toAbsolutePath());
        System.exit(0);
    }

    /** Raises max_wal_size (a reload, no restart) and says the settings the figures were measured with. */
    private static String tuneForLoading(int port) throws SQLException {
        try (Connection c = admin(port); Statement s = c.createStatement()) {
            if (System.getProperty(PostgresServer.PORT_PROPERTY) == null) {
                s.execute("ALTER SYSTEM SET max_wal_size = '8GB'");
                s.execute("SELECT pg_reload_conf()");
            }
            List<String> shown = new ArrayList<>();
            for (String setting : new String[] {"server_version", "shared_buffers", "work_mem", "effective_cache_size", "max_wal_size",
                    "synchronous_commit", "random_page_cost", "jit"}) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    shown.add(setting + "=" + rs.getString(1));
                }
            }
            return String.join(", ", shown);
        }
    }

    private static Connection admin(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "postgres");
    }

    /** One database's load: what it wrote (null when it was found loaded), how long, the machine's load around it, its sizes. */
    record Load(int delegations, ScaleLoader.Result result, double seconds, double loadBefore, double loadAfter, Sizes sizes) {
    }

    /**
     * A database's tables and indexes on disk.
     *
     * @param tables  per table: rows, heap (pg_relation_size), indexes (pg_indexes_size), total (pg_total_relation_size), bytes
     * @param indexes per index: its table and pg_relation_size
     */
    record Sizes(Map<String, long[]> tables, Map<String, Object[]> indexes) {
    }

    private static Sizes sizes(int port, String database) throws SQLException {
        Map<String, long[]> tables = new LinkedHashMap<>();
        Map<String, Object[]> indexes = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + database, "postgres",
                "postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT c.relname, c.reltuples::bigint, pg_relation_size(c.oid),"
                    + " pg_indexes_size(c.oid), pg_total_relation_size(c.oid) FROM pg_class c"
                    + " WHERE c.relkind = 'r' AND c.relname LIKE 'pd\\_%' AND c.relnamespace = current_schema()::text::regnamespace"
                    + " ORDER BY pg_total_relation_size(c.oid) DESC, c.relname")) {
                while (rs.next()) {
                    tables.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT i.relname, t.relname, pg_relation_size(i.oid) FROM pg_index x"
                    + " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
                    + " WHERE t.relname LIKE 'pd\\_%' AND t.relnamespace = current_schema()::text::regnamespace"
                    + " ORDER BY t.relname, pg_relation_size(i.oid) DESC, i.relname")) {
                while (rs.next()) {
                    indexes.put(rs.getString(1), new Object[] {rs.getString(2), rs.getLong(3)});
                }
            }
        }
        return new Sizes(tables, indexes);
    }

    /**
     * One JMH run of every scale benchmark: per call, the nanoseconds the small and the large
     * database's calls took over the measured iterations, and the pairs of calls.
     */
    private static Map<String, double[]> jmh(Map<String, String> options, int small, int large, int run) throws Exception {
        Path target = Path.of("delegation-benchmarks/target");
        Path dir = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
        var built = new OptionsBuilder()
                .include(DataAtScaleBenchmark.class.getName() + "\\.")
                .param("small", String.valueOf(small))
                .param("large", String.valueOf(large))
                .forks(1)
                .warmupIterations(Integer.parseInt(options.get("warmup")))
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.parseInt(options.get("measurement")))
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-D" + PostgresServer.PORT_PROPERTY + "=" + port(), "-Xmx2g")
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("jmh-data-at-scale-" + run + ".json").toString())
                .build();
        System.setProperty("jmh.ignoreLock", "true");
        Map<String, double[]> split = new LinkedHashMap<>();
        for (RunResult r : new Runner(built).run()) {
            String name = r.getParams().getBenchmark();
            var secondary = r.getSecondaryResults();
            split.put(name.substring(name.lastIndexOf('.') + 1), new double[] {secondary.get("smallNanos").getScore(),
                    secondary.get("largeNanos").getScore(), secondary.get("pairs").getScore()});
        }
        return split;
    }

    private static int port() {
        return PostgresServer.port();
    }

    /** The 1-minute load average sampled every 5 s while a JMH run lasts. */
    private static final class LoadSampler {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-sampler");
            t.setDaemon(true);
            return t;
        });
        private final List<Double> samples = java.util.Collections.synchronizedList(new ArrayList<>());

        static LoadSampler start() {
            LoadSampler s = new LoadSampler();
            s.timer.scheduleAtFixedRate(() -> s.samples.add(Environment.loadAverage()), 0, 5, TimeUnit.SECONDS);
            return s;
        }

        String stop() {
            timer.shutdownNow();
            List<Double> copy;
            synchronized (samples) {
                copy = new ArrayList<>(samples);
            }
            copy.removeIf(d -> d.isNaN());
            double mean = copy.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            Spread spread = Spread.of(copy);
            return String.format(Locale.ROOT, "1-minute load %.2f on average, %.2f-%.2f", mean, spread.min(), spread.max());
        }
    }

    record Input(String date, String settings, int small, int large, int runs, Map<String, String> options, double target,
                 List<Load> loads, Map<String, Map<Integer, List<Double>>> times, Map<String, List<Double>> ratios,
                 List<String> runLoads, Duration took, Map<String, String> plans) {
    }

    static String markdown(Input in) {
        StringBuilder md = new StringBuilder();
        String smallText = String.format(Locale.ROOT, "%,d", in.small());
        String largeText = String.format(Locale.ROOT, "%,d", in.large());
        md.append("## Data at scale\n\n");
        md.append("Generated by `org.partnerdelegation.benchmarks.report.DataAtScaleReport`; do not edit by hand. Measured with\n\n");
        md.append("```sh\n").append(COMMAND).append("\n```\n\n");
        md.append(String.format(Locale.ROOT, "on %s, %s, %s cores, %s, %s; %s; library commit %s. The report took %d min %02d s,"
                        + " loading included.%n%n", in.date(), Environment.cpu(), Environment.cores(), Environment.memory(), Environment.jvm(),
                in.settings(), Environment.commit(), in.took().toMinutes(), in.took().toSecondsPart()));
        md.append(String.format(Locale.ROOT, "Two PostgreSQL databases, loaded by `ScaleLoader` with `COPY`: %s and %s delegations,"
                + " %d audit events per delegation, the rows the library writes over a year (tenants, delegations in every status,"
                + " invitations, delivered outbox entries, audit events in time order, the sessions of the last 30 days' logins and %d"
                + " live ones); partner 1 holds %,d delegations in both, the other partners draw their size from a Pareto"
                + " distribution (2 to 3,000 customers each). Keys and indexes are rebuilt after the COPY, then `VACUUM (ANALYZE)`."
                + " See [the benchmarks guide](guide/benchmarks.md#data-at-scale).%n%n", smallText, largeText,
                ScaleShape.EVENTS_PER_DELEGATION, ScalePlan.LIVE_SESSIONS, ScaleShape.of(in.small()).largePartner()));

        md.append("### Hot paths\n\n");
        md.append(String.format(Locale.ROOT, "µs per call, the median of %d JMH runs (lowest-highest run), each run one fork per"
                + " benchmark, %s × 1 s warmup, %s × 1 s measured. Each operation calls both databases back to back, the order"
                + " swapped every call, and times each side: the ratio %s / %s is the sum of the large side's times over the"
                + " small side's in a run, calls made within microseconds of each other under the same load."
                + " Target: at most %.1f× in every run.%n%n",
                in.runs(), in.options().get("warmup"), in.options().get("measurement"), largeText, smallText, in.target()));
        md.append("| call | ").append(smallText).append(" delegations | ").append(largeText).append(" delegations | ratio | target |\n");
        md.append("| --- | ---: | ---: | ---: | --- |\n");
        int met = 0;
        for (String call : CALLS) {
            Map<Integer, List<Double>> byDb = in.times().getOrDefault(call, Map.of());
            Spread s = Spread.of(byDb.getOrDefault(in.small(), List.of()));
            Spread l = Spread.of(byDb.getOrDefault(in.large(), List.of()));
            Spread r = Spread.of(in.ratios().getOrDefault(call, List.of()));
            String verdict;
            if (!r.measured()) {
                verdict = "not measured";
            } else if (r.max() <= in.target()) {
                verdict = "met";
                met++;
            } else if (r.median() <= in.target()) {
                verdict = String.format(Locale.ROOT, "missed in the worst run, by %.0f%%", (r.max() / in.target() - 1) * 100);
            } else {
                verdict = String.format(Locale.ROOT, "missed, by %.0f%% (median)", (r.median() / in.target() - 1) * 100);
            }
            md.append("| `").append(describe(call)).append("` | ").append(s.value()).append(" | ").append(l.value()).append(" | ")
                    .append(r.ratio()).append(" | ").append(verdict).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%n%d of %d hot paths within %.1f× in every run.%n%n", met, CALLS.length, in.target()));
        md.append("The machine's 1-minute load while each JMH run lasted (sampled every 5 s; the machine has ")
                .append(Environment.cores()).append(" cores, shared with other work):\n\n");
        in.runLoads().forEach(line -> md.append("- ").append(line).append('\n'));
        md.append('\n');

        md.append("### Load time\n\n");
        md.append("| database | tenants | delegations | invitations | outbox | audit events | sessions | load | load steps | 1-minute load"
                + " before / after |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (Load load : in.loads()) {
            md.append("| ").append(String.format(Locale.ROOT, "%,d", load.delegations())).append(" delegations | ");
            if (load.result() == null) {
                md.append("found loaded | | | | | | | | |\n");
                continue;
            }
            for (String table : new String[] {"pd_tenant", "pd_delegation", "pd_invitation", "pd_outbox", "pd_audit_event",
                    "pd_session"}) {
                md.append(String.format(Locale.ROOT, "%,d", load.result().rows().getOrDefault(table, 0L))).append(" | ");
            }
            md.append(String.format(Locale.ROOT, "%.0f s | ", load.seconds()));
            List<String> steps = new ArrayList<>();
            load.result().seconds().forEach((step, sec) -> steps.add(String.format(Locale.ROOT, "%s %.1f s", step, sec)));
            md.append(String.join("; ", steps)).append(String.format(Locale.ROOT, " | %.2f / %.2f |%n", load.loadBefore(),
                    load.loadAfter()));
        }
        md.append('\n');

        md.append("### Table and index sizes\n\n");
        md.append("Rows as the statistics estimate them (`reltuples`, after `ANALYZE`); the heap is `pg_relation_size`, the indexes"
                + " `pg_indexes_size`, the total `pg_total_relation_size` (TOAST included), in MiB; before the benchmarks' logins.\n\n");
        Load smallLoad = in.loads().get(0);
        Load largeLoad = in.loads().get(in.loads().size() - 1);
        md.append("| table | rows (").append(smallText).append(") | heap | indexes | total | rows (").append(largeText)
                .append(") | heap | indexes | total |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String table : largeLoad.sizes().tables().keySet()) {
            long[] s = smallLoad.sizes().tables().getOrDefault(table, new long[4]);
            long[] l = largeLoad.sizes().tables().get(table);
            md.append("| `").append(table).append("` | ").append(String.format(Locale.ROOT, "%,d", s[0])).append(" | ")
                    .append(mib(s[1])).append(" | ").append(mib(s[2])).append(" | ").append(mib(s[3])).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", l[0])).append(" | ").append(mib(l[1])).append(" | ").append(mib(l[2]))
                    .append(" | ").append(mib(l[3])).append(" |\n");
        }
        md.append("\n| index | table | ").append(smallText).append(" | ").append(largeText).append(" |\n");
        md.append("| --- | --- | ---: | ---: |\n");
        for (Map.Entry<String, Object[]> index : largeLoad.sizes().indexes().entrySet()) {
            Object[] s = smallLoad.sizes().indexes().getOrDefault(index.getKey(), new Object[] {"", 0L});
            md.append("| `").append(index.getKey()).append("` | `").append(index.getValue()[0]).append("` | ")
                    .append(mib((Long) s[1])).append(" | ").append(mib((Long) index.getValue()[1])).append(" |\n");
        }
        md.append(why(in));
        md.append("\n### Plans\n\n");
        md.append("`EXPLAIN (ANALYZE, BUFFERS)` of the library's own statements (read from its classes), after the runs, with the"
                + " benchmarks' arguments: the session check of the first live session, and the first page of the large partner's"
                + " audit trail of the last 30 days, the latter as the first executions plan it (custom plan) and as a prepared"
                + " statement may plan it after five (`plan_cache_mode = force_generic_plan`).\n\n");
        in.plans().forEach((title, plan) -> md.append("<details><summary>").append(title).append("</summary>\n\n```\n")
                .append(plan.strip()).append("\n```\n\n</details>\n\n"));
        return md.toString();
    }

    /**
     * Why the paths that missed did: for those whose plans the report reads, what the plans show on
     * each size; for the others, that no plan was read.
     */
    static String why(Input in) {
        StringBuilder md = new StringBuilder();
        String smallText = String.format(Locale.ROOT, "%,d", in.small());
        String largeText = String.format(Locale.ROOT, "%,d", in.large());
        List<String> missed = new ArrayList<>();
        for (String call : CALLS) {
            Spread r = Spread.of(in.ratios().getOrDefault(call, List.of()));
            if (r.measured() && r.max() > in.target()) {
                missed.add(call);
            }
        }
        if (missed.isEmpty()) {
            return "";
        }
        md.append("\n### Why the misses\n\n");
        for (String call : missed) {
            String plan = call.equals("validateSession") ? "validateSession" : call.equals("auditPage") ? "audit page" : null;
            md.append("- `").append(describe(call)).append("`: ");
            if (plan == null) {
                md.append("the report reads no plan for it; see the spread of its ratio above.\n");
                continue;
            }
            String suffix = plan.equals("audit page") ? ", custom plan" : "";
            String smallPlan = in.plans().get(plan + ", " + smallText + " delegations" + suffix);
            String largePlan = in.plans().get(plan + ", " + largeText + " delegations" + suffix);
            if (smallPlan == null || largePlan == null) {
                md.append("its plans were not read.\n");
                continue;
            }
            Plans.Summary s = Plans.Summary.of(smallPlan);
            Plans.Summary l = Plans.Summary.of(largePlan);
            md.append(String.format(Locale.ROOT, "%s plan on both sizes. On %s delegations it ran in %.1f ms and touched %,d"
                            + " buffers, %,d of them read from outside PostgreSQL's shared buffers; on %s, %.1f ms and %,d buffers,"
                            + " %,d read from outside.", s.shape().equals(l.shape()) ? "the same" : "a different", smallText,
                    s.millis(), s.hit() + s.read(), s.read(), largeText, l.millis(), l.hit() + l.read(), l.read()));
            if (plan.equals("audit page") && largePlan.contains("pd_audit_event_by_delegation") && largePlan.contains("Rows Removed by Filter")) {
                md.append(" For each of the partner's delegations the statement reads every event of that delegation through"
                        + " `pd_audit_event_by_delegation (delegation_id, seq)` and drops those outside the 30 days by a filter:"
                        + " the time is not in that index, so a page costs the partner's whole trail, one heap page per event,"
                        + " scattered over the table in the order the events happened."
                        + (l.read() > 2 * s.read() + 100 ? " The small database's pages fit in the shared buffers; the large one's"
                        + " do not, so many of those pages are reads." : " Neither read much from outside the shared buffers:"
                        + " the difference is in the buffers touched.")
                        + " Not a plan regression (the"
                        + " plan is the one the statement was written for) and not fixable without a migration: an index that"
                        + " bounds the time within a delegation, `(delegation_id, occurred_at, seq)`, would read only the events of"
                        + " the range, and the partner on the event with an index `(partner, occurred_at, seq)` would read only the"
                        + " page. Reported to the lead; migrations are reserved.");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String describe(String call) {
        return switch (call) {
            case "validateSession" -> "validateSession";
            case "login" -> "loginToCustomer";
            case "firstPage" -> "listAccounts, first page";
            case "middlePage" -> "listAccounts, middle page";
            case "lastPage" -> "listAccounts, last page";
            case "auditPage" -> "auditTrailOfTenant, first page";
            default -> call;
        };
    }

    private static String mib(long bytes) {
        double m = bytes / (1024.0 * 1024.0);
        return m >= 100 ? String.format(Locale.ROOT, "%,.0f", m) : String.format(Locale.ROOT, "%.2f", m);
    }

    private static void log(String message) {
        System.err.println("[DataAtScaleReport] " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_TIME)
                + " " + message);
    }
}
