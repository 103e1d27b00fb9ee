package io.github.rebalancedecs.runtime.executor;

import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.emulator.RecordedRequest;
import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dry run on a service that carries the tags of an operation that a run before dry run started:
 * the step reports FAILED with the way out and makes no ECS call that changes anything.
 */
class DryRunOperationInFlightTest {

    /** The ECS operations that only read. In dry run the executor calls no other. */
    private static final Set<String> READ_OPERATIONS = Set.of("DescribeServices", "ListTagsForResource",
            "ListTasks", "DescribeTasks", "GetTaskProtection", "ListContainerInstances",
            "DescribeContainerInstances", "DescribeTaskDefinition");

    private EmulatorTestbed testbed;
    private ExecutorDriver surgeDriver;

    @BeforeEach
    void startEmulator() {
        testbed = new EmulatorTestbed();
        surgeDriver = new ExecutorDriver(testbed, SERVICE, running -> running >= 3);
    }

    @AfterEach
    void stopEmulator() {
        testbed.close();
    }

    private RebalanceExecutor executor(boolean surge, ExecutorSettings settings) {
        return testbed.executor(surge ? RebalanceExecutorTest.SURGE : RebalanceExecutorTest.REPLACE, settings,
                MutationListener.NONE);
    }

    /** Starts a SURGE on observed case 3 with a rebalancer that may act: desired count 3 raised to 5. */
    private void startSurge() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        ReconcileResult started = executor(true, RebalanceExecutorTest.SETTINGS)
                .reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        assertEquals(ReconcileOutcome.STARTED, started.outcome(), started.toString());
        assertEquals(5, testbed.desiredCount(SERVICE));
    }

    /** Runs one dry-run step and returns it with what the rebalancer logged meanwhile. */
    private Logged<ReconcileResult> dryRunStep(boolean surge) {
        testbed.emulator().requestLog().clear();
        RebalanceExecutor dryRun = executor(surge, RebalanceExecutorTest.SETTINGS.withDryRun(true));
        return Logged.capture(() -> dryRun.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true));
    }

    private void assertOnlyReads() {
        List<String> writes = testbed.emulator().requestLog().requests().stream()
                .map(RecordedRequest::operation)
                .filter(operation -> !READ_OPERATIONS.contains(operation))
                .toList();
        assertEquals(List.of(), writes, "calls that change ECS");
    }

    @Test
    void surgeInFlightIsReportedAsFailure() {
        startSurge();

        Logged<ReconcileResult> step = dryRunStep(true);

        ReconcileResult result = step.value();
        assertEquals(ReconcileOutcome.FAILED, result.outcome());
        assertTrue(result.message().contains("SURGE operation in phase SURGING"), result.message());
        assertTrue(result.message().contains("set the desired count back to 3 and remove the service's tags whose "
                + "keys start with 'rebalanced-ecs:'"), result.message());
        assertTrue(result.message().contains("Turn dry run off"), result.message());
        assertEquals(3, result.distribution().skew(), "the step still measures the service");
        assertOnlyReads();
        assertEquals(5, testbed.desiredCount(SERVICE));
        assertEquals("SURGING", testbed.tags(SERVICE).get("rebalanced-ecs:phase"));
    }

    @Test
    void surgeInFlightWritesOneWarnLine() {
        startSurge();

        String log = dryRunStep(true).log();

        List<String> warnLines = log.lines().filter(line -> line.startsWith("WARN ")).toList();
        assertEquals(1, warnLines.size(), log);
        String line = warnLines.get(0);
        assertTrue(line.contains("\"outcome\":\"FAILED\""), line);
        assertTrue(line.contains("\"phase\":\"SURGING\""), line);
        assertTrue(line.contains("\"baselineDesiredCount\":3"), line);
        assertTrue(line.contains("\"desiredCount\":5"), line);
        assertTrue(line.contains("\"rebalanced-ecs:baseline-desired-count\""), "operationTagKeys: " + line);
        assertTrue(line.contains("\"hint\":\"Turn dry run off"), line);
        assertFalse(log.lines().anyMatch(entry -> entry.startsWith("INFO ") && entry.contains("\"FAILED\"")),
                "no second line for the same outcome: " + log);
    }

    @Test
    void dryRunOffFinishesTheOperation() {
        startSurge();
        ReconcileResult reported = dryRunStep(true).value();

        List<ReconcileResult> steps = surgeDriver.runOnce(executor(true, RebalanceExecutorTest.SETTINGS));

        assertEquals(ReconcileOutcome.FAILED, reported.outcome());
        assertEquals(ReconcileOutcome.COMPLETED, steps.get(steps.size() - 1).outcome(), steps.toString());
        assertEquals(RebalanceExecutorTest.BALANCED, testbed.tasksPerAz(SERVICE));
        assertEquals(3, testbed.desiredCount(SERVICE));
        assertFalse(testbed.tags(SERVICE).containsKey("rebalanced-ecs:phase"), testbed.tags(SERVICE).toString());
    }

    @Test
    void scaleInNamesProtectionExpiry() {
        ObservedCases.allTasksOnOneInstance(testbed, 100, 200);
        RebalanceExecutor acting = executor(true, RebalanceExecutorTest.SETTINGS);
        ReconcileResult result = acting.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        while (!"SCALING_IN".equals(testbed.tags(SERVICE).get("rebalanced-ecs:phase"))) {
            assertFalse(result.outcome().isTerminal(), result.toString());
            testbed.advance(ExecutorDriver.POLL, SERVICE, running -> running >= 3);
            result = acting.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);
        }
        long protectedBefore = protectedTasks();

        ReconcileResult step = dryRunStep(true).value();

        assertEquals(ReconcileOutcome.FAILED, step.outcome());
        assertTrue(step.message().contains("phase SCALING_IN"), step.message());
        assertTrue(step.message().contains("leave the desired count at 3, the baseline,"), step.message());
        assertTrue(step.message().contains("The scale-in protection that the rebalancer set on " + protectedBefore
                + " task(s) expires by itself at "), step.message());
        assertOnlyReads();
        assertTrue(protectedBefore > 0, "the scale-in step protected the tasks that stay");
        assertEquals(protectedBefore, protectedTasks(), "dry run leaves the protection alone");
    }

    private long protectedTasks() {
        return testbed.tasks(SERVICE).stream().filter(task -> task.protectionExpiresAt() != null).count();
    }

    @Test
    void desiredCountSetOutsideIsKept() {
        startSurge();
        testbed.ecs().updateService(request -> request.cluster(EmulatorTestbed.CLUSTER).service(SERVICE)
                .desiredCount(6));

        ReconcileResult step = dryRunStep(true).value();

        assertEquals(ReconcileOutcome.FAILED, step.outcome());
        assertTrue(step.message().contains("leave the desired count at 6, which was set outside the rebalancer"),
                step.message());
        assertOnlyReads();
        assertEquals(6, testbed.desiredCount(SERVICE));
    }

    @Test
    void replaceInFlightIsReportedAsFailure() {
        ObservedCases.allTasksOnOneInstance(testbed, 50, 100);
        ReconcileResult started = executor(false, RebalanceExecutorTest.SETTINGS)
                .reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);

        ReconcileResult step = dryRunStep(false).value();

        assertEquals(ReconcileOutcome.STARTED, started.outcome(), started.toString());
        assertEquals(ReconcileOutcome.FAILED, step.outcome());
        assertTrue(step.message().contains("REPLACE operation in phase REPLACING"), step.message());
        assertTrue(step.message().contains("leave the desired count at 3, the baseline,"), step.message());
        assertOnlyReads();
        assertEquals("REPLACING", testbed.tags(SERVICE).get("rebalanced-ecs:phase"));
    }

    @Test
    void planOnlyLeavesOperationToNextRun() {
        startSurge();
        testbed.emulator().requestLog().clear();
        RebalanceExecutor planOnly = executor(true, RebalanceExecutorTest.SETTINGS.forPlanOnly());

        ReconcileResult step = planOnly.reconcile(EmulatorTestbed.CLUSTER, SERVICE, true);

        assertEquals(ReconcileOutcome.NO_ACTION, step.outcome());
        assertTrue(step.message().contains("the next run continues it"), step.message());
        assertOnlyReads();
        assertEquals(5, testbed.desiredCount(SERVICE));
    }

    /**
     * A value with the lines that the rebalancer logged while it was computed. slf4j-simple, the
     * runtime's logging backend, looks up {@code System.err} at each call by default, so a
     * temporary stream there receives the lines of this thread's step.
     */
    record Logged<T>(T value, String log) {

        static <T> Logged<T> capture(Supplier<T> step) {
            PrintStream original = System.err;
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            T value;
            try {
                value = step.get();
            } finally {
                System.setErr(original);
            }
            return new Logged<>(value, buffer.toString(StandardCharsets.UTF_8));
        }
    }
}
