package io.github.rebalancedecs.runtime.planner;

import static io.github.rebalancedecs.runtime.planner.SnapshotBuilder.NOW;
import static io.github.rebalancedecs.runtime.planner.SnapshotBuilder.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner plans moves only while every RUNNING task counts as healthy, and scale-in chooses
 * only healthy tasks to stop. ECS reports UNKNOWN both while a container health check has not
 * passed yet and for tasks without a health check, so the task definition decides whether
 * UNKNOWN counts.
 */
class TaskHealthPlanningTest {

    private static final String A = "us-east-1a";
    private static final String B = "us-east-1b";
    private static final String C = "us-east-1c";

    private static final RebalancePolicy SURGE = RebalancePolicy.DEFAULTS;
    private static final RebalancePolicy REPLACE = RebalancePolicy.DEFAULTS.withStrategy(RebalanceStrategy.REPLACE);

    /**
     * One planning case.
     *
     * @param expectedVictims the task IDs the plan moves, in order
     */
    record PlanCase(ServiceSnapshot snapshot, RebalancePolicy policy, PlanReason expectedReason,
            List<String> expectedVictims) {
    }

    /**
     * One scale-in case: the desired count drops by {@code count}.
     *
     * @param expectedVictims the task IDs chosen to stop, in order
     */
    record ScaleInCase(ServiceSnapshot snapshot, int count, List<String> expectedVictims) {
    }

    /** Counts [0,2,1]: task01 and task02 in 1b with the given health, and one settled task in 1c. */
    private static SnapshotBuilder crowdedZoneB(boolean healthCheck, String firstHealth, String secondHealth) {
        return service().healthCheck(healthCheck)
                .instance("a1", A).instance("b1", B).instance("c1", C)
                .task("b1", "RUNNING", "RUNNING", firstHealth, false)
                .task("b1", "RUNNING", "RUNNING", secondHealth, false)
                .task("c1", "RUNNING", "RUNNING", healthCheck ? "HEALTHY" : "UNKNOWN", false);
    }

    private static Arguments plan(String name, SnapshotBuilder builder, RebalancePolicy policy, PlanReason reason,
            String... victims) {
        return Arguments.of(Named.of(name, new PlanCase(builder.build(), policy, reason, List.of(victims))));
    }

    static Stream<Arguments> planCases() {
        return Stream.of(
                plan("health check, counts [0,2,1], both 1b tasks HEALTHY -> move task01",
                        crowdedZoneB(true, "HEALTHY", "HEALTHY"), SURGE, PlanReason.SKEWED, "task01"),
                plan("health check, counts [0,2,1], both 1b tasks awaiting it -> wait",
                        crowdedZoneB(true, "UNKNOWN", "UNKNOWN"), SURGE, PlanReason.TASKS_NOT_HEALTHY),
                plan("health check, counts [0,2,1], task01 awaiting it, task02 HEALTHY -> wait",
                        crowdedZoneB(true, "UNKNOWN", "HEALTHY"), SURGE, PlanReason.TASKS_NOT_HEALTHY),
                plan("health check, counts [0,2,1], task01 UNHEALTHY, task02 HEALTHY -> wait",
                        crowdedZoneB(true, "UNHEALTHY", "HEALTHY"), SURGE, PlanReason.TASKS_NOT_HEALTHY),
                plan("no health check, counts [0,2,1], both 1b tasks UNKNOWN -> move task01",
                        crowdedZoneB(false, "UNKNOWN", "UNKNOWN"), SURGE, PlanReason.SKEWED, "task01"),
                plan("no health check, counts [0,2,1], both 1b tasks UNHEALTHY -> wait",
                        crowdedZoneB(false, "UNHEALTHY", "UNHEALTHY"), SURGE, PlanReason.TASKS_NOT_HEALTHY),
                plan("no health check, counts [0,2,1], task01 UNHEALTHY -> wait",
                        crowdedZoneB(false, "UNHEALTHY", "UNKNOWN"), SURGE, PlanReason.TASKS_NOT_HEALTHY),
                plan("REPLACE, health check, counts [0,2,1], both 1b tasks awaiting it -> wait",
                        crowdedZoneB(true, "UNKNOWN", "UNKNOWN").minimumHealthyPercent(50), REPLACE,
                        PlanReason.TASKS_NOT_HEALTHY),
                plan("REPLACE, no health check, counts [0,2,1], both 1b tasks UNKNOWN -> move task01",
                        crowdedZoneB(false, "UNKNOWN", "UNKNOWN").minimumHealthyPercent(50), REPLACE,
                        PlanReason.SKEWED, "task01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planCases")
    void movesOnlyWhileAllHealthy(PlanCase scenario) {
        RebalancePlan plan = RebalancePlanner.plan(scenario.snapshot(), scenario.policy(), RebalanceHistory.NONE, NOW);

        assertEquals(scenario.expectedReason(), plan.reason(), plan.detail());
        assertEquals(scenario.expectedVictims(), plan.moves().stream().map(TaskMove::taskId).toList());
    }

    /** Counts [1,1,3] after a surge of 2 in observed case 3. The 1c tasks are task03 to task05. */
    private static SnapshotBuilder afterSurge(boolean healthCheck, String... zoneCHealth) {
        String settled = healthCheck ? "HEALTHY" : "UNKNOWN";
        SnapshotBuilder builder = service().healthCheck(healthCheck)
                .instance("a1", A).instance("b1", B).instance("c1", C)
                .task("a1", "RUNNING", "RUNNING", settled, false)
                .task("b1", "RUNNING", "RUNNING", settled, false);
        for (String health : zoneCHealth) {
            builder.task("c1", "RUNNING", "RUNNING", health, false);
        }
        return builder.desiredCount(3);
    }

    private static Arguments scaleIn(String name, SnapshotBuilder builder, int count, String... victims) {
        return Arguments.of(Named.of(name, new ScaleInCase(builder.build(), count, List.of(victims))));
    }

    static Stream<Arguments> scaleInCases() {
        return Stream.of(
                scaleIn("health check, counts [1,1,3], all HEALTHY, stop 2 -> task03, task04 in 1c",
                        afterSurge(true, "HEALTHY", "HEALTHY", "HEALTHY"), 2, "task03", "task04"),
                scaleIn("health check, counts [1,1,3], task03 awaiting it, stop 2 -> task04, task05",
                        afterSurge(true, "UNKNOWN", "HEALTHY", "HEALTHY"), 2, "task04", "task05"),
                scaleIn("health check, counts [1,1,3], 1c tasks awaiting it, stop 2 -> only healthy task01, task02",
                        afterSurge(true, "UNKNOWN", "UNKNOWN", "UNKNOWN"), 2, "task01", "task02"),
                scaleIn("no health check, counts [1,1,3], all UNKNOWN, stop 2 -> task03, task04 in 1c",
                        afterSurge(false, "UNKNOWN", "UNKNOWN", "UNKNOWN"), 2, "task03", "task04"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scaleInCases")
    void selectsHealthyScaleInVictims(ScaleInCase scenario) {
        List<TaskSnapshot> victims = RebalancePlanner.selectScaleInVictims(scenario.snapshot(), scenario.count(),
                task -> false);

        assertEquals(scenario.expectedVictims(), victims.stream().map(TaskSnapshot::taskId).toList());
    }
}
