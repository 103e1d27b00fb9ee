package io.github.rebalancedecs.runtime.executor;

import io.github.rebalancedecs.runtime.planner.PlanReason;
import io.github.rebalancedecs.runtime.testing.EmulatorTestbed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/** Calls an executor step after step, advancing the emulator between steps, as the runner does. */
final class ExecutorDriver {

    static final Duration POLL = Duration.ofSeconds(5);

    private final EmulatorTestbed testbed;
    private final String service;
    private final Runnable tickCheck;

    ExecutorDriver(EmulatorTestbed testbed, String service, IntPredicate runningCountCheck) {
        this(testbed, service, testbed.runningCountCheck(service, runningCountCheck));
    }

    /** Creates a driver that runs {@code tickCheck} after every tick of the emulator's clock. */
    ExecutorDriver(EmulatorTestbed testbed, String service, Runnable tickCheck) {
        this.testbed = testbed;
        this.service = service;
        this.tickCheck = tickCheck;
    }

    /** Steps until the outcome is terminal; returns every step. */
    List<ReconcileResult> runOnce(RebalanceExecutor executor) {
        List<ReconcileResult> steps = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ReconcileResult result = executor.reconcile(EmulatorTestbed.CLUSTER, service, true);
            steps.add(result);
            if (result.outcome().isTerminal()) {
                return steps;
            }
            testbed.advance(POLL, tickCheck);
        }
        throw new AssertionError("no terminal outcome after 500 steps: " + steps.get(steps.size() - 1));
    }

    /**
     * Runs the executor, invocation after invocation a minute apart, until the planner finds the
     * service balanced; returns every step.
     */
    List<ReconcileResult> settle(RebalanceExecutor executor) {
        List<ReconcileResult> steps = new ArrayList<>();
        for (int run = 0; run < 20; run++) {
            List<ReconcileResult> runSteps = runOnce(executor);
            steps.addAll(runSteps);
            ReconcileResult last = runSteps.get(runSteps.size() - 1);
            if (last.outcome() == ReconcileOutcome.NO_ACTION && last.plan() != null
                    && last.plan().reason() == PlanReason.BALANCED) {
                return steps;
            }
            testbed.advance(Duration.ofMinutes(1), tickCheck);
        }
        throw new AssertionError("not balanced after 20 runs: " + steps.get(steps.size() - 1));
    }
}
