package org.partnerdelegation.benchmarks.report;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.partnerdelegation.benchmarks.PostgresServer;

/**
 * One JMH run of every benchmark of this module (library and floor side by side), one fork each,
 * with the GC profiler for the allocation per call; the report makes several runs, each after
 * waiting for a quiet machine, and gives each figure across them. The forks use the PostgreSQL
 * server this process started, so that they share the databases loaded once.
 */
final class JmhSuite {

    /**
     * How long JMH measures.
     *
     * @param warmups      warmup iterations of one second
     * @param measurements measured iterations of one second
     * @param runs         separate JMH runs, each one fork per benchmark
     * @param include      the benchmarks to run (JMH's regular expression on their names)
     */
    record Settings(int warmups, int measurements, int runs, String include) {
    }

    /**
     * One benchmark's figures.
     *
     * @param score      the mean over the measured iterations of one run, in {@code unit}
     * @param error      JMH's 99.9% confidence half-width; NaN with fewer than two iterations
     * @param unit       {@code us/op} or {@code ops/s}
     * @param allocBytes bytes allocated per operation (gc.alloc.rate.norm), NaN if not measured
     * @param madeInCalls consumables made inside the measured calls (see {@code Shortfall}), 0 where none
     */
    record Figure(double score, double error, String unit, double allocBytes, double madeInCalls) {
    }

    /**
     * Which benchmark: its class and method, and its parameters ({@code ""} where it has none).
     *
     * @param benchmark {@code Class.method}
     * @param storage   the storage parameter
     * @param impl      the implementation parameter
     * @param customers the customers parameter
     */
    record Key(String benchmark, String storage, String impl, String customers) {
    }

    private JmhSuite() {
    }

    /** One run: every benchmark, one fork each. */
    static Map<Key, Figure> run(Settings settings, String resultFile) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(settings.include())
                .forks(1)
                .warmupIterations(settings.warmups())
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(settings.measurements())
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-D" + PostgresServer.PORT_PROPERTY + "=" + PostgresServer.port())
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(resultFile);
        // JMH refuses to start while another JMH run holds its lock file. On a shared machine a second run
        // (someone's single benchmark) only makes the figures noisier, which the report's load average shows;
        // refusing would lose the whole report.
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<Key, Figure> figures = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String[] parts = name.split("\\.");
            Key key = new Key(parts[parts.length - 2] + "." + parts[parts.length - 1], param(r, "storage"), param(r, "impl"),
                    param(r, "customers"));
            Result<?> primary = r.getPrimaryResult();
            double alloc = Optional.<Result<?>>ofNullable(r.getSecondaryResults().get("gc.alloc.rate.norm")).map(Result::getScore).orElse(Double.NaN);
            double made = Optional.<Result<?>>ofNullable(r.getSecondaryResults().get("madeInMeasuredCalls")).map(Result::getScore)
                    .orElse(0.0);
            figures.put(key, new Figure(primary.getScore(), primary.getScoreError(), primary.getScoreUnit(), alloc, made));
        }
        return figures;
    }

    private static String param(RunResult r, String name) {
        return r.getParams().getParamsKeys().contains(name) ? r.getParams().getParam(name) : "";
    }
}
