package org.partnerdelegation.benchmarks.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the calls of one node answered, per {@link Call}: counts per outcome and a histogram of
 * the latencies of the acknowledged ones. Latency buckets grow by 4 %, from 1 µs to beyond two
 * minutes, so that a percentile is within 4 % of the truth. Thread-safe; written as one line per
 * call kind so that a child JVM can hand it to the coordinator.
 */
final class Tally {

    static final double RATIO = 1.04;
    static final int BUCKETS = 500;

    /** The outcome classes of a call. */
    enum Outcome { OK, REFUSED, IN_DOUBT, BUSINESS, RAW, WRONG }

    static final class PerCall {
        final AtomicLong[] outcomes = new AtomicLong[Outcome.values().length];
        final AtomicLongArray latency = new AtomicLongArray(BUCKETS);
        final Map<String, Long> business = new TreeMap<>();

        PerCall() {
            for (int i = 0; i < outcomes.length; i++) {
                outcomes[i] = new AtomicLong();
            }
        }

        long count(Outcome o) {
            return outcomes[o.ordinal()].get();
        }

        long calls() {
            long n = 0;
            for (AtomicLong a : outcomes) {
                n += a.get();
            }
            return n;
        }

        /** The latency at that quantile of the acknowledged calls, in microseconds; 0 when there were none. */
        double percentileMicros(double q) {
            long total = 0;
            for (int i = 0; i < BUCKETS; i++) {
                total += latency.get(i);
            }
            if (total == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += latency.get(i);
                if (seen >= rank) {
                    return Math.pow(RATIO, i + 0.5);
                }
            }
            return Math.pow(RATIO, BUCKETS);
        }

        synchronized Map<String, Long> businessCodes() {
            return new TreeMap<>(business);
        }
    }

    private final Map<Call, PerCall> calls = new EnumMap<>(Call.class);

    Tally() {
        for (Call c : Call.values()) {
            calls.put(c, new PerCall());
        }
    }

    PerCall of(Call call) {
        return calls.get(call);
    }

    void ok(Call call, long nanos) {
        PerCall p = calls.get(call);
        p.outcomes[Outcome.OK.ordinal()].incrementAndGet();
        p.latency.incrementAndGet(bucket(nanos));
    }

    void add(Call call, Outcome outcome) {
        calls.get(call).outcomes[outcome.ordinal()].incrementAndGet();
    }

    void business(Call call, String code) {
        PerCall p = calls.get(call);
        p.outcomes[Outcome.BUSINESS.ordinal()].incrementAndGet();
        synchronized (p) {
            p.business.merge(code, 1L, Long::sum);
        }
    }

    long total(Outcome outcome) {
        long n = 0;
        for (PerCall p : calls.values()) {
            n += p.count(outcome);
        }
        return n;
    }

    long totalCalls() {
        long n = 0;
        for (PerCall p : calls.values()) {
            n += p.calls();
        }
        return n;
    }

    static int bucket(long nanos) {
        double micros = Math.max(1.0, nanos / 1000.0);
        return (int) Math.min(BUCKETS - 1, Math.floor(Math.log(micros) / Math.log(RATIO)));
    }

    /** Adds another node's figures to these. */
    void merge(Tally other) {
        for (Call c : Call.values()) {
            PerCall mine = calls.get(c);
            PerCall theirs = other.calls.get(c);
            for (Outcome o : Outcome.values()) {
                mine.outcomes[o.ordinal()].addAndGet(theirs.count(o));
            }
            for (int i = 0; i < BUCKETS; i++) {
                mine.latency.addAndGet(i, theirs.latency.get(i));
            }
            theirs.businessCodes().forEach((code, n) -> {
                synchronized (mine) {
                    mine.business.merge(code, n, Long::sum);
                }
            });
        }
    }

    /** One line per call kind: {@code TALLY call o0,o1,.. bucket:count,.. code:count,..}. */
    String toLines() {
        StringBuilder out = new StringBuilder();
        for (Call c : Call.values()) {
            PerCall p = calls.get(c);
            out.append("TALLY ").append(c.name()).append(' ');
            for (Outcome o : Outcome.values()) {
                out.append(o.ordinal() == 0 ? "" : ",").append(p.count(o));
            }
            out.append(' ');
            StringBuilder buckets = new StringBuilder();
            for (int i = 0; i < BUCKETS; i++) {
                long n = p.latency.get(i);
                if (n > 0) {
                    buckets.append(buckets.isEmpty() ? "" : ",").append(i).append(':').append(n);
                }
            }
            out.append(buckets.isEmpty() ? "-" : buckets).append(' ');
            StringBuilder codes = new StringBuilder();
            p.businessCodes().forEach((code, n) -> codes.append(codes.isEmpty() ? "" : ",").append(code).append(':').append(n));
            out.append(codes.isEmpty() ? "-" : codes).append('\n');
        }
        return out.toString();
    }

    /** Reads one line written by {@link #toLines()} into these figures (added to what they hold). */
    void readLine(String line) {
        String[] f = line.split(" ");
        PerCall p = calls.get(Call.valueOf(f[1]));
        String[] counts = f[2].split(",");
        for (int i = 0; i < counts.length; i++) {
            p.outcomes[i].addAndGet(Long.parseLong(counts[i]));
        }
        if (!f[3].equals("-")) {
            for (String b : f[3].split(",")) {
                String[] kv = b.split(":");
                p.latency.addAndGet(Integer.parseInt(kv[0]), Long.parseLong(kv[1]));
            }
        }
        if (!f[4].equals("-")) {
            for (String b : f[4].split(",")) {
                String[] kv = b.split(":");
                synchronized (p) {
                    p.business.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
                }
            }
        }
    }
}
