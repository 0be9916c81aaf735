package org.partnerdelegation.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.partnerdelegation.benchmarks.PostgresServer;
import org.partnerdelegation.benchmarks.report.ReportSections;

/**
 * The load run from the command line. Prints a progress line every 5 seconds and the summary; with
 * {@code --report}, writes the Markdown into that file's section (by default
 * {@code sustained-load}) through {@link ReportSections}. Without {@code --url} it starts the
 * benchmarks' embedded PostgreSQL and runs on a new database there. Exits with 1 when anything was
 * lost or went wrong, 2 on bad arguments.
 *
 * <pre>
 * java -cp "$(cat delegation-benchmarks/target/classpath.txt):delegation-benchmarks/target/classes" \
 *     org.partnerdelegation.benchmarks.load.LoadMain --nodes 2 --threads 3 --seconds 60
 * </pre>
 */
public final class LoadMain {

    private static final Set<String> OPTIONS = Set.of("--url", "--user", "--password", "--nodes", "--threads", "--seconds",
            "--pool", "--separate-jvms", "--smtp-port", "--smtp-host", "--report", "--section", "--customers", "--seed",
            "--command", "--failover");

    private LoadMain() {
    }

    /**
     * Runs the load as the arguments say.
     *
     * @param args {@code --url --user --password --nodes --threads --seconds --pool --separate-jvms --smtp-port
     *             --report <path> --section <name> --failover}
     * @throws IOException when the report cannot be written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> o;
        LoadRun.Builder builder;
        try {
            o = parse(args);
            builder = builder(o);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: LoadMain [--url jdbc:postgresql://... --user U --password P] [--nodes 2] [--threads 3]"
                    + " [--seconds 60] [--pool 4] [--separate-jvms] [--smtp-host H --smtp-port N] [--report docs/BENCHMARKS.md]"
                    + " [--section sustained-load] [--failover]");
            System.exit(2);
            return;
        }
        LoadReport report = o.containsKey("--failover")
                ? FailoverLoad.run(builder, Duration.ofSeconds(integer(o, "--seconds", 600)))
                : builder.build().run();
        System.out.println(report.summary());
        if (o.containsKey("--report")) {
            String section = o.getOrDefault("--section", "sustained-load");
            ReportSections.write(Path.of(o.get("--report")), section, markdown(report, o, args));
            System.out.println("Wrote section " + section + " of " + o.get("--report"));
        }
        System.exit(report.nothingLost() ? 0 : 1);
    }

    static LoadRun.Builder builder(Map<String, String> o) {
        LoadRun.Builder b = LoadRun.builder()
                .nodes(integer(o, "--nodes", 2))
                .threadsPerNode(integer(o, "--threads", 3))
                .poolSize(integer(o, "--pool", 4))
                .customersPerThread(integer(o, "--customers", 60))
                .duration(Duration.ofSeconds(integer(o, "--seconds", o.containsKey("--failover") ? 600 : 60)))
                .separateJvms(o.containsKey("--separate-jvms"))
                .seed(integer(o, "--seed", 1))
                .progress(System.out);
        if (o.containsKey("--failover")) {
            if (o.containsKey("--url")) {
                throw new IllegalArgumentException("--failover starts its own primary and standby: leave out --url");
            }
        } else if (o.containsKey("--url")) {
            b.jdbcUrl(o.get("--url"), o.getOrDefault("--user", "postgres"), o.getOrDefault("--password", ""))
                    .database("PostgreSQL at the given URL");
        } else {
            String url = PostgresServer.newDatabase("load_" + Long.toString(System.currentTimeMillis(), 36));
            b.jdbcUrl(url, PostgresServer.user(), PostgresServer.password())
                    .database("embedded PostgreSQL " + PostgresServer.version());
        }
        if (o.containsKey("--smtp-port")) {
            b.smtp(o.getOrDefault("--smtp-host", "127.0.0.1"), integer(o, "--smtp-port", 25));
        }
        return b;
    }

    static String markdown(LoadReport report, Map<String, String> o, String[] args) {
        String command = o.getOrDefault("--command", "java -cp delegation-benchmarks/target/benchmarks.jar org.partnerdelegation.benchmarks.load.LoadMain "
                + String.join(" ", redacted(args)));
        return "## Sustained load\n\nMeasured with `" + command + "` (how to build it: docs/guide/benchmarks.md, section Sustained load).\n\n"
                + report.toMarkdown();
    }

    private static List<String> redacted(String[] args) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            out.add(i > 0 && args[i - 1].equals("--password") ? "***" : args[i]);
        }
        return out;
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!OPTIONS.contains(a)) {
                throw new IllegalArgumentException("unknown option " + a);
            }
            if (a.equals("--separate-jvms") || a.equals("--failover")) {
                o.put(a, "true");
            } else if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            } else {
                o.put(a, args[++i]);
            }
        }
        return o;
    }

    private static int integer(Map<String, String> o, String name, int otherwise) {
        String v = o.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, got " + v.toLowerCase(Locale.ROOT));
        }
    }
}
