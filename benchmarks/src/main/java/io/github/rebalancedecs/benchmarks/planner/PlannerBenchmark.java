package io.github.rebalancedecs.benchmarks.planner;

import io.github.rebalancedecs.runtime.planner.RebalanceHistory;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import io.github.rebalancedecs.runtime.planner.RebalancePlanner;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH benchmark of one call of {@link RebalancePlanner#plan} with the default policy (SURGE, no
 * cap of its own on moves), for services of 100 to 10,000 tasks over 3 or 6 Availability Zones.
 * For {@code ZONE_RETURNED} it plans every move the empty zone lacks, about a third of the tasks
 * over 3 zones.
 * {@link PlannerBenchmarkRunner} runs it with the settings that BENCHMARKS.md reports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlannerBenchmark {

    @Param({"100", "1000", "10000"})
    public int tasks;

    @Param({"3", "6"})
    public int zones;

    @Param({"ZONE_RETURNED", "BALANCED"})
    public PlannerSnapshots.Shape shape;

    private ServiceSnapshot snapshot;

    @Setup
    public void buildSnapshot() {
        snapshot = PlannerSnapshots.of(tasks, zones, shape);
    }

    @Benchmark
    public RebalancePlan plan() {
        return RebalancePlanner.plan(snapshot, RebalancePolicy.DEFAULTS, RebalanceHistory.NONE,
                PlannerSnapshots.OBSERVED_AT);
    }
}
