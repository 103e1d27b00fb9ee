package io.github.rebalancedecs.runtime.planner;

import static io.github.rebalancedecs.runtime.planner.SnapshotBuilder.NOW;
import static io.github.rebalancedecs.runtime.planner.SnapshotBuilder.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class RebalancePlannerTest {

    private static final String A = "us-east-1a";
    private static final String B = "us-east-1b";
    private static final String C = "us-east-1c";

    private static final RebalancePolicy SURGE = RebalancePolicy.DEFAULTS;
    private static final RebalancePolicy WIDE_SURGE =
            new RebalancePolicy(RebalanceStrategy.SURGE, 1, 10, 10, Duration.ofMinutes(10));
    private static final RebalancePolicy REPLACE = RebalancePolicy.DEFAULTS.withStrategy(RebalanceStrategy.REPLACE);

    /**
     * One planner case.
     *
     * @param expectedAfter the expected running tasks per zone after the moves; {@code null} to
     *                      check only the reason and the move count
     */
    record Scenario(ServiceSnapshot snapshot, RebalancePolicy policy, RebalanceHistory history,
            PlanReason expectedReason, int expectedMoves, Map<String, Integer> expectedAfter) {
    }

    private static Arguments scenario(String name, SnapshotBuilder builder, RebalancePolicy policy,
            PlanReason reason, int moves, Map<String, Integer> after) {
        return scenario(name, builder, policy, RebalanceHistory.NONE, reason, moves, after);
    }

    private static Arguments scenario(String name, SnapshotBuilder builder, RebalancePolicy policy,
            RebalanceHistory history, PlanReason reason, int moves, Map<String, Integer> after) {
        return Arguments.of(Named.of(name, new Scenario(builder.build(), policy, history, reason, moves, after)));
    }

    private static Map<String, Integer> counts(Object... zoneAndCount) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < zoneAndCount.length; i += 2) {
            counts.put((String) zoneAndCount[i], (Integer) zoneAndCount[i + 1]);
        }
        return counts;
    }

    /** Three zones with one instance each; tasks per zone as given. */
    private static SnapshotBuilder threeZones(int a, int b, int c) {
        return service().instance("a1", A).instance("b1", B).instance("c1", C)
                .tasks("a1", a).tasks("b1", b).tasks("c1", c);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                scenario("observed case 1: instance back in 1a, counts [0,2,1] -> move 1 task from 1b to 1a",
                        threeZones(0, 2, 1), SURGE, PlanReason.SKEWED, 1, counts(A, 1, B, 1, C, 1)),
                scenario("observed case 2: counts [2,0,1] -> move 1 task from 1a to 1b",
                        threeZones(2, 0, 1), SURGE, PlanReason.SKEWED, 1, counts(A, 1, B, 1, C, 1)),
                scenario("observed case 3: every task on one instance, counts [0,0,3] -> move 2 tasks",
                        threeZones(0, 0, 3), SURGE, PlanReason.SKEWED, 2, counts(A, 1, B, 1, C, 1)),
                scenario("3 AZs, counts [1,1,1] -> balanced",
                        threeZones(1, 1, 1), SURGE, PlanReason.BALANCED, 0, null),
                scenario("2 AZs, counts [2,0] -> move 1 task",
                        service().instance("a1", A).instance("b1", B).tasks("a1", 2),
                        SURGE, PlanReason.SKEWED, 1, counts(A, 1, B, 1)),
                scenario("2 AZs, counts [3,1] -> move 1 task",
                        service().instance("a1", A).instance("b1", B).tasks("a1", 3).tasks("b1", 1),
                        SURGE, PlanReason.SKEWED, 1, counts(A, 2, B, 2)),
                scenario("2 AZs, odd count [2,1] -> balanced",
                        service().instance("a1", A).instance("b1", B).tasks("a1", 2).tasks("b1", 1),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("6 AZs, counts [6,0,0,0,0,0], wide caps -> move 5 tasks",
                        sixZones(6, 0, 0, 0, 0, 0), WIDE_SURGE, PlanReason.SKEWED, 5,
                        counts("az-1", 1, "az-2", 1, "az-3", 1, "az-4", 1, "az-5", 1, "az-6", 1)),
                scenario("6 AZs, odd count 13 [5,3,2,1,1,1] -> move 3 tasks",
                        sixZones(5, 3, 2, 1, 1, 1), WIDE_SURGE, PlanReason.SKEWED, 3,
                        counts("az-1", 2, "az-2", 3, "az-3", 2, "az-4", 2, "az-5", 2, "az-6", 2)),
                scenario("3 AZs, odd count 5 [5,0,0] -> move 3 tasks to [2,2,1]",
                        threeZones(5, 0, 0), WIDE_SURGE, PlanReason.SKEWED, 3, counts(A, 2, B, 2, C, 1)),
                scenario("3 AZs, counts [4,1,0], maxSkew 2 -> move 1 task",
                        threeZones(4, 1, 0), withMaxSkew(2), PlanReason.SKEWED, 1, counts(A, 3, B, 1, C, 1)),
                scenario("3 AZs, counts [2,1,0], maxSkew 2 -> fill the empty AZ",
                        threeZones(2, 1, 0), withMaxSkew(2), PlanReason.SKEWED, 1, counts(A, 1, B, 1, C, 1)),
                scenario("3 AZs, desired 2, counts [2,0,0] -> move 1 task, one AZ stays empty",
                        threeZones(2, 0, 0), SURGE, PlanReason.SKEWED, 1, counts(A, 1, B, 1, C, 0)),
                scenario("3 AZs, desired 2, counts [1,1,0] -> balanced",
                        threeZones(1, 1, 0), SURGE, PlanReason.BALANCED, 0, null),
                scenario("dead AZ: 1a agent disconnected, counts [0,2,2] -> balanced",
                        service().instance("a1", A).instance("b1", B).instance("c1", C)
                                .agentDisconnected("a1").tasks("b1", 2).tasks("c1", 2),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("dead AZ: no instance left in 1a, counts [0,2,1] -> balanced",
                        service().instance("b1", B).instance("c1", C).tasks("b1", 2).tasks("c1", 1),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("full AZ: 1a instance has no CPU left, counts [0,2,1] -> balanced",
                        service().instance("a1", A, 128, 8192).instance("b1", B).instance("c1", C)
                                .tasks("b1", 2).tasks("c1", 1),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("full AZ with a task: counts [1,4,1], 1a full -> move 1 task to 1c only",
                        service().instance("a1", A, 256, 512).instance("b1", B).instance("c1", C)
                                .tasks("a1", 1).tasks("b1", 4).tasks("c1", 1),
                        SURGE, PlanReason.SKEWED, 1, counts(A, 1, B, 3, C, 2)),
                scenario("static host port taken on the only 1a instance -> balanced",
                        service().requirements(256, 512, Set.of(80))
                                .instance("a1", A).portTakenByOtherTask("a1", 80)
                                .instance("b1", B).instance("b2", B).instance("c1", C)
                                .tasks("b1", 1).tasks("b2", 1).tasks("c1", 1),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("static host port free on the 1a instance -> move 1 task",
                        service().requirements(256, 512, Set.of(80))
                                .instance("a1", A).instance("b1", B).instance("b2", B).instance("c1", C)
                                .tasks("b1", 1).tasks("b2", 1).tasks("c1", 1),
                        SURGE, PlanReason.SKEWED, 1, counts(A, 1, B, 1, C, 1)),
                scenario("draining instance runs a task -> wait for ECS",
                        threeZones(0, 2, 1).instanceStatus("b1", "DRAINING"),
                        SURGE, PlanReason.INSTANCE_DRAINING, 0, null),
                scenario("draining instance in the empty AZ -> balanced",
                        threeZones(0, 2, 1).instanceStatus("a1", "DRAINING"),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("DEREGISTERING instance runs 2 tasks, counts [0,2,1] -> move 1 task off it",
                        threeZones(0, 2, 1).instanceStatus("b1", "DEREGISTERING"),
                        SURGE, PlanReason.SKEWED, 1, counts(A, 1, B, 1, C, 1)),
                scenario("REGISTERING instance in the empty AZ, counts [0,2,1] -> balanced, 1a not eligible",
                        threeZones(0, 2, 1).instanceStatus("a1", "REGISTERING"),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("REGISTRATION_FAILED instance in the empty AZ, counts [0,2,1] -> balanced",
                        threeZones(0, 2, 1).instanceStatus("a1", "REGISTRATION_FAILED"),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("both tasks in the crowded AZ protected by someone else -> no move",
                        service().instance("a1", A).instance("b1", B).instance("c1", C)
                                .task("b1", "RUNNING", "RUNNING", "HEALTHY", true)
                                .task("b1", "RUNNING", "RUNNING", "HEALTHY", true)
                                .tasks("c1", 1),
                        SURGE, PlanReason.NO_MOVE_LOWERS_SKEW, 0, null),
                scenario("UNHEALTHY tasks in the crowded AZ -> wait, no move",
                        service().instance("a1", A).instance("b1", B).instance("c1", C)
                                .task("b1", "RUNNING", "RUNNING", "UNHEALTHY", false)
                                .task("b1", "RUNNING", "RUNNING", "UNHEALTHY", false)
                                .tasks("c1", 1),
                        SURGE, PlanReason.TASKS_NOT_HEALTHY, 0, null),
                scenario("counts [0,2,1], the 1c task UNHEALTHY -> wait, although it would not move",
                        threeZones(0, 2, 0).task("c1", "RUNNING", "RUNNING", "UNHEALTHY", false),
                        SURGE, PlanReason.TASKS_NOT_HEALTHY, 0, null),
                scenario("counts [0,2,1], a 1b task awaiting its health check -> wait",
                        threeZones(0, 1, 1).task("b1", "RUNNING", "RUNNING", "UNKNOWN", false),
                        SURGE, PlanReason.TASKS_NOT_HEALTHY, 0, null),
                scenario("REPLACE, counts [0,0,3], a task awaiting its health check -> wait",
                        threeZones(0, 0, 2).task("c1", "RUNNING", "RUNNING", "UNKNOWN", false)
                                .minimumHealthyPercent(50),
                        REPLACE, PlanReason.TASKS_NOT_HEALTHY, 0, null),
                scenario("no health check, counts [0,2,1], every task UNKNOWN -> move 1 task",
                        service().healthCheck(false).instance("a1", A).instance("b1", B).instance("c1", C)
                                .task("b1", "RUNNING", "RUNNING", "UNKNOWN", false)
                                .task("b1", "RUNNING", "RUNNING", "UNKNOWN", false)
                                .task("c1", "RUNNING", "RUNNING", "UNKNOWN", false),
                        SURGE, PlanReason.SKEWED, 1, counts(A, 1, B, 1, C, 1)),
                scenario("no health check, counts [0,2,1], a 1b task UNHEALTHY -> wait",
                        service().healthCheck(false).instance("a1", A).instance("b1", B).instance("c1", C)
                                .task("b1", "RUNNING", "RUNNING", "UNHEALTHY", false)
                                .task("b1", "RUNNING", "RUNNING", "UNKNOWN", false)
                                .task("c1", "RUNNING", "RUNNING", "UNKNOWN", false),
                        SURGE, PlanReason.TASKS_NOT_HEALTHY, 0, null),
                scenario("counts [1,1,1], a task UNHEALTHY -> balanced, nothing to wait for",
                        threeZones(1, 1, 0).task("c1", "RUNNING", "RUNNING", "UNHEALTHY", false),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("PENDING task and an UNHEALTHY task -> wait for the transition first",
                        threeZones(0, 1, 1).task("b1", "RUNNING", "RUNNING", "UNHEALTHY", false)
                                .task("c1", "PENDING", "RUNNING", "UNKNOWN", false).desiredCount(4),
                        SURGE, PlanReason.TASKS_IN_TRANSITION, 0, null),
                scenario("within cooldown, a task awaiting its health check -> cooldown, the longer wait",
                        threeZones(0, 1, 1).task("b1", "RUNNING", "RUNNING", "UNKNOWN", false), SURGE,
                        new RebalanceHistory(NOW.minusSeconds(30), java.time.Instant.EPOCH),
                        PlanReason.COOLDOWN, 0, null),
                scenario("maximumPercent 100 with SURGE, a task awaiting its health check -> no headroom",
                        threeZones(0, 1, 1).task("b1", "RUNNING", "RUNNING", "UNKNOWN", false).maximumPercent(100),
                        SURGE, PlanReason.NO_SURGE_HEADROOM, 0, null),
                scenario("deployment in progress -> wait",
                        threeZones(0, 2, 1).deployment("IN_PROGRESS"),
                        SURGE, PlanReason.DEPLOYMENT_IN_PROGRESS, 0, null),
                scenario("two deployments -> wait",
                        threeZones(0, 2, 1).deployment("COMPLETED").deployment("COMPLETED"),
                        SURGE, PlanReason.DEPLOYMENT_IN_PROGRESS, 0, null),
                scenario("PENDING task -> wait",
                        threeZones(0, 2, 1).task("c1", "PENDING", "RUNNING", "UNKNOWN", false).desiredCount(4),
                        SURGE, PlanReason.TASKS_IN_TRANSITION, 0, null),
                scenario("STOPPING task -> wait",
                        threeZones(0, 2, 1).task("c1", "RUNNING", "STOPPED", "HEALTHY", false),
                        SURGE, PlanReason.TASKS_IN_TRANSITION, 0, null),
                scenario("desired count 0 -> nothing to do",
                        service().instance("a1", A).desiredCount(0), SURGE, PlanReason.DESIRED_COUNT_ZERO, 0, null),
                scenario("running tasks below desired count -> wait",
                        threeZones(0, 2, 1).desiredCount(4), SURGE, PlanReason.SERVICE_NOT_STEADY, 0, null),
                scenario("within cooldown -> wait",
                        threeZones(0, 2, 1), SURGE, new RebalanceHistory(NOW.minusSeconds(30), java.time.Instant.EPOCH),
                        PlanReason.COOLDOWN, 0, null),
                scenario("cooldown over -> move",
                        threeZones(0, 2, 1), SURGE, new RebalanceHistory(NOW.minusSeconds(61), java.time.Instant.EPOCH),
                        PlanReason.SKEWED, 1, counts(A, 1, B, 1, C, 1)),
                scenario("last rebalance ineffective -> wait",
                        threeZones(0, 2, 1), SURGE, new RebalanceHistory(java.time.Instant.EPOCH, NOW.plusSeconds(60)),
                        PlanReason.INEFFECTIVE_COOLDOWN, 0, null),
                scenario("conflicting instance spread: the emptiest instance is in the crowded AZ -> no move",
                        service().strategy("spread", "instanceId")
                                .instance("a1", A).instance("a2", A).instance("b1", B)
                                .tasks("a1", 3).tasks("b1", 1),
                        SURGE, PlanReason.NO_MOVE_LOWERS_SKEW, 0, null),
                scenario("AZ spread then instance spread, counts [3,1] -> move 1 task",
                        service().strategy("spread", "attribute:ecs.availability-zone")
                                .strategy("spread", "instanceId")
                                .instance("a1", A).instance("a2", A).instance("b1", B)
                                .tasks("a1", 3).tasks("b1", 1),
                        SURGE, PlanReason.SKEWED, 1, counts(A, 2, B, 2)),
                scenario("binpack memory, the fullest instance is in the empty AZ -> move",
                        service().strategy("binpack", "memory")
                                .instance("a1", A).instance("b1", B, 4096, 1024)
                                .tasks("a1", 2),
                        SURGE, PlanReason.SKEWED, 1, counts(A, 1, B, 1)),
                scenario("random placement may pick the crowded AZ -> no move",
                        service().strategy("random", null).instance("a1", A).instance("b1", B).tasks("a1", 2),
                        SURGE, PlanReason.NO_MOVE_LOWERS_SKEW, 0, null),
                scenario("memberOf keeps tasks out of 1c, counts [2,1,0] -> balanced",
                        threeZones(2, 1, 0).constraint("memberOf",
                                "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("memberOf on the instance type excludes the 1a instance -> balanced",
                        threeZones(0, 2, 1).instanceAttribute("a1", "ecs.instance-type", "t3.small")
                                .constraint("memberOf", "attribute:ecs.instance-type =~ m7g.*"),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("memberOf with task group -> unsupported, no action",
                        threeZones(0, 2, 1).constraint("memberOf", "task:group == service:web"),
                        SURGE, PlanReason.UNSUPPORTED_PLACEMENT_CONSTRAINT, 0, null),
                scenario("distinctInstance: the only 1a instance runs a task already -> balanced",
                        service().constraint("distinctInstance", null)
                                .instance("a1", A).instance("b1", B).instance("b2", B)
                                .tasks("a1", 1).tasks("b1", 1).tasks("b2", 1).desiredCount(3),
                        SURGE, PlanReason.BALANCED, 0, null),
                scenario("maximumPercent 100 with SURGE -> no headroom",
                        threeZones(0, 2, 1).maximumPercent(100), SURGE, PlanReason.NO_SURGE_HEADROOM, 0, null),
                scenario("maximumPercent 100 with REPLACE, minimumHealthyPercent 50 -> move",
                        threeZones(0, 2, 1).maximumPercent(100).minimumHealthyPercent(50),
                        REPLACE, PlanReason.SKEWED, 1, counts(A, 1, B, 1, C, 1)),
                scenario("REPLACE with minimumHealthyPercent 100 -> no headroom",
                        threeZones(0, 2, 1), REPLACE, PlanReason.NO_REPLACE_HEADROOM, 0, null),
                scenario("REPLACE, counts [0,0,3] -> move 2 tasks",
                        threeZones(0, 0, 3).minimumHealthyPercent(50), REPLACE, PlanReason.SKEWED, 2,
                        counts(A, 1, B, 1, C, 1)),
                scenario("maxMovesPerRun 1 caps counts [0,0,3] at 1 move",
                        threeZones(0, 0, 3), new RebalancePolicy(RebalanceStrategy.SURGE, 1, 1, 5, Duration.ZERO),
                        PlanReason.SKEWED, 1, counts(A, 1, B, 0, C, 2)),
                scenario("maxSurge 1 caps counts [0,0,3] at 1 move",
                        threeZones(0, 0, 3), new RebalancePolicy(RebalanceStrategy.SURGE, 1, 5, 1, Duration.ZERO),
                        PlanReason.SKEWED, 1, counts(A, 1, B, 0, C, 2)),
                scenario("maximumPercent 150 with 2 tasks caps at 1 extra task",
                        threeZones(0, 0, 2).maximumPercent(150), SURGE, PlanReason.SKEWED, 1,
                        counts(A, 1, B, 0, C, 1)),
                scenario("awsvpc without a service subnet in 1a -> balanced",
                        threeZones(0, 2, 1).awsvpc(Set.of(B, C)), SURGE, PlanReason.BALANCED, 0, null),
                scenario("awsvpc with a service subnet in 1a -> move",
                        threeZones(0, 2, 1).awsvpc(Set.of(A, B, C)), SURGE, PlanReason.SKEWED, 1,
                        counts(A, 1, B, 1, C, 1)),
                scenario("DAEMON service -> out of scope",
                        threeZones(0, 2, 1).daemon(), SURGE, PlanReason.DAEMON_SERVICE, 0, null),
                scenario("service DRAINING -> no action",
                        threeZones(0, 2, 1).status("DRAINING"), SURGE, PlanReason.SERVICE_NOT_ACTIVE, 0, null),
                scenario("Fargate service -> not on EC2",
                        threeZones(0, 2, 1).launchType("FARGATE"), SURGE, PlanReason.NOT_ON_EC2, 0, null));
    }

    private static SnapshotBuilder sixZones(int... counts) {
        SnapshotBuilder builder = service();
        for (int i = 0; i < counts.length; i++) {
            builder.instance("i" + (i + 1), "az-" + (i + 1)).tasks("i" + (i + 1), counts[i]);
        }
        return builder;
    }

    private static RebalancePolicy withMaxSkew(int maxSkew) {
        return new RebalancePolicy(RebalanceStrategy.SURGE, maxSkew, 5, 2, Duration.ofMinutes(10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void plansScenario(Scenario scenario) {
        RebalancePlan plan = RebalancePlanner.plan(scenario.snapshot(), scenario.policy(), scenario.history(), NOW);

        assertEquals(scenario.expectedReason(), plan.reason(), plan.detail());
        assertEquals(scenario.expectedMoves(), plan.moves().size(), plan.moves().toString());
        if (scenario.expectedAfter() != null) {
            assertEquals(scenario.expectedAfter(), plan.tasksPerAzAfterMoves());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void planningPlannedResultGivesNoMoves(Scenario scenario) {
        RebalancePlan plan = RebalancePlanner.plan(scenario.snapshot(), scenario.policy(), scenario.history(), NOW);
        boolean capped = plan.hasMoves() && plan.skewAfterMoves() > scenario.policy().maxSkew();
        if (!plan.hasMoves() || capped) {
            return;
        }

        ServiceSnapshot after = SnapshotBuilder.applyMoves(scenario.snapshot(), plan);
        RebalancePlan again = RebalancePlanner.plan(after, scenario.policy(), RebalanceHistory.NONE, NOW);

        assertEquals(PlanReason.BALANCED, again.reason(), again.detail());
        assertTrue(again.moves().isEmpty());
    }

    @Test
    void caseOneMovesFromCrowdedInstance() {
        ServiceSnapshot snapshot = threeZones(0, 2, 1).build();

        RebalancePlan plan = RebalancePlanner.plan(snapshot, SURGE, RebalanceHistory.NONE, NOW);

        TaskMove move = plan.moves().get(0);
        assertEquals(B, move.fromAvailabilityZone());
        assertEquals(A, move.toAvailabilityZone());
        assertEquals("b1", move.containerInstanceId());
        assertEquals(2, plan.skew());
        assertEquals(0, plan.skewAfterMoves());
        assertEquals(counts(A, 0, B, 2, C, 1), plan.tasksPerAz());
        assertEquals(List.of(A, B, C), plan.eligibleAzs());
    }

    @Test
    void victimComesFromInstanceWithMostTasks() {
        ServiceSnapshot snapshot = service().instance("a1", A).instance("a2", A).instance("b1", B)
                .tasks("a1", 1).tasks("a2", 2).build();

        RebalancePlan plan = RebalancePlanner.plan(snapshot, SURGE, RebalanceHistory.NONE, NOW);

        assertEquals(1, plan.moves().size());
        assertEquals("a2", plan.moves().get(0).containerInstanceId());
    }

    @Test
    void unprotectedTaskMovesWhenItsNeighbourIsProtected() {
        ServiceSnapshot snapshot = service().instance("a1", A).instance("b1", B).instance("c1", C)
                .task("b1", "RUNNING", "RUNNING", "HEALTHY", true)
                .task("b1", "RUNNING", "RUNNING", "HEALTHY", false)
                .tasks("c1", 1)
                .build();

        RebalancePlan plan = RebalancePlanner.plan(snapshot, SURGE, RebalanceHistory.NONE, NOW);

        assertEquals(1, plan.moves().size());
        assertEquals("task02", plan.moves().get(0).taskId());
    }

    @Test
    void scaleInVictimsFromMostLoadedZone() {
        // After a surge of 2 in observed case 3: [1,1,3] with desired count back to 3.
        ServiceSnapshot snapshot = threeZones(1, 1, 3).build();

        List<TaskSnapshot> victims = RebalancePlanner.selectScaleInVictims(snapshot, 2, task -> false);

        assertEquals(2, victims.size());
        assertTrue(victims.stream().allMatch(task -> task.availabilityZone().equals(C)));
    }

    @Test
    void scaleInVictimsSkipTasksProtectedByOthers() {
        ServiceSnapshot snapshot = service().instance("a1", A).instance("b1", B)
                .task("a1", "RUNNING", "RUNNING", "HEALTHY", true)
                .task("a1", "RUNNING", "RUNNING", "HEALTHY", true)
                .tasks("b1", 1)
                .build();

        List<TaskSnapshot> victims = RebalancePlanner.selectScaleInVictims(snapshot, 1, task -> false);

        assertEquals(1, victims.size());
        assertEquals(B, victims.get(0).availabilityZone());
    }

    @Test
    void scaleInVictimsMayBeOwnProtected() {
        ServiceSnapshot snapshot = service().instance("a1", A).instance("b1", B)
                .task("a1", "RUNNING", "RUNNING", "HEALTHY", true)
                .task("a1", "RUNNING", "RUNNING", "HEALTHY", true)
                .tasks("b1", 1)
                .build();

        List<TaskSnapshot> victims = RebalancePlanner.selectScaleInVictims(snapshot, 1, task -> true);

        assertEquals(A, victims.get(0).availabilityZone());
    }

    @Test
    void notHealthyDetailNamesTasksAndReasons() {
        ServiceSnapshot snapshot = service().instance("a1", A).instance("b1", B).instance("c1", C)
                .task("b1", "RUNNING", "RUNNING", "UNKNOWN", false)
                .task("b1", "RUNNING", "RUNNING", "UNHEALTHY", false)
                .tasks("c1", 1)
                .build();

        RebalancePlan plan = RebalancePlanner.plan(snapshot, SURGE, RebalanceHistory.NONE, NOW);

        assertEquals(PlanReason.TASKS_NOT_HEALTHY, plan.reason());
        assertEquals("tasks [task01=health check not passed yet, task02=UNHEALTHY]", plan.detail());
        assertEquals(counts(A, 0, B, 2, C, 1), plan.tasksPerAz(), "the plan still reports the distribution");
        assertEquals(2, plan.skew());
    }

    @Test
    void describeNotHealthyTasksSkipsTasksNotRunning() {
        ServiceSnapshot snapshot = service().instance("a1", A)
                .task("a1", "PENDING", "RUNNING", "UNKNOWN", false)
                .task("a1", "RUNNING", "STOPPED", "UNHEALTHY", false)
                .tasks("a1", 1)
                .build();

        assertEquals(List.of(), RebalancePlanner.describeNotHealthyTasks(snapshot));
    }

    @Test
    void skewOfNoZoneIsZero() {
        assertEquals(0, RebalancePlanner.skew(Map.of()));
        assertFalse(RebalancePlanner.plan(service().instance("a1", A).desiredCount(0).build(), SURGE,
                RebalanceHistory.NONE, NOW).hasMoves());
    }
}
