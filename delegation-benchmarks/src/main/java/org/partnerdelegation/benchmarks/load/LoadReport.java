package org.partnerdelegation.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link LoadRun} measured and found: per call kind the calls, throughput and latency of
 * the acknowledged ones; the calls refused ({@code STORAGE_UNAVAILABLE}), in doubt
 * ({@code OUTCOME_UNKNOWN}), failed with a raw exception, or answered wrongly; the write outage;
 * and the invariant checks run at the end on a fresh connection. Immutable and thread-safe.
 *
 * @param setup          the run's settings, as a sentence
 * @param elapsed        how long the load ran
 * @param calls          per call kind, in the order of {@link Call}
 * @param refused        calls refused with {@code STORAGE_UNAVAILABLE}, all kinds
 * @param inDoubt        calls answered {@code OUTCOME_UNKNOWN}, retries included
 * @param loginsInDoubt  logins in doubt: each may have stored a session nobody holds
 * @param unresolved     entities whose last write was still in doubt at the end, left out of the checks
 * @param rawExceptions  calls failed with anything but a {@code DelegationException}: bugs
 * @param wrongAnswers   answers contradicting what an acknowledged call established
 * @param writeOutage    from the first refused or in-doubt write to the first acknowledged write after it; empty
 *                       when no write failed, or none succeeded after
 * @param outageBegan    when the outage began, from the run's start
 * @param refusedInOutage calls refused during the outage
 * @param longestWriteGap the longest time between two acknowledged writes, all threads together: a failover that
 *                       no call saw fail (the pool waited for the new primary) still shows here
 * @param writeGapBegan  when that gap began, from the run's start
 * @param checks         the invariant checks
 * @param samples        the first raw exceptions and wrong answers, as the journal has them
 * @param events         what happened at set times (a primary killed, a standby promoted), with its offset
 * @param load           the machine's 1-minute load average during the run: mean and max of samples every 5 s
 * @param notes          further figures measured alongside (replication lag), as Markdown lines
 */
