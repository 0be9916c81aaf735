package org.partnerdelegation.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.BenchmarkStorage;
import org.partnerdelegation.benchmarks.counting.Counts;
import org.partnerdelegation.benchmarks.report.CallCounts.UseCase;
import org.partnerdelegation.benchmarks.report.JmhSuite.Figure;
import org.partnerdelegation.benchmarks.report.JmhSuite.Key;

/**
 * The performance targets of the library (issue 22's among them), each checked against the
 * figures of a report. A timed target counts as met only when the whole spread across the runs
 * meets it: the worst run, not the median; a missed one says by how much.
 */
final class Targets {

    /**
     * One target checked.
     *
     * @param target  what is asked
     * @param figures the figures it was checked on, and by how much it was missed
     * @param met     whether they meet it (false when a figure is missing)
     */
    record Check(String target, String figures, boolean met) {
    }

    private static final String LIB = BenchmarkStorage.LIBRARY;
    private static final String FLOOR = BenchmarkStorage.FLOOR;
    private static final String PG = BenchmarkDatabase.POSTGRESQL;
    private static final String H2 = BenchmarkDatabase.H2;
    private static final String ADD_DELETE = "CustomerAccountBenchmark.addThenDelete";
    private static final String ACCEPT = "AcceptInvitationBenchmark.accept";

    private Targets() {
    }

    static List<Check> check(Map<Key, List<Figure>> figures, Map<String, Map<String, Map<String, Counts.PerCall>>> counts,
                             GrowthRun.Result growth) {
        List<Check> checks = new ArrayList<>();
        checks.add(ratioToFloor(figures, PG, 1.15, "addCustomerAccount + deleteAccount", row -> row.benchmark().equals(ADD_DELETE)));
        checks.add(floorStatements(counts, UseCase.ADD, "addCustomerAccount"));
        checks.add(floorStatements(counts, UseCase.DELETE, "deleteAccount"));
        checks.add(ratioToFloor(figures, PG, 1.25, "acceptInvitation", row -> row.benchmark().equals(ACCEPT)));
        checks.add(acceptStatements(counts));
        checks.add(allocationToFloor(figures, PG, ADD_DELETE, 1.5));
        checks.add(ratioToFloor(figures, PG, 1.25, "every other use case", row -> !row.benchmark().equals(ADD_DELETE)));
        checks.add(ratioToFloor(figures, H2, 1.2, "list pages, validateSession and add + delete",
                row -> row.benchmark().startsWith("ListAccountsBenchmark") || row.benchmark().startsWith("ValidateSessionBenchmark")
                        || row.benchmark().equals(ADD_DELETE)));
        checks.add(ratioToFloor(figures, H2, 1.5, "every other use case",
                row -> row.benchmark().equals(ReportRow.LOGIN) || row.benchmark().equals(ACCEPT)));
        checks.add(growth(growth));
        checks.add(validateSessionStatements(counts));
        checks.add(validateSessionAllocation(figures));
        checks.add(oneTransaction(counts));
        checks.add(loginRoundTrips(counts));
        checks.add(depth(figures));
        Spread one = score(figures, new Key("MemoryThroughputBenchmark.oneThread", "", "", ""));
        Spread two = score(figures, new Key("MemoryThroughputBenchmark.twoThreads", "", "", ""));
        checks.add(new Check("in-memory validateSession at least 2,000,000 calls/s on one thread (slowest run)",
                !one.measured() ? "not measured" : String.format(Locale.ROOT, "%,.0f calls/s (%,.0f-%,.0f)", one.median(), one.min(),
                        one.max()) + (one.min() >= 2_000_000 ? "" : String.format(Locale.ROOT, "; missed by %,.0f calls/s",
                        2_000_000 - one.min())),
                one.measured() && one.min() >= 2_000_000));
        Spread scaling = ratio(figures, new Key("MemoryThroughputBenchmark.twoThreads", "", "", ""),
                new Key("MemoryThroughputBenchmark.oneThread", "", "", ""));
        checks.add(new Check("in-memory validateSession with two threads at least 1.6× one thread (every run)",
                !one.measured() || !two.measured() ? "not measured" : scaling.ratio() + (scaling.min() >= 1.6 ? ""
                        : String.format(Locale.ROOT, "; missed by %.2f×", 1.6 - scaling.min())),
                scaling.measured() && scaling.min() >= 1.6));
        return checks;
    }

    static Counts.PerCall perCall(Map<String, Map<String, Map<String, Counts.PerCall>>> counts, String storage, String useCase,
                                  String impl) {
        return counts.getOrDefault(storage, Map.of()).getOrDefault(useCase, Map.of()).get(impl);
    }

    /** The benchmark's score in each run. */
    static Spread score(Map<Key, List<Figure>> figures, Key key) {
        return Spread.of(figures.getOrDefault(key, List.of()).stream().map(Figure::score).toList());
    }

