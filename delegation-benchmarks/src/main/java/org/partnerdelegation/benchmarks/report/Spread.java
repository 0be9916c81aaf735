package org.partnerdelegation.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A figure over several runs: the median and the lowest and highest run. A target counts as met
 * only when the whole spread meets it, so that one lucky run does not meet it for the others.
 *
 * @param median the median of the runs (the mean of the middle two for an even count)
 * @param min    the lowest run
 * @param max    the highest run
 * @param runs   how many runs it is made of
 */
record Spread(double median, double min, double max, int runs) {

    static Spread of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.removeIf(v -> v == null || v.isNaN());
        if (sorted.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }

    boolean measured() {
        return runs > 0;
    }

    /** "1.08× (1.03-1.12)"; the range left out for a single run. */
    String ratio() {
        return !measured() ? "–" : runs == 1 ? String.format(Locale.ROOT, "%.2f×", median)
                : String.format(Locale.ROOT, "%.2f× (%.2f-%.2f)", median, min, max);
    }

    /** "321 (300-340)", in the figure's unit, two decimals below 100. */
    String value() {
        if (!measured()) {
            return "–";
        }
        return runs == 1 ? number(median) : number(median) + " (" + number(min) + "-" + number(max) + ")";
    }

    private static String number(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
