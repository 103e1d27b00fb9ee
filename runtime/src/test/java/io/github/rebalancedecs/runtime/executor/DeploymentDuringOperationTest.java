package io.github.rebalancedecs.runtime.executor;

import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.emulator.TaskSnapshot;
import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.planner.PlanReason;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * A deployment that starts while the rebalancer is in the middle of an operation: the executor
 * stops, undoes only what it changed (the desired count, its scale-in protection and its tags)
 * and leaves the tasks to the deployment. Every call goes through the real {@code EcsClient} to
 * the emulator, whose rolling update keeps the minimum healthy and maximum percent.
 */
class DeploymentDuringOperationTest {

    private static final String PHASE = "rebalanced-ecs:phase";

    private EmulatorTestbed testbed;

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    @Test
    void surgeRollsBackWhenDeploymentStarts() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        IntPredicate atLeastDesired = running -> running >= 3;
        RebalanceExecutor executor = surgeExecutor();
        ReconcileResult started = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        testbed.advance(ExecutorDriver.POLL, SERVICE, atLeastDesired);
        int surgedDesiredCount = testbed.desiredCount(SERVICE);
        String phaseBeforeDeployment = testbed.tags(SERVICE).get(PHASE);

        String deploymentId = testbed.deployNewRevision(SERVICE);
        List<ReconcileResult> steps = stepUntilTerminal(executor, atLeastDesired);

