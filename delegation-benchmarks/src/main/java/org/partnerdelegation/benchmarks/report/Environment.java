package org.partnerdelegation.benchmarks.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on: the machine, its load, the JVM, the databases and the library's commit. */
final class Environment {

    private Environment() {
    }

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String memory() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return String.format("%.1f GiB", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
    }

    /** The 1-minute load average: other processes competing for the cores make every figure slower and noisier. */
    static String load() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format("%.2f", load);
    }

    /**
     * One wait for a quiet machine before a run.
     *
     * @param run      which run it preceded
     * @param waited   how long it waited
     * @param load     the 1-minute load average when the run started (NaN if unknown)
     * @param timedOut whether it gave up waiting and ran on a busy machine
     */
    record QuietWait(String run, java.time.Duration waited, double load, boolean timedOut) {
    }

    /**
     * Waits until the 1-minute load average is at most {@code maxLoad}, polling every 15 s, for
     * at most {@code timeout}; then goes on either way and says which. A run on a machine other
     * processes are using measures them too: the figures of issue 22's report, taken at load 2.0
     * on two cores, had spreads wider than their means.
     */
    static QuietWait waitForQuiet(String run, double maxLoad, java.time.Duration timeout) {
        long start = System.nanoTime();
        double load = loadAverage();
        while (load > maxLoad && System.nanoTime() - start < timeout.toNanos()) {
            System.err.printf(java.util.Locale.ROOT, "[BenchmarkReport] %s: load %.2f > %.2f, waiting%n", run, load, maxLoad);
            try {
                Thread.sleep(Math.max(1, Math.min(15_000, (timeout.toNanos() - (System.nanoTime() - start)) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            load = loadAverage();
        }
        QuietWait wait = new QuietWait(run, java.time.Duration.ofNanos(System.nanoTime() - start), load, load > maxLoad);
        System.err.printf(java.util.Locale.ROOT, "[BenchmarkReport] %s: starting at load %.2f after waiting %d s%s%n", run, load,
                wait.waited().toSeconds(), wait.timedOut() ? " (gave up waiting for a quiet machine)" : "");
        return wait;
    }

    /** The 1-minute load average from /proc/loadavg, or the JVM's view of it elsewhere; NaN if neither knows. */
    static double loadAverage() {
        try {
            String line = Files.readString(Path.of("/proc/loadavg")).trim();
            return Double.parseDouble(line.substring(0, line.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load < 0 ? Double.NaN : load;
        }
    }

    static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.vendor") + ")";
    }

    static String jvmOptions() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        return args.isEmpty() ? "none (defaults: G1, heap a quarter of the memory)" : String.join(" ", args);
    }

    static String h2Version() {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:version", "sa", "")) {
            return c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** The commit the library was built from, and whether its working tree had changes on top. */
    static String commit() {
        String head = git("rev-parse", "--short", "HEAD");
        if (head.isEmpty()) {
            return "unknown";
        }
        String changes = git("status", "--porcelain", "--", "delegation-core", "delegation-jdbi");
        return head + (changes.isEmpty() ? "" : " with uncommitted changes to delegation-core or delegation-jdbi");
    }

    private static String git(String... args) {
        try {
            Process p = new ProcessBuilder(concat("git", args)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
