package io.github.rebalancedecs.runtime.executor;

import static io.github.rebalancedecs.runtime.executor.RebalanceExecutorTest.BALANCED;
import static io.github.rebalancedecs.runtime.executor.RebalanceExecutorTest.REPLACE;
import static io.github.rebalancedecs.runtime.executor.RebalanceExecutorTest.SETTINGS;
import static io.github.rebalancedecs.runtime.executor.RebalanceExecutorTest.SURGE;
import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.emulator.HealthStatus;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.planner.PlanReason;
import io.github.rebalancedecs.runtime.executor.RebalanceExecutorTest.CaseSetup;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end through the real {@code EcsClient} against the emulator: a task counts as healthy
 * only once ECS reports it HEALTHY when its task definition defines a container health check,
 * and once RUNNING when it defines none (ECS then reports UNKNOWN for as long as it runs).
 *
 * <p>The emulator's tasks start 15 seconds after placement and pass their health check 30 seconds
 * after RUNNING, and the driver steps the executor every 5 seconds, so an executor that took
 * RUNNING and UNKNOWN for healthy would act inside that window and fail the checks.
 */
class TaskHealthCheckTest {

    /** The desired count of every observed case. */
    private static final int DESIRED_COUNT = 3;

    private EmulatorTestbed testbed;

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    private static final String OBSERVED_CASES =
            "io.github.rebalancedecs.runtime.executor.RebalanceExecutorTest#observedCases";

    @ParameterizedTest(name = "SURGE with a health check, {0}")
    @MethodSource(OBSERVED_CASES)
    void surgeWaitsForHealthyTasks(CaseSetup setup) {
        setup.apply(testbed, 100, 200);
        ExecutorDriver driver = new ExecutorDriver(testbed, SERVICE, healthyAtLeast(DESIRED_COUNT));

        List<ReconcileResult> steps = driver.runOnce(testbed.executor(SURGE, SETTINGS, MutationListener.NONE));

        assertEquals(ReconcileOutcome.COMPLETED, steps.get(steps.size() - 1).outcome(), steps.toString());
        assertTrue(steps.stream().anyMatch(step -> step.outcome() == ReconcileOutcome.WAITING
                && step.message().contains("health check not passed yet")), steps.toString());
        assertEquals(BALANCED, testbed.tasksPerAz(SERVICE));
        assertEquals(DESIRED_COUNT, testbed.desiredCount(SERVICE));
        RebalanceExecutorTest.assertNoOperationLeft(testbed);
    }

    @ParameterizedTest(name = "SURGE without a health check, counts {0}")
    @CsvSource({"0, 2, 1", "2, 0, 1", "0, 0, 3"})
    void surgeRebalancesWithoutHealthCheck(int a, int b, int c) {
        skewedServiceWithoutHealthCheck(100, 200, a, b, c);
        ExecutorDriver driver = new ExecutorDriver(testbed, SERVICE, runningAtLeastAndUnknown(DESIRED_COUNT));

        List<ReconcileResult> steps = driver.runOnce(testbed.executor(SURGE, SETTINGS, MutationListener.NONE));

        assertEquals(ReconcileOutcome.COMPLETED, steps.get(steps.size() - 1).outcome(), steps.toString());
        assertEquals(BALANCED, testbed.tasksPerAz(SERVICE));
        assertEquals(DESIRED_COUNT, testbed.desiredCount(SERVICE));
        RebalanceExecutorTest.assertNoOperationLeft(testbed);
    }

    @Test
    void replaceWaitsForHealthyReplacement() {
        // Two moves. With minimumHealthyPercent 50, one of the 3 tasks may be down at a time, so
        // the second stop must wait until the first replacement is HEALTHY.
        ObservedCases.allTasksOnOneInstance(testbed, 50, 100);
        ExecutorDriver driver = new ExecutorDriver(testbed, SERVICE, healthyAtLeast(DESIRED_COUNT - 1));

        List<ReconcileResult> steps = driver.runOnce(testbed.executor(REPLACE, SETTINGS, MutationListener.NONE));

        assertEquals(ReconcileOutcome.COMPLETED, steps.get(steps.size() - 1).outcome(), steps.toString());
        assertEquals(2, steps.stream().mapToInt(ReconcileResult::movesCompleted).sum(), steps.toString());
        assertEquals(BALANCED, testbed.tasksPerAz(SERVICE));
        RebalanceExecutorTest.assertNoOperationLeft(testbed);
    }

    @Test
    void replaceRebalancesWithoutHealthCheck() {
        skewedServiceWithoutHealthCheck(50, 100, 0, 0, 3);
        ExecutorDriver driver = new ExecutorDriver(testbed, SERVICE, runningAtLeastAndUnknown(DESIRED_COUNT - 1));

        List<ReconcileResult> steps = driver.runOnce(testbed.executor(REPLACE, SETTINGS, MutationListener.NONE));

        assertEquals(ReconcileOutcome.COMPLETED, steps.get(steps.size() - 1).outcome(), steps.toString());
        assertEquals(BALANCED, testbed.tasksPerAz(SERVICE));
        RebalanceExecutorTest.assertNoOperationLeft(testbed);
    }