        assertEquals(ReconcileOutcome.STARTED, started.outcome());
        assertEquals(5, surgedDesiredCount, "the surge raised the desired count by the 2 planned moves");
        assertEquals("SURGING", phaseBeforeDeployment);
        assertYieldedToDeployment(steps, ReconcileOutcome.ROLLED_BACK, deploymentId, atLeastDesired);
    }

    @Test
    void scaleInRollsBackWhenDeploymentStarts() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        IntPredicate atLeastDesired = running -> running >= 3;
        RebalanceExecutor executor = surgeExecutor();
        ReconcileResult result = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        while (!"SCALING_IN".equals(testbed.tags(SERVICE).get(PHASE))) {
            assertFalse(result.outcome().isTerminal(), result.toString());
            testbed.advance(ExecutorDriver.POLL, SERVICE, atLeastDesired);
            result = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        }
        long protectedBeforeDeployment = protectedTasks();

        String deploymentId = testbed.deployNewRevision(SERVICE);
        List<ReconcileResult> steps = stepUntilTerminal(executor, atLeastDesired);

        assertEquals(3, protectedBeforeDeployment, "the scale-in protected the 3 tasks that stay");
        assertYieldedToDeployment(steps, ReconcileOutcome.ROLLED_BACK, deploymentId, atLeastDesired);
    }

    @Test
    void replaceStopsWhenDeploymentStarts() {
        ObservedCases.allTasksOnOneInstance(testbed, 50, 100);
        // minimumHealthyPercent 50 of 3 tasks: 2 run at every moment, and maximumPercent 100 allows no fourth.
        IntPredicate withinPercents = running -> running >= 2 && running <= 3;
        RebalanceExecutor executor = testbed.executor(RebalanceExecutorTest.REPLACE, RebalanceExecutorTest.SETTINGS,
                MutationListener.NONE);
        ReconcileResult started = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        testbed.advance(ExecutorDriver.POLL, SERVICE, withinPercents);
        String phaseBeforeDeployment = testbed.tags(SERVICE).get(PHASE);

        String deploymentId = testbed.deployNewRevision(SERVICE);
        List<ReconcileResult> steps = stepUntilTerminal(executor, withinPercents);

        assertEquals(ReconcileOutcome.STARTED, started.outcome());
        assertEquals("REPLACING", phaseBeforeDeployment);
        assertEquals(1, testbed.emulator().requestLog().count("StopTask"), "the executor stopped no second task");
        assertYieldedToDeployment(steps, ReconcileOutcome.DEFERRED, deploymentId, withinPercents);
    }

    @Test
    void noActionWhileDeploymentInProgress() {
        // With minimumHealthyPercent 50 and maximumPercent 100 the last old task stops before the
        // last new one runs. The old deployment is then gone while the PRIMARY is still
        // IN_PROGRESS, so the gate must read the rollout state, not only count deployments.
        ObservedCases.allTasksOnOneInstance(testbed, 50, 100);
        RebalanceExecutor executor = surgeExecutor();
        String deploymentId = testbed.deployNewRevision(SERVICE);

        List<ReconcileResult> steps = new ArrayList<>();
        boolean sawPrimaryAloneInProgress = false;
        for (int poll = 0; poll < 120 && !testbed.deploymentCompleted(SERVICE); poll++) {
            List<Deployment> deployments = testbed.deployments(SERVICE);
            sawPrimaryAloneInProgress |= deployments.size() == 1
                    && deployments.get(0).rolloutState() == DeploymentRolloutState.IN_PROGRESS;
            steps.add(executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true));
            testbed.advance(ExecutorDriver.POLL, SERVICE, running -> running >= 2);
        }
        ReconcileResult afterDeployment = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, false);

        assertTrue(testbed.deploymentCompleted(SERVICE), testbed.deployments(SERVICE).toString());
        assertTrue(sawPrimaryAloneInProgress, "a poll saw the PRIMARY alone and still IN_PROGRESS");
        assertTrue(steps.size() > 3, steps.toString());
        for (ReconcileResult step : steps) {
            assertEquals(ReconcileOutcome.NO_ACTION, step.outcome(), step.toString());
            assertEquals(PlanReason.DEPLOYMENT_IN_PROGRESS, step.plan().reason(), step.toString());
        }
        for (String operation : List.of("TagResource", "UntagResource", "StopTask", "UpdateTaskProtection")) {
            assertEquals(0, testbed.emulator().requestLog().count(operation), operation);
        }
        assertEquals(1, testbed.emulator().requestLog().count("UpdateService"), "only the test's own deployment");
        assertNotEquals(PlanReason.DEPLOYMENT_IN_PROGRESS, afterDeployment.plan().reason(), afterDeployment.toString());
        assertTrue(runningTasks().stream().allMatch(task -> task.startedBy().equals(deploymentId)));
    }

    private RebalanceExecutor surgeExecutor() {
        return testbed.executor(RebalanceExecutorTest.SURGE, RebalanceExecutorTest.SETTINGS, MutationListener.NONE);
    }

    /**
     * Steps the executor until a terminal outcome. A deployment waits for protected tasks, so
     * after every step no task may carry scale-in protection once a deployment is in progress.
     */
    private List<ReconcileResult> stepUntilTerminal(RebalanceExecutor executor, IntPredicate runningCountCheck) {
        List<ReconcileResult> steps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ReconcileResult result = executor.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
            steps.add(result);
            assertEquals(0, protectedTasks(), "protection held the deployment back after " + steps);
            if (result.outcome().isTerminal()) {
                return steps;
            }
            testbed.advance(ExecutorDriver.POLL, SERVICE, runningCountCheck);
        }
        throw new AssertionError("no terminal outcome after 100 steps: " + steps);
    }

    /**
     * Checks that the last step ended the operation because of the deployment, with the desired
     * count at its value before the operation and nothing of the executor's left. Then lets the
     * deployment finish, checking the running count at every tick, and checks its tasks.
     */
    private void assertYieldedToDeployment(List<ReconcileResult> steps, ReconcileOutcome outcome,
            String deploymentId, IntPredicate runningCountCheck) {
        ReconcileResult last = steps.get(steps.size() - 1);
        assertEquals(outcome, last.outcome(), steps.toString());
        assertTrue(last.message().contains("a deployment started"), last.message());
        assertEquals(3, testbed.desiredCount(SERVICE), "the desired count is back at its value before the operation");
        Map<String, String> tags = testbed.tags(SERVICE);
        assertFalse(tags.containsKey(PHASE), tags.toString());
        assertFalse(tags.containsKey("rebalanced-ecs:ineffective-until"),
                "a deployment is no reason for the ineffective cooldown: " + tags);
        assertEquals(0, protectedTasks(), testbed.tasks(SERVICE).toString());

        for (int poll = 0; poll < 60 && !testbed.deploymentCompleted(SERVICE); poll++) {
            testbed.advance(ExecutorDriver.POLL, SERVICE, runningCountCheck);
        }

        assertTrue(testbed.deploymentCompleted(SERVICE), testbed.deployments(SERVICE).toString());
        assertEquals(deploymentId, testbed.deployments(SERVICE).get(0).id());
        List<Task> running = runningTasks();
        assertEquals(3, running.size(), running.toString());
        String revision = testbed.deployments(SERVICE).get(0).taskDefinition();
        for (Task task : running) {
            assertEquals(revision, task.taskDefinitionArn(), task.toString());
            assertEquals(deploymentId, task.startedBy(), task.toString());
        }
    }

    private List<Task> runningTasks() {
        List<String> arns = testbed.ecs().listTasks(request -> request.cluster(EmulatorTestbed.CLUSTER)
                .serviceName(SERVICE)).taskArns();
        return testbed.ecs().describeTasks(request -> request.cluster(EmulatorTestbed.CLUSTER).tasks(arns)).tasks();
    }

    private long protectedTasks() {
        return testbed.tasks(SERVICE).stream()
                .map(TaskSnapshot::protectionExpiresAt)
                .filter(expiry -> expiry != null && expiry.isAfter(testbed.emulator().now()))
                .count();
    }
}