public record LoadReport(String setup, Duration elapsed, List<CallFigures> calls, long refused, long inDoubt, long loginsInDoubt,
                         long unresolved, long rawExceptions, long wrongAnswers, Optional<Duration> writeOutage,
                         Optional<Duration> outageBegan, long refusedInOutage, Duration longestWriteGap,
                         Duration writeGapBegan, List<Check> checks, List<String> samples,
                         List<String> events, LoadAverage load, List<String> notes) {

    /** Copies the lists. */
    public LoadReport {
        Objects.requireNonNull(setup, "setup");
        calls = List.copyOf(calls);
        checks = List.copyOf(checks);
        samples = List.copyOf(samples);
        events = List.copyOf(events);
        notes = List.copyOf(notes);
    }

    /**
     * The figures of one call kind.
     *
     * @param call     the call
     * @param calls    how many were made
     * @param ok       how many were acknowledged
     * @param refused  refused with {@code STORAGE_UNAVAILABLE}
     * @param inDoubt  answered {@code OUTCOME_UNKNOWN}
     * @param business refused for a business reason, by code (a stale invitation link, say)
     * @param raw      failed with a raw exception
     * @param wrong    answered wrongly
     * @param perSecond acknowledged calls per second of the run
     * @param p50Micros median latency of the acknowledged calls, µs
     * @param p99Micros 99th percentile, µs
     */
    public record CallFigures(Call call, long calls, long ok, long refused, long inDoubt, Map<String, Long> business, long raw,
                              long wrong, double perSecond, double p50Micros, double p99Micros) {
        /** Copies the map. */
        public CallFigures {
            business = Map.copyOf(business);
        }
    }

    /**
     * One invariant checked at the end.
     *
     * @param name       what is checked
     * @param checked    how many rows or writes were looked at
     * @param violations how many broke it
     * @param detail     a breakdown, or the first violations
     */
    public record Check(String name, long checked, long violations, String detail) {
    }

    /**
     * The machine's 1-minute load average while the load ran.
     *
     * @param mean the mean of the samples
     * @param max  the largest sample
     * @param cores the processors the JVM saw
     */
    public record LoadAverage(double mean, double max, int cores) {
    }

    /** {@return whether nothing was lost and nothing went wrong: no raw exception, no wrong answer, every check held} */
    public boolean nothingLost() {
        return rawExceptions == 0 && wrongAnswers == 0 && checks.stream().allMatch(c -> c.violations() == 0);
    }

    /** {@return acknowledged writes the checks did not find, as they counted them} */
    public long lostWrites() {
        return checks.stream().filter(c -> c.name().startsWith("acknowledged")).mapToLong(Check::violations).sum();
    }

    /** {@return the total of calls made} */
    public long totalCalls() {
        return calls.stream().mapToLong(CallFigures::calls).sum();
    }

    /** {@return the report as Markdown: the figures table, the outage, the checks} */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append(setup).append(". Ran ").append(seconds(elapsed)).append(" s; 1-minute load average ")
                .append(fmt(load.mean())).append(" mean, ").append(fmt(load.max())).append(" max, on ")
                .append(load.cores()).append(" cores.\n\n");
        md.append("| call | calls | ok | calls/s | p50 ms | p99 ms | refused | in doubt | business refusals | raw | wrong |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n");
        for (CallFigures f : calls) {
            if (f.calls() == 0) {
                continue;
            }
            md.append("| ").append(f.call().name().toLowerCase(Locale.ROOT)).append(" | ").append(f.calls()).append(" | ")
                    .append(f.ok()).append(" | ").append(fmt(f.perSecond())).append(" | ").append(ms(f.p50Micros()))
                    .append(" | ").append(ms(f.p99Micros())).append(" | ").append(f.refused()).append(" | ").append(f.inDoubt())
                    .append(" | ").append(f.business().isEmpty() ? "" : f.business().toString().replace("=", ": ").replace("{", "")
                            .replace("}", "")).append(" | ").append(f.raw()).append(" | ").append(f.wrong()).append(" |\n");
        }
        md.append("\n");
        md.append("- Calls: ").append(totalCalls()).append("; refused (`STORAGE_UNAVAILABLE`): ").append(refused)
                .append("; in doubt (`OUTCOME_UNKNOWN`): ").append(inDoubt).append(" (logins among them: ").append(loginsInDoubt)
                .append("; still unresolved at the end: ").append(unresolved).append("); raw exceptions: ").append(rawExceptions)
                .append("; wrong answers: ").append(wrongAnswers).append("; acknowledged writes lost: ").append(lostWrites())
                .append(".\n");
        md.append("- Write outage: ").append(writeOutage.map(d -> seconds(d) + " s (from " + seconds(outageBegan.orElseThrow())
                + " s into the run), " + refusedInOutage + " calls refused in it").orElse(outageBegan.isPresent()
                ? "began at " + seconds(outageBegan.get()) + " s and no write succeeded after it" : "none")).append(".\n");
        md.append("- Longest time without an acknowledged write: ").append(seconds(longestWriteGap)).append(" s, from ")
                .append(seconds(writeGapBegan)).append(" s into the run.\n");
        for (String e : events) {
            md.append("- Event: ").append(e).append(".\n");
        }
        for (String n : notes) {
            md.append("- ").append(n).append("\n");
        }
        md.append("\n| invariant, checked at the end on a fresh connection | checked | violations | detail |\n");
        md.append("| --- | ---: | ---: | --- |\n");
        for (Check c : checks) {
            md.append("| ").append(c.name()).append(" | ").append(c.checked()).append(" | ").append(c.violations()).append(" | ")
                    .append(c.detail().replace("|", "\\|")).append(" |\n");
        }
        if (!samples.isEmpty()) {
            md.append("\nFirst problems:\n\n");
            samples.forEach(s -> md.append("- ").append(s.replace("|", "\\|")).append("\n"));
        }
        return md.toString();
    }

    /** {@return a plain-text summary of a few lines} */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(setup).append(", ").append(seconds(elapsed)).append(" s, load ").append(fmt(load.mean())).append(" (max ")
                .append(fmt(load.max())).append(")\n");
        for (CallFigures f : calls) {
            if (f.calls() > 0) {
                s.append(String.format(Locale.ROOT, "  %-18s %8d calls %9.1f/s  p50 %7s ms  p99 %7s ms%n",
                        f.call().name().toLowerCase(Locale.ROOT), f.calls(), f.perSecond(), ms(f.p50Micros()), ms(f.p99Micros())));
            }
        }
        s.append("  refused ").append(refused).append(", in doubt ").append(inDoubt).append(" (unresolved ").append(unresolved)
                .append("), raw exceptions ").append(rawExceptions).append(", wrong answers ").append(wrongAnswers)
                .append(", lost writes ").append(lostWrites()).append('\n');
        s.append("  write outage ").append(writeOutage.map(d -> seconds(d) + " s, " + refusedInOutage + " refused in it")
                .orElse("none")).append("; longest time without an acknowledged write ").append(seconds(longestWriteGap))
                .append(" s from ").append(seconds(writeGapBegan)).append(" s\n");
        events.forEach(e -> s.append("  event: ").append(e).append('\n'));
        for (Check c : checks) {
            s.append("  ").append(c.violations() == 0 ? "ok   " : "FAIL ").append(c.name()).append(": ").append(c.checked())
                    .append(" checked, ").append(c.violations()).append(" violations").append(c.detail().isEmpty() ? "" : " (" + c.detail() + ")")
                    .append('\n');
        }
        samples.forEach(x -> s.append("  ! ").append(x).append('\n'));
        return s.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    private static String ms(double micros) {
        return String.format(Locale.ROOT, micros >= 10_000 ? "%.0f" : "%.2f", micros / 1000.0);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