    /** The allocation per call in each run. */
    static Spread alloc(Map<Key, List<Figure>> figures, Key key) {
        return Spread.of(figures.getOrDefault(key, List.of()).stream().map(Figure::allocBytes).toList());
    }

    /** {@code a / b} within each run (both measured in the same run, under the same load), across the runs. */
    static Spread ratio(Map<Key, List<Figure>> figures, Key a, Key b) {
        return pairwise(figures, a, b, Figure::score);
    }

    static Spread pairwise(Map<Key, List<Figure>> figures, Key a, Key b, java.util.function.ToDoubleFunction<Figure> what) {
        List<Figure> as = figures.getOrDefault(a, List.of());
        List<Figure> bs = figures.getOrDefault(b, List.of());
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(as.size(), bs.size()); i++) {
            ratios.add(what.applyAsDouble(as.get(i)) / what.applyAsDouble(bs.get(i)));
        }
        return Spread.of(ratios);
    }

    private static Check ratioToFloor(Map<Key, List<Figure>> figures, String storage, double most, String which,
                                      java.util.function.Predicate<ReportRow> rows) {
        List<String> over = new ArrayList<>();
        double worst = 0;
        String worstRow = "";
        int measured = 0;
        int asked = 0;
        for (ReportRow row : ReportRow.ALL) {
            if (!rows.test(row)) {
                continue;
            }
            asked++;
            Spread r = ratio(figures, new Key(row.benchmark(), storage, LIB, row.customers()),
                    new Key(row.benchmark(), storage, FLOOR, row.customers()));
            if (!r.measured()) {
                continue;
            }
            measured++;
            if (r.max() > most) {
                over.add(String.format(Locale.ROOT, "%s %s, missed by %.2f×", row.label(), r.ratio(), r.max() - most));
            }
            if (r.max() > worst) {
                worst = r.max();
                worstRow = row.label() + " " + r.ratio();
            }
        }
        String what = which + " at most " + most + "× its floor on " + (storage.equals(PG) ? "PostgreSQL" : "H2")
                + " (every run)";
        if (measured < asked || asked == 0) {
            return new Check(what, "measured " + measured + " of " + asked, false);
        }
        return new Check(what, over.isEmpty() ? "worst " + worstRow : over.size() + " over: " + String.join("; ", over), over.isEmpty());
    }

    private static Check floorStatements(Map<String, Map<String, Map<String, Counts.PerCall>>> counts, String useCase, String name) {
        String what = name + " on PostgreSQL in no more statements than its floor";
        Counts.PerCall lib = perCall(counts, PG, useCase, LIB);
        Counts.PerCall floor = perCall(counts, PG, useCase, FLOOR);
        if (lib == null || floor == null) {
            return new Check(what, "not counted", false);
        }
        boolean met = lib.statements() <= floor.statements();
        return new Check(what, ReportWriter.number(lib.statements()) + " / " + ReportWriter.number(floor.statements())
                + (met ? "" : "; missed by " + ReportWriter.number(lib.statements() - floor.statements())), met);
    }

    private static Check acceptStatements(Map<String, Map<String, Map<String, Counts.PerCall>>> counts) {
        String what = "acceptInvitation at most 4 statements on PostgreSQL";
        Counts.PerCall lib = perCall(counts, PG, UseCase.ACCEPT, LIB);
        if (lib == null) {
            return new Check(what, "not counted", false);
        }
        boolean met = lib.statements() <= 4;
        return new Check(what, ReportWriter.number(lib.statements()) + " statements"
                + (met ? "" : "; missed by " + ReportWriter.number(lib.statements() - 4)), met);
    }

    private static Check allocationToFloor(Map<Key, List<Figure>> figures, String storage, String benchmark, double most) {
        String what = "allocation per addCustomerAccount + deleteAccount at most " + most + "× its floor's on PostgreSQL (every run)";
        Spread r = pairwise(figures, new Key(benchmark, storage, LIB, ""), new Key(benchmark, storage, FLOOR, ""), Figure::allocBytes);
        if (!r.measured()) {
            return new Check(what, "not measured", false);
        }
        Spread lib = alloc(figures, new Key(benchmark, storage, LIB, ""));
        Spread floor = alloc(figures, new Key(benchmark, storage, FLOOR, ""));
        boolean met = r.max() <= most;
        return new Check(what, String.format(Locale.ROOT, "%.1f / %.1f KB, %s", lib.median() / 1024, floor.median() / 1024, r.ratio())
                + (met ? "" : String.format(Locale.ROOT, "; missed by %.2f×", r.max() - most)), met);
    }

    private static Check growth(GrowthRun.Result growth) {
        String what = "young database: the library's last 1,000 adds at most 1.1× its first 1,000 (4,000 adds, no ANALYZE)";
        if (growth == null || growth.blocks().size() < 2) {
            return new Check(what, "not run", false);
        }
        GrowthRun.Block first = growth.blocks().get(0);
        GrowthRun.Block last = growth.blocks().get(growth.blocks().size() - 1);
        double ratio = last.libraryMicros() / first.libraryMicros();
        boolean met = ratio <= 1.1;
        return new Check(what, String.format(Locale.ROOT, "%.2f× over %,d adds in blocks of %,d", ratio, last.last(),
                last.last() - last.first() + 1) + (met ? "" : String.format(Locale.ROOT, "; missed by %.2f×", ratio - 1.1)), met);
    }

    private static Check validateSessionStatements(Map<String, Map<String, Map<String, Counts.PerCall>>> counts) {
        List<String> seen = new ArrayList<>();
        boolean met = true;
        for (String storage : List.of(PG, H2)) {
            for (String useCase : List.of(UseCase.VALID_SESSION, UseCase.UNKNOWN_SESSION)) {
                Counts.PerCall c = perCall(counts, storage, useCase, LIB);
                if (c == null) {
                    return new Check("validateSession one statement, no transaction", "not measured", false);
                }
                met &= c.statements() == 1 && c.transactions() == 0;
                seen.add(String.format(Locale.ROOT, "%s %s: %s statements, %s transactions", storage,
                        useCase.equals(UseCase.VALID_SESSION) ? "valid" : "unknown", ReportWriter.number(c.statements()),
                        ReportWriter.number(c.transactions())));
            }
        }
        return new Check("validateSession one statement and no transaction on the Jdbi storage", String.join("; ", seen), met);
    }

    private static Check validateSessionAllocation(Map<Key, List<Figure>> figures) {
        Spread valid = alloc(figures, new Key(ReportRow.VALID_TOKEN, H2, LIB, ""));
        Spread unknown = alloc(figures, new Key(ReportRow.UNKNOWN_TOKEN, H2, LIB, ""));
        String what = "validateSession under 16 KB allocated per call on H2 (every run)";
        if (!valid.measured() || !unknown.measured()) {
            return new Check(what, "not measured", false);
        }
        double worst = Math.max(valid.max(), unknown.max());
        return new Check(what, String.format(Locale.ROOT, "valid %.1f KB, unknown %.1f KB (worst run %.1f KB)", valid.median() / 1024,
                unknown.median() / 1024, worst / 1024), worst < 16 * 1024);
    }

    private static Check oneTransaction(Map<String, Map<String, Map<String, Counts.PerCall>>> counts) {
        List<String> over = new ArrayList<>();
        int seen = 0;
        for (String storage : List.of(PG, H2)) {
            for (String useCase : CallCounts.USE_CASES) {
                Counts.PerCall c = perCall(counts, storage, useCase, LIB);
                if (c != null) {
                    seen++;
                    if (c.transactions() > 1) {
                        over.add(storage + " " + useCase + " " + ReportWriter.number(c.transactions()));
                    }
                }
            }
        }
        String what = "every use case in one transaction at most";
        if (seen < 2 * CallCounts.USE_CASES.size()) {
            return new Check(what, "counted " + seen + " of " + 2 * CallCounts.USE_CASES.size(), false);
        }
        return new Check(what, over.isEmpty() ? "none over one" : String.join("; ", over), over.isEmpty());
    }

    private static Check loginRoundTrips(Map<String, Map<String, Map<String, Counts.PerCall>>> counts) {
        Counts.PerCall login = perCall(counts, PG, UseCase.LOGIN, LIB);
        // Was 3: the login limits read the user's recent sessions once the delegation is locked (issue 17).
        String what = "loginToCustomer at most 4 round trips to PostgreSQL, commit included";
        return login == null ? new Check(what, "not measured", false)
                : new Check(what, ReportWriter.number(login.roundTrips()) + " round trips", login.roundTrips() <= 4);
    }

    private static Check depth(Map<Key, List<Figure>> figures) {
        List<String> seen = new ArrayList<>();
        boolean met = true;
        for (String storage : List.of(PG, H2)) {
            for (String page : List.of(ReportRow.MIDDLE_PAGE, ReportRow.LAST_PAGE)) {
                Spread r = ratio(figures, new Key(page, storage, LIB, "100000"), new Key(ReportRow.FIRST_PAGE, storage, LIB, "100000"));
                if (!r.measured()) {
                    return new Check("listAccounts middle and last page at most 1.2× the first", "not measured", false);
                }
                met &= r.max() <= 1.2;
                seen.add(storage + " " + (page.endsWith("middlePage") ? "middle" : "last") + " " + r.ratio());
            }
        }
        return new Check("listAccounts middle and last page of 100,000 at most 1.2× the first page (every run)",
                String.join("; ", seen), met);
    }
}
