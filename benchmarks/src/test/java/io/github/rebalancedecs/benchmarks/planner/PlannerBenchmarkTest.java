package io.github.rebalancedecs.benchmarks.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.planner.PlanReason;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import org.junit.jupiter.api.Test;

/** Runs the benchmark method once per shape, without JMH, so the smoke run checks what it measures. */
class PlannerBenchmarkTest {

    private static RebalancePlan plan(int tasks, int zones, PlannerSnapshots.Shape shape) {
        PlannerBenchmark benchmark = new PlannerBenchmark();
        benchmark.tasks = tasks;
        benchmark.zones = zones;
        benchmark.shape = shape;
        benchmark.buildSnapshot();
        return benchmark.plan();
    }

    @Test
    void returnedZonePlansMovesIntoIt() {
        RebalancePlan plan = plan(100, 3, PlannerSnapshots.Shape.ZONE_RETURNED);

        assertEquals(PlanReason.SKEWED, plan.reason());
        // 50, 50 and 0 tasks: 33 moves leave 34, 33 and 33, within max skew 1. The default policy
        // has no cap of its own, and maximum percent 200 leaves room for 100 extra tasks.
        assertEquals(33, plan.moves().size());
        assertTrue(plan.moves().stream().allMatch(move -> move.toAvailabilityZone().equals("us-east-1c")));
    }

    @Test
    void balancedServicePlansNoMove() {
        RebalancePlan plan = plan(1_000, 6, PlannerSnapshots.Shape.BALANCED);

        assertEquals(PlanReason.BALANCED, plan.reason());
        assertFalse(plan.hasMoves());
    }

    @Test
    void snapshotHasTasksAndRoom() {
        ServiceSnapshot snapshot = PlannerSnapshots.of(10_000, 6, PlannerSnapshots.Shape.ZONE_RETURNED);

        assertEquals(10_000, snapshot.tasks().size());
        assertEquals(6, snapshot.availabilityZones().size());
        assertTrue(snapshot.containerInstances().stream().allMatch(instance -> instance.remainingCpu() >= 128));
    }

    @Test
    void returnedZoneNeedsTwoZones() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PlannerSnapshots.of(100, 1, PlannerSnapshots.Shape.ZONE_RETURNED));

        assertTrue(error.getMessage().contains("ZONE_RETURNED needs at least 2 zones"), error.getMessage());
    }
}
