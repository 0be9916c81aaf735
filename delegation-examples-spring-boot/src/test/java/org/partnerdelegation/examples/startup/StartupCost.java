package org.partnerdelegation.examples.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.partnerdelegation.examples.startup.bare.BareHostApplication;

/**
 * What the starter costs a Spring Boot host at start, in one run: the bare host
 * ({@link BareHostApplication}: web, security, JDBC on H2) and the same host with the starter
 * ({@code StarterHostApplication}), each started several times in a fresh JVM, alternately, after
 * one discarded start of each; reported as the median (min-max) of Spring Boot's own "Started ...
 * in N seconds" and of the JVM's uptime when the application was ready, with the entries of each
 * class path. Run by {@code delegation-examples-spring-boot/startup-cost.sh}, which lists the class
 * paths; the arguments are {@code <runs> <test-classes> <bare.classpath> <starter.classpath>}.
 */
public final class StartupCost {

    private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds");
    private static final Pattern READY = Pattern.compile(Pattern.quote(BareHostApplication.READY) + "(\\d+) ms");
    private static final List<String> ARGS = List.of("--server.port=0", "--spring.main.banner-mode=off",
            "--spring.datasource.url=jdbc:h2:mem:startup", "--spring.datasource.username=sa");

    private StartupCost() {
    }

    /** One host to measure: its main class and class path. */
    private record Host(String name, String mainClass, List<String> classPath) {

        long jars() {
            return classPath.stream().filter(e -> e.endsWith(".jar")).count();
        }

        long directories() {
            return classPath.size() - jars();
        }
    }

    /** One start: Boot's "Started in" and the JVM's uptime when ready, both in milliseconds. */
    private record Start(long startedInMillis, long readyAtUptimeMillis) {
    }

    /**
     * Measures and prints the report.
     *
     * @param args the number of starts of each host, the test classes directory, and the files listing the bare
     *             host's and the starter's class paths
     * @throws Exception when a host fails to start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("Usage: StartupCost <runs> <test-classes> <bare.classpath> <starter.classpath>");
        }
        int runs = Integer.parseInt(args[0]);
        String testClasses = args[1];
        List<String> bare = read(Path.of(args[2]));
        List<String> withStarter = union(bare, read(Path.of(args[3])));
        Host bareHost = new Host("bare host (web, security, JDBC, H2)", BareHostApplication.class.getName(), bare);
        Host starterHost = new Host("the same host with the starter", "org.partnerdelegation.examples.startup.starter.StarterHostApplication",
                withStarter);
        double loadBefore = loadAverage();
        Map<Host, List<Start>> starts = new java.util.LinkedHashMap<>();
        starts.put(bareHost, new ArrayList<>());
        starts.put(starterHost, new ArrayList<>());
        for (Host host : starts.keySet()) {
            start(host, testClasses); // the first start of each fills the file cache; not counted
        }
        for (int i = 0; i < runs; i++) {
            for (Map.Entry<Host, List<Start>> host : starts.entrySet()) {
                host.getValue().add(start(host.getKey(), testClasses));
            }
        }
        System.out.println();
        System.out.println("| host | class path: jars (+ module directories) | Boot's \"Started in\", median (min-max) | ready, JVM uptime, median (min-max) |");
        System.out.println("| --- | --- | --- | --- |");
        for (Map.Entry<Host, List<Start>> host : starts.entrySet()) {
            Host h = host.getKey();
            System.out.printf("| %s | %d%s | %s | %s |%n", h.name(), h.jars(), h.directories() > 0 ? " (+ " + h.directories() + ")" : "",
                    spread(host.getValue().stream().map(Start::startedInMillis).toList()),
                    spread(host.getValue().stream().map(Start::readyAtUptimeMillis).toList()));
        }
        System.out.printf("%n%d starts of each host, alternately, each in a fresh JVM (Java %s, %d processors), after one uncounted"
                        + " start of each; load average %.1f before, %.1f after (a start is CPU-bound: compare figures taken at a similar load).%n",
                runs, Runtime.version(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static Start start(Host host, String testClasses) throws IOException, InterruptedException {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaCommand, "-cp",
                testClasses + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator, host.classPath()), host.mainClass()));
        command.addAll(ARGS);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Long startedIn = null;
        Long readyAt = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                Matcher started = STARTED.matcher(line);
                if (started.find()) {
                    startedIn = Math.round(Double.parseDouble(started.group(1)) * 1000);
                }
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    readyAt = Long.parseLong(ready.group(1));
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || startedIn == null || readyAt == null) {
            throw new IllegalStateException("The " + host.name() + " did not start (exit " + exit + "):\n" + output);
        }
        System.out.printf("%s: started in %d ms, ready at %d ms of uptime%n", host.name(), startedIn, readyAt);
        return new Start(startedIn, readyAt);
    }

    private static String spread(List<Long> millis) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return String.format("%.2f s (%.2f-%.2f)", median / 1000, sorted[0] / 1000.0, sorted[n - 1] / 1000.0);
    }

    private static List<String> read(Path classPathFile) {
        try {
            return Arrays.stream(Files.readString(classPathFile).strip().split(java.io.File.pathSeparator))
                    .filter(e -> !e.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the class path listed in " + classPathFile, e);
        }
    }

    /**
     * The bare class path and the starter's, each entry once. Both come from the same managed versions; an
     * artifact listed at two versions would make the comparison unfair, so it stops the run.
     */
    private static List<String> union(List<String> bare, List<String> starter) {
        Set<String> all = new LinkedHashSet<>(bare);
        all.addAll(starter);
        Map<String, List<String>> byArtifact = new TreeMap<>();
        for (String entry : all) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && path.getNameCount() >= 3) {
                // ~/.m2/repository/<group path>/<artifactId>/<version>/<file>.jar
                String artifact = path.getParent().getParent().toString();
                byArtifact.computeIfAbsent(artifact, k -> new ArrayList<>()).add(entry);
            }
        }
        String conflicts = byArtifact.values().stream().filter(v -> v.size() > 1).map(Object::toString).collect(Collectors.joining("\n"));
        if (!conflicts.isEmpty()) {
            throw new IllegalStateException("The two class paths hold different versions of:\n" + conflicts);
        }
        return List.copyOf(all);
    }
}
