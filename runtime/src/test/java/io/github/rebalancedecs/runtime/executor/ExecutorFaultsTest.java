package io.github.rebalancedecs.runtime.executor;

import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.ServiceSpec;
import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExecutorFaultsTest {

    private static final Map<String, Integer> CASE_ONE = Map.of("us-east-1b", 2, "us-east-1c", 1);

    private EmulatorTestbed testbed;
    private ExecutorDriver driver;

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
        driver = new ExecutorDriver(testbed, SERVICE, running -> running >= 3);
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    private RebalanceExecutor surgeExecutor() {
        return testbed.executor(RebalanceExecutorTest.SURGE, RebalanceExecutorTest.SETTINGS, MutationListener.NONE);
    }

    @Test
    void throttledCallsAreRetried() {
        ObservedCases.twoTasksInOneZone(testbed, 100, 200);
        testbed.emulator().faults().throttleNext(2, "DescribeTasks", "ListTasks", "UpdateService",
                "UpdateTaskProtection");

        List<ReconcileResult> steps = driver.runOnce(surgeExecutor());

        assertEquals(ReconcileOutcome.COMPLETED, steps.get(steps.size() - 1).outcome(), steps.toString());
        assertEquals(RebalanceExecutorTest.BALANCED, testbed.tasksPerAz(SERVICE));
        assertTrue(testbed.emulator().requestLog().requests().stream().anyMatch(request -> !request.succeeded()),
                "the emulator throttled some calls");
    }

    @Test
    void persistentThrottlingChangesNothing() {
        // A short call timeout ends the SDK's throttling back-off quickly.
        try (EmulatorTestbed shortTimeouts = new EmulatorTestbed(Duration.ofSeconds(1))) {
            ObservedCases.twoTasksInOneZone(shortTimeouts, 100, 200);
            shortTimeouts.emulator().faults().throttle(1.0, "ListTasks");
            RebalanceExecutor executor = shortTimeouts.executor(RebalanceExecutorTest.SURGE,
                    RebalanceExecutorTest.SETTINGS, MutationListener.NONE);

            ReconcileResult result = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);

            assertEquals(ReconcileOutcome.FAILED, result.outcome());
            assertTrue(result.message().contains("observation failed"), result.message());
            assertEquals(0, shortTimeouts.emulator().requestLog().count("UpdateService"));
            assertEquals(0, shortTimeouts.emulator().requestLog().count("TagResource"));
        }
    }

    @Test
    void surgeThatNeverRunsIsRolledBack() {
        ObservedCases.instanceReplaced(testbed, 100, 200);
        testbed.emulator().faults().failTaskStarts("us-east-1a");

        List<ReconcileResult> steps = driver.runOnce(surgeExecutor());

        ReconcileResult last = steps.get(steps.size() - 1);
        assertEquals(ReconcileOutcome.ROLLED_BACK, last.outcome(), steps.toString());
        assertEquals(3, testbed.desiredCount(SERVICE));
        testbed.advance(Duration.ofMinutes(1), SERVICE, running -> running >= 3);
        assertEquals(CASE_ONE, testbed.tasksPerAz(SERVICE));
        assertTrue(testbed.tags(SERVICE).containsKey("rebalanced-ecs:ineffective-until"));
        assertFalse(testbed.tags(SERVICE).containsKey("rebalanced-ecs:phase"));
    }

    @Test
    void fullTargetZoneRollsBack() {
        // The us-east-1a instance has room for exactly one task of either service.
        String zoneA = "us-east-1a";
        String c = testbed.instance("efc73e16e2124f8ebd95afb979fbcaa9", "us-east-1c");
        String b = testbed.instance("39e05f45f51d467ba061e3f23fb2782b", "us-east-1b");
        String a = testbed.instance("96d493dfb02b4ca1b7d9e872ac0e1fc1", zoneA, 256, 512);
        testbed.service(ServiceSpec.builder().serviceName(SERVICE).desiredCount(3).taskCpu(256).taskMemory(512));
        testbed.runningTask(SERVICE, c, null);
        testbed.runningTask(SERVICE, b, null);
        testbed.runningTask(SERVICE, b, null);
        RebalanceExecutor executor = surgeExecutor();

        ReconcileResult started = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        testbed.service(ServiceSpec.builder().serviceName("batch").desiredCount(1).taskCpu(256).taskMemory(512)
                .placementConstraints(List.of(PlacementConstraint.memberOf(
                        "attribute:ecs.availability-zone == " + zoneA))));
        testbed.runningTask("batch", a, null);
        List<ReconcileResult> steps = driver.runOnce(executor);

        assertEquals(ReconcileOutcome.STARTED, started.outcome());
        ReconcileResult last = steps.get(steps.size() - 1);
        assertEquals(ReconcileOutcome.ROLLED_BACK, last.outcome(), steps.toString());
        assertEquals(3, testbed.desiredCount(SERVICE));
        testbed.advance(Duration.ofMinutes(1), SERVICE, running -> running >= 3);
        assertEquals(3, testbed.runningTasks(SERVICE));
        assertEquals(0, testbed.tasksPerAz(SERVICE).getOrDefault(zoneA, 0));
    }

    @Test
    void surgeDefersToDesiredCountChange() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        RebalanceExecutor executor = surgeExecutor();

        ReconcileResult started = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        testbed.ecs().updateService(request -> request.cluster(EmulatorTestbed.CLUSTER).service(SERVICE)
                .desiredCount(6));
        ReconcileResult next = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);

        assertEquals(ReconcileOutcome.STARTED, started.outcome());
        assertEquals(ReconcileOutcome.DEFERRED, next.outcome());
        assertTrue(next.message().contains("changed to 6"), next.message());
        assertEquals(6, testbed.desiredCount(SERVICE));
        assertFalse(testbed.tags(SERVICE).containsKey("rebalanced-ecs:phase"));
    }

    @Test
    void scaleInDefersToDesiredCountChange() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        RebalanceExecutor executor = surgeExecutor();

        ReconcileResult result = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        while (!"SCALING_IN".equals(testbed.tags(SERVICE).get("rebalanced-ecs:phase"))) {
            assertFalse(result.outcome().isTerminal(), result.toString());
            testbed.advance(ExecutorDriver.POLL, SERVICE, running -> running >= 3);
            result = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        }
        assertTrue(testbed.tasks(SERVICE).stream().anyMatch(task -> task.protectionExpiresAt() != null));
        testbed.ecs().updateService(request -> request.cluster(EmulatorTestbed.CLUSTER).service(SERVICE)
                .desiredCount(4));
        ReconcileResult deferred = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);

        assertEquals(ReconcileOutcome.DEFERRED, deferred.outcome(), deferred.toString());
        assertEquals(4, testbed.desiredCount(SERVICE));
        assertTrue(testbed.tasks(SERVICE).stream().allMatch(task -> task.protectionExpiresAt() == null),
                testbed.tasks(SERVICE).toString());
        assertFalse(testbed.tags(SERVICE).containsKey("rebalanced-ecs:phase"));
    }

    @Test
    void dryRunChangesNothing() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        RebalanceExecutor executor = testbed.executor(RebalanceExecutorTest.SURGE,
                RebalanceExecutorTest.SETTINGS.withDryRun(true), MutationListener.NONE);

        ReconcileResult result = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);

        assertEquals(ReconcileOutcome.PLANNED, result.outcome());
        assertEquals(2, result.plan().moves().size());
        assertEquals(0, testbed.emulator().requestLog().count("UpdateService"));
        assertEquals(0, testbed.emulator().requestLog().count("TagResource"));
        assertEquals(Map.of("us-east-1c", 3), testbed.tasksPerAz(SERVICE));
    }

    @Test
    void outsideWindowPlansWithoutActing() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);

        ReconcileResult result = surgeExecutor().reconcile(EmulatorTestbed.CLUSTER, SERVICE, false);

        assertEquals(ReconcileOutcome.PLANNED, result.outcome());
        assertTrue(result.message().contains("outside the maintenance window"), result.message());
        assertEquals(0, testbed.emulator().requestLog().count("UpdateService"));
    }

    @Test
    void protectedTaskOfSomeoneElseIsNeverStopped() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        String keptTask = "90426a6661e04f73a1535f184279285d";
        testbed.ecs().updateTaskProtection(request -> request.cluster(EmulatorTestbed.CLUSTER).tasks(keptTask)
                .protectionEnabled(true).expiresInMinutes(120));

        List<ReconcileResult> steps = driver.runOnce(surgeExecutor());

        assertEquals(ReconcileOutcome.COMPLETED, steps.get(steps.size() - 1).outcome(), steps.toString());
        assertEquals(RebalanceExecutorTest.BALANCED, testbed.tasksPerAz(SERVICE));
        assertTrue(testbed.tasks(SERVICE).stream().anyMatch(task -> task.taskId().equals(keptTask)
                && task.protectionExpiresAt() != null), "the other protection stays: " + testbed.tasks(SERVICE));
    }
}
