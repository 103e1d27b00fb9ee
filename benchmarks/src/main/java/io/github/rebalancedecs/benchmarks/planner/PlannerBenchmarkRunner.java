package io.github.rebalancedecs.benchmarks.planner;

import io.github.rebalancedecs.benchmarks.MarkdownTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link PlannerBenchmark} with JMH and renders the time and allocation per call.
 *
 * <p>Settings: 2 forks with a 1 GiB heap, 5 warm-up iterations of 1 second, then one measured
 * iteration of 1 second per run, and JMH's GC profiler for the bytes allocated per call.
 */
public final class PlannerBenchmarkRunner {

    /** The target: 10,000 tasks planned in under 20 ms. */
    public static final double TARGET_MILLIS_AT_10000 = 20;

    private static final int FORKS = 2;
    private static final int WARMUP_ITERATIONS = 5;

    private final int measurementIterations;

    /** @param measurementIterations the measured iterations per fork, at least 1 */
    public PlannerBenchmarkRunner(int measurementIterations) {
        if (measurementIterations < 1) {
            throw new IllegalArgumentException("measurementIterations must be at least 1, got " + measurementIterations);
        }
        this.measurementIterations = measurementIterations;
    }

    /** Runs the benchmark in forked JVMs and returns the Markdown table. */
    public String run() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(PlannerBenchmark.class.getName() + ".plan")
                .forks(FORKS)
                .jvmArgs("-Xms1g", "-Xmx1g")
                .warmupIterations(WARMUP_ITERATIONS)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(measurementIterations)
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        return table(results);
    }

    private static String table(Collection<RunResult> results) {
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparing((RunResult result) -> param(result, "shape"))
                .thenComparing(result -> Integer.parseInt(param(result, "zones")))
                .thenComparing(result -> Integer.parseInt(param(result, "tasks"))));

        Map<String, Double> medianByKey = new HashMap<>();
        MarkdownTable table = new MarkdownTable("Shape", "AZs", "Tasks", "Time per plan (µs)",
                "Time / time at a tenth of the tasks", "Allocated per plan (KiB)", "10,000 tasks under 20 ms");
        for (RunResult result : sorted) {
            Statistics time = result.getPrimaryResult().getStatistics();
            int tasks = Integer.parseInt(param(result, "tasks"));
            String key = param(result, "shape") + "/" + param(result, "zones") + "/";
            double median = time.getPercentile(50);
            medianByKey.put(key + tasks, median);
            Double tenth = medianByKey.get(key + tasks / 10);
            Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
            String withinTarget = "";
            if (tasks == 10_000) {
                withinTarget = median / 1000 < TARGET_MILLIS_AT_10000 ? "yes" : "no";
            }
            table.row(param(result, "shape"), param(result, "zones"), String.format(Locale.ROOT, "%,d", tasks),
                    String.format(Locale.ROOT, "%.1f [%.1f–%.1f]", median, time.getMin(), time.getMax()),
                    tenth == null ? "" : String.format(Locale.ROOT, "%.1f", median / tenth),
                    allocation == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", allocation.getScore() / 1024),
                    withinTarget);
        }
        return table.render();
    }

    private static String param(RunResult result, String name) {
        return result.getParams().getParam(name);
    }
}