    @Test
    void noMoveStartsWhileTaskAwaitsHealthCheck() {
        ObservedCases.instanceReplaced(testbed, 100, 200);
        // As after ECS replaced a task: RUNNING, and its health check has not passed yet.
        testbed.emulator().setTaskHealth(EmulatorTestbed.CLUSTER, "45157257286d4f3981a2ff35001f1a46",
                HealthStatus.UNKNOWN);
        RebalanceExecutor executor = testbed.executor(SURGE, SETTINGS, MutationListener.NONE);

        ReconcileResult waiting = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);

        assertEquals(ReconcileOutcome.NO_ACTION, waiting.outcome(), waiting.message());
        assertEquals(PlanReason.TASKS_NOT_HEALTHY, waiting.plan().reason(), waiting.message());
        assertTrue(waiting.message().contains("45157257286d4f3981a2ff35001f1a46=health check not passed yet"),
                waiting.message());
        assertEquals(DESIRED_COUNT, testbed.desiredCount(SERVICE));
        assertFalse(testbed.tags(SERVICE).containsKey("rebalanced-ecs:phase"), testbed.tags(SERVICE).toString());

        testbed.emulator().advance(testbed.emulator().settings().tickInterval());
        ReconcileResult started = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);

        assertEquals(ReconcileOutcome.STARTED, started.outcome(), started.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dry run, true, true", "outside the maintenance window, false, false"})
    void planShowsWaitForHealthCheck(String mode, boolean dryRun, boolean mayStart) {
        ObservedCases.instanceReplaced(testbed, 100, 200);
        testbed.emulator().setTaskHealth(EmulatorTestbed.CLUSTER, "45157257286d4f3981a2ff35001f1a46",
                HealthStatus.UNHEALTHY);
        RebalanceExecutor executor = testbed.executor(SURGE, SETTINGS.withDryRun(dryRun), MutationListener.NONE);

        ReconcileResult result = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, mayStart);

        // Without the planner's gate, the executor would report the move as PLANNED.
        assertEquals(ReconcileOutcome.NO_ACTION, result.outcome(), result.message());
        assertEquals(PlanReason.TASKS_NOT_HEALTHY, result.plan().reason(), result.message());
        assertTrue(result.message().contains("45157257286d4f3981a2ff35001f1a46=UNHEALTHY"), result.message());
        for (String operation : List.of("UpdateService", "StopTask", "UpdateTaskProtection", "TagResource")) {
            assertEquals(0, testbed.emulator().requestLog().count(operation), operation);
        }
    }

    /**
     * Creates the observed cases' layout, one instance per Availability Zone and a service of 3
     * tasks, with a task definition that defines no container health check. The shipped
     * scenarios that {@link ObservedCases} replays define one.
     */
    private void skewedServiceWithoutHealthCheck(int minimumHealthyPercent, int maximumPercent, int... tasksPerAz) {
        List<String> zones = List.of("us-east-1a", "us-east-1b", "us-east-1c");
        List<String> instances = zones.stream().map(zone -> testbed.instance(null, zone)).toList();
        testbed.withoutTaskHealthCheck().service(ServiceSpec.builder().serviceName(SERVICE)
                .desiredCount(DESIRED_COUNT)
                .placementStrategies(List.of(PlacementStrategy.spreadAcrossAvailabilityZones(),
                        PlacementStrategy.spreadAcrossInstances()))
                .minimumHealthyPercent(minimumHealthyPercent)
                .maximumPercent(maximumPercent));
        for (int zone = 0; zone < zones.size(); zone++) {
            for (int task = 0; task < tasksPerAz[zone]; task++) {
                testbed.runningTask(SERVICE, instances.get(zone), null);
            }
        }
    }

    /** Fails a tick on which fewer than {@code minimum} tasks are RUNNING, meant to run and HEALTHY. */
    private Runnable healthyAtLeast(int minimum) {
        return () -> {
            long healthy = testbed.healthyTasks(SERVICE);
            if (healthy < minimum) {
                throw new AssertionError("RUNNING and HEALTHY tasks of " + SERVICE + " dropped to " + healthy
                        + " at " + testbed.emulator().now() + ": " + testbed.tasks(SERVICE));
            }
        };
    }

    /**
     * Fails a tick on which fewer than {@code minimum} tasks run, or on which a task reports a
     * health status other than UNKNOWN, which ECS never does without a container health check.
     */
    private Runnable runningAtLeastAndUnknown(int minimum) {
        Runnable runningCheck = testbed.runningCountCheck(SERVICE, running -> running >= minimum);
        return () -> {
            runningCheck.run();
            for (TaskSnapshot task : testbed.tasks(SERVICE)) {
                if (task.healthStatus() != HealthStatus.UNKNOWN) {
                    throw new AssertionError("task " + task.taskId() + " of a task definition without a health "
                            + "check reports " + task.healthStatus());
                }
            }
        };
    }
}
