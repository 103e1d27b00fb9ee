package io.github.rebalancedecs.runtime.executor;

import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.PlanReason;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of one invocation for one service, summed over its reconcile steps.
 *
 * @param serviceName    the service
 * @param steps          every step, in order
 */
public record ServiceRunSummary(String serviceName, List<ReconcileResult> steps) {

    public ServiceRunSummary {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("steps must not be empty for service " + serviceName);
        }
    }

    /** Returns the last step. */
    public ReconcileResult last() {
        return steps.get(steps.size() - 1);
    }

    /** Returns the latest observed distribution, or {@code null} when no observation succeeded. */
    public AzDistribution distribution() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).distribution() != null) {
                return steps.get(i).distribution();
            }
        }
        return null;
    }

    /** Returns the moves of the first plan that had moves, 0 when none had. */
    public int movesPlanned() {
        return steps.stream()
                .map(ReconcileResult::plan)
                .filter(plan -> plan != null && plan.hasMoves())
                .mapToInt(plan -> plan.moves().size())
                .findFirst()
                .orElse(0);
    }

    public int movesCompleted() {
        return steps.stream().mapToInt(ReconcileResult::movesCompleted).sum();
    }

    public int rollbacks() {
        return (int) steps.stream().filter(step -> step.outcome() == ReconcileOutcome.ROLLED_BACK).count();
    }

    /**
     * Returns true when the service was skewed or could not be read and the run started nothing:
     * a gate, a cooldown, the maintenance window, dry run or a failed call held it back.
     */
    public boolean skipped() {
        boolean started = steps.stream().anyMatch(step -> step.outcome() == ReconcileOutcome.STARTED);
        if (started) {
            return false;
        }
        ReconcileResult last = last();
        if (last.outcome() == ReconcileOutcome.FAILED || last.outcome() == ReconcileOutcome.PLANNED) {
            return true;
        }
        RebalancePlan plan = last.plan();
        return plan != null && plan.reason() != PlanReason.BALANCED && plan.reason() != PlanReason.DESIRED_COUNT_ZERO;
    }

    /**
     * Returns true when the run ended FAILED: a read or a call failed, or dry run found an
     * operation in flight that it cannot finish.
     */
    public boolean failed() {
        return last().outcome() == ReconcileOutcome.FAILED;
    }

    static ServiceRunSummary of(String serviceName, List<ReconcileResult> steps) {
        return new ServiceRunSummary(serviceName, new ArrayList<>(steps));
    }
}
