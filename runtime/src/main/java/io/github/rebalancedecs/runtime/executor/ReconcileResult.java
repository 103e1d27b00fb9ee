package io.github.rebalancedecs.runtime.executor;

import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import java.util.Objects;

/**
 * The result of one reconcile step for one service.
 *
 * @param clusterName    the cluster
 * @param serviceName    the service
 * @param outcome        what the step did
 * @param message        the reason, in words, with the values involved
 * @param distribution   the tasks per Availability Zone as observed; {@code null} when the
 *                       observation failed
 * @param plan           the plan computed in this step; {@code null} when an operation was
 *                       already in flight or the observation failed
 * @param movesCompleted moves that landed in this step
 */
public record ReconcileResult(
        String clusterName,
        String serviceName,
        ReconcileOutcome outcome,
        String message,
        AzDistribution distribution,
        RebalancePlan plan,
        int movesCompleted) {

    public ReconcileResult {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }
}
