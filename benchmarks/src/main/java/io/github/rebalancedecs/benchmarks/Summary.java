package io.github.rebalancedecs.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The median and range of repeated measurements.
 *
 * @param median the median; the mean of the two middle values for an even count
 * @param min    the smallest value
 * @param max    the largest value
 * @param runs   the number of values
 */
public record Summary(double median, double min, double max, int runs) {

    /**
     * Summarizes the values.
     *
     * @throws IllegalArgumentException when there is no value
     */
    public static Summary of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values must not be empty");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        double median = sorted.size() % 2 == 1
                ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        return new Summary(median, sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }

    /**
     * Formats as {@code median [min–max]} with the given number of decimals, or as the median
     * alone when every run gave the same value.
     */
    public String format(int decimals) {
        String pattern = "%." + decimals + "f";
        return format(value -> String.format(Locale.ROOT, pattern, value));
    }

    /** Formats as {@code median [min–max]} with the given formatter, or as the median alone when every run agreed. */
    public String format(DoubleFunction<String> formatter) {
        String medianText = formatter.apply(median);
        if (min == max) {
            return medianText;
        }
        return medianText + " [" + formatter.apply(min) + "–" + formatter.apply(max) + "]";
    }
}
