package io.github.rebalancedecs.runtime.planner;

import static io.github.rebalancedecs.runtime.planner.SnapshotBuilder.NOW;
import static io.github.rebalancedecs.runtime.planner.SnapshotBuilder.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link RebalancePlanner#isSkewed}: the planner's rule for when a service needs moves. */
class RebalancePlannerSkewTest {

    private static final String A = "us-east-1a";
    private static final String B = "us-east-1b";
    private static final String C = "us-east-1c";
    private static final Set<String> ALL = Set.of(A, B, C);

    /** One case of the rule. */
    record Counts(Map<String, Integer> tasksPerAz, Set<String> eligible, int desiredCount, int maxSkew,
            boolean skewed) {
    }

    private static Arguments counts(String name, int a, int b, int c, Set<String> eligible, int desiredCount,
            int maxSkew, boolean skewed) {
        Map<String, Integer> tasksPerAz = new TreeMap<>(Map.of(A, a, B, b, C, c));
        return Arguments.of(Named.of(name, new Counts(tasksPerAz, eligible, desiredCount, maxSkew, skewed)));
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                counts("3 AZs, counts [2,0,1], maxSkew 1 -> skewed", 2, 0, 1, ALL, 3, 1, true),
                counts("3 AZs, counts [1,1,1], maxSkew 1 -> balanced", 1, 1, 1, ALL, 3, 1, false),
                counts("3 AZs, counts [2,1,0], maxSkew 2 -> skewed, 1c has no task", 2, 1, 0, ALL, 3, 2, true),
                counts("3 AZs, counts [2,1,0], maxSkew 2, 1c full -> balanced, 1c does not count",
                        2, 1, 0, Set.of(A, B), 3, 2, false),
                counts("3 AZs, counts [1,1,0], desired count 2 -> balanced, fewer tasks than zones",
                        1, 1, 0, ALL, 2, 1, false),
                counts("3 AZs, counts [1,1,0], desired count 3 while one task is missing -> skewed",
                        1, 1, 0, ALL, 3, 1, true),
                counts("3 AZs, counts [3,0,0], 1a full -> skewed, 1a counts because it has tasks",
                        3, 0, 0, Set.of(B, C), 3, 1, true),
                counts("3 AZs, counts [2,0,1], 1b full -> balanced, skew 1 among 1a and 1c",
                        2, 0, 1, Set.of(A, C), 3, 1, false),
                counts("3 AZs, no task and no zone with room -> balanced, nothing counts",
                        0, 0, 0, Set.of(), 3, 1, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void appliesRule(Counts counts) {
        boolean skewed = RebalancePlanner.isSkewed(counts.tasksPerAz(), counts.eligible(), counts.desiredCount(),
                counts.maxSkew());

        assertEquals(counts.skewed(), skewed);
    }

    @Test
    void agreesWithPlanOnObservedCounts() {
        RebalancePolicy policy = new RebalancePolicy(RebalanceStrategy.SURGE, 1, 5, 2, Duration.ZERO);
        List<SnapshotBuilder> services = List.of(
                threeZones(0, 2, 1), threeZones(2, 0, 1), threeZones(0, 0, 3), threeZones(1, 1, 1),
                threeZones(2, 1, 1), threeZones(1, 1, 0).desiredCount(2));

        for (SnapshotBuilder builder : services) {
            ServiceSnapshot snapshot = builder.build();
            RebalancePlan plan = RebalancePlanner.plan(snapshot, policy, RebalanceHistory.NONE, NOW);

            boolean skewed = RebalancePlanner.isSkewed(plan.tasksPerAz(), plan.eligibleAzs(),
                    snapshot.desiredCount(), policy.maxSkew());

            assertTrue(plan.reason() == PlanReason.SKEWED || plan.reason() == PlanReason.BALANCED, plan.toString());
            assertEquals(plan.reason() == PlanReason.SKEWED, skewed, plan.toString());
        }
    }

    @Test
    void rejectsMissingCounts() {
        NullPointerException error = assertThrows(NullPointerException.class,
                () -> RebalancePlanner.isSkewed(null, ALL, 3, 1));

        assertTrue(error.getMessage().contains("tasksPerAz"), error.getMessage());
    }

    private static SnapshotBuilder threeZones(int a, int b, int c) {
        return service().instance("a1", A).instance("b1", B).instance("c1", C)
                .tasks("a1", a).tasks("b1", b).tasks("c1", c);
    }
}
