package io.github.rebalancedecs.runtime.executor;

import static io.github.rebalancedecs.runtime.testing.ObservedCases.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.ecs.MutationListener;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import io.github.rebalancedecs.runtime.testing.ObservedCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Stops a run right after its N-th mutating ECS call, for every N, as a Lambda timeout or crash
 * would, then lets a fresh executor (a new invocation) read the state from ECS and finish.
 */
class CrashRecoveryTest {

    /** Thrown by the listener to stop the run, like the end of a Lambda invocation. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String operation, int count) {
            super("stopped after call " + count + " (" + operation + ")");
        }
    }

    @Test
    void surgeRecoversFromEveryKill() {
        List<String> completed = killAfterEachMutation(RebalanceExecutorTest.SURGE, 100, 200, running -> running >= 3);

        assertTrue(completed.size() >= 7, "a SURGE run makes at least 7 mutating calls, got " + completed);
    }

    @Test
    void replaceRecoversFromEveryKill() {
        List<String> completed = killAfterEachMutation(RebalanceExecutorTest.REPLACE, 50, 100, running -> running >= 2);

        assertTrue(completed.size() >= 4, "a REPLACE run makes at least 4 mutating calls, got " + completed);
    }

    /**
     * Runs observed case 3 once for every mutating call of an uninterrupted run and kills the run
     * right after that call. Returns the calls of the uninterrupted run.
     */
    private List<String> killAfterEachMutation(RebalancePolicy policy, int minimumHealthyPercent, int maximumPercent,
            IntPredicate runningCountCheck) {
        List<String> uninterrupted = new ArrayList<>();
        for (int killAfter = 1; ; killAfter++) {
            try (EmulatorTestbed testbed = new EmulatorTestbed()) {
                ObservedCases.allTasksOnOneInstance(testbed, minimumHealthyPercent, maximumPercent);
                ExecutorDriver driver = new ExecutorDriver(testbed, SERVICE, runningCountCheck);
                List<String> calls = new ArrayList<>();
                int limit = killAfter;
                MutationListener killer = operation -> {
                    calls.add(operation);
                    if (calls.size() == limit) {
                        throw new SimulatedCrash(operation, limit);
                    }
                };

                boolean killed;
                try {
                    driver.runOnce(testbed.executor(policy, RebalanceExecutorTest.SETTINGS, killer));
                    killed = false;
                } catch (SimulatedCrash crash) {
                    killed = true;
                }
                if (!killed) {
                    uninterrupted.addAll(calls);
                    return uninterrupted;
                }

                String context = "killed after call " + killAfter + " of " + calls;
                driver.settle(testbed.executor(policy, RebalanceExecutorTest.SETTINGS, MutationListener.NONE));

                assertEquals(RebalanceExecutorTest.BALANCED, testbed.tasksPerAz(SERVICE), context);
                assertEquals(3, testbed.desiredCount(SERVICE), context);
                Map<String, String> tags = testbed.tags(SERVICE);
                assertFalse(tags.containsKey("rebalanced-ecs:phase"), context + ": " + tags);
                assertTrue(testbed.tasks(SERVICE).stream().allMatch(task -> task.protectionExpiresAt() == null),
                        context + ": protection left on " + testbed.tasks(SERVICE));
            }
        }
    }
}
