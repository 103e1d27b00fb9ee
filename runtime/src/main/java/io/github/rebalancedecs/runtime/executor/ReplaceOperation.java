package io.github.rebalancedecs.runtime.executor;

import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.executor.OperationRecord.Phase;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.RebalanceHistory;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import io.github.rebalancedecs.runtime.planner.RebalancePlanner;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import io.github.rebalancedecs.runtime.planner.TaskMove;
import io.github.rebalancedecs.runtime.planner.TaskSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The REPLACE strategy: stop one task with a reason that names the rebalancer, wait for ECS to
 * start its replacement, check where it landed, and go on with the next move.
 */
final class ReplaceOperation extends OperationSteps {

    private final RebalancePolicy policy;

    ReplaceOperation(EcsServiceOperations operations, ExecutorSettings settings, Clock clock,
            RebalancePolicy policy) {
        super(operations, settings, clock);
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    ReconcileResult start(ServiceSnapshot snapshot, AzDistribution distribution, RebalancePlan plan,
            int movesLeft, int movesCompleted, Instant now) {
        TaskMove move = plan.moves().get(0);
        OperationRecord record = new OperationRecord(Phase.REPLACING, RebalanceStrategy.REPLACE,
                snapshot.desiredCount(), snapshot.desiredCount(), now, plan.skew(), distribution.imbalance(),
                movesLeft, List.of(), move.taskArn(), move.fromAvailabilityZone(), movesCompleted,
                RebalanceHistory.NONE);

        operations.tagService(snapshot.serviceArn(), record.toTags());
        operations.stopTask(snapshot.clusterName(), move.taskArn(), "Stopped by rebalanced-ecs to move the task from "
                + move.fromAvailabilityZone() + " to " + move.toAvailabilityZone() + " for Availability Zone balance");
        logAction(snapshot, "task_stopped", Map.of("taskId", move.taskId(),
                "containerInstanceId", move.containerInstanceId(), "fromAvailabilityZone", move.fromAvailabilityZone(),
                "toAvailabilityZone", move.toAvailabilityZone()));
        return result(snapshot, ReconcileOutcome.STARTED, "stopped task " + move.taskId() + " in "
                + move.fromAvailabilityZone(), distribution, plan, 0);
    }

    ReconcileResult advance(ServiceSnapshot snapshot, AzDistribution distribution,
            OperationRecord record, boolean mayStart) {
        if (snapshot.desiredCount() != record.baselineDesiredCount()) {
            return defer(snapshot, distribution, record);
        }
        if (deploymentInProgress(snapshot)) {
            clearOperation(snapshot, null);
            return result(snapshot, ReconcileOutcome.DEFERRED, "a deployment started; ECS replaces the stopped "
                    + "task itself", distribution, null, 0);
        }
        TaskSnapshot victim = snapshot.tasks().stream()
                .filter(task -> task.taskArn().equals(record.replaceTaskArn()))
                .findFirst()
                .orElse(null);
        if (victim != null && "RUNNING".equals(victim.desiredStatus())) {
            // The run that wrote the tags stopped before StopTask: nothing changed for this move.
            return finishReplace(snapshot, distribution, record, true, 0, "the task was never stopped");
        }
        if (!isSteady(snapshot, record.baselineDesiredCount())) {
            if (timedOut(record)) {
                return finishReplace(snapshot, distribution, record, false, 0,
                        "the replacement was not RUNNING and healthy within " + settings.taskStartTimeout());
            }
            return result(snapshot, ReconcileOutcome.WAITING, "waiting for the replacement of "
                    + record.replaceTaskArn() + " to be RUNNING and healthy" + notHealthyDetail(snapshot),
                    distribution, null, 0);
        }

        if (distribution.imbalance() >= record.imbalanceBefore()) {
            logAction(snapshot, "replacement_not_helpful", Map.of("fromAvailabilityZone", record.replaceFromAz(),
                    "tasksPerAz", distribution.tasksPerAz()));
            return finishReplace(snapshot, distribution, record, false, 0, "ECS started the replacement where it "
                    + "does not improve the balance: " + distribution.tasksPerAz());
        }
        int completed = record.movesCompleted() + 1;
        if (record.movesPlanned() > 0 && mayStart) {
            RebalancePlan next = RebalancePlanner.plan(snapshot, policy, RebalanceHistory.NONE, clock.instant());
            logPlan(snapshot, next);
            if (next.hasMoves()) {
                ReconcileResult started = start(snapshot, distribution, next, record.movesPlanned() - 1,
                        completed, clock.instant());
                return result(snapshot, ReconcileOutcome.WAITING, started.message(), distribution, next, 1);
            }
        }
        return finishReplace(snapshot, distribution, record.withMovesCompleted(completed), true, 1,
                completed + " move(s) completed");
    }

    private ReconcileResult finishReplace(ServiceSnapshot snapshot, AzDistribution distribution,
            OperationRecord record, boolean effective, int movesCompleted, String reason) {
        clearOperation(snapshot, null);
        boolean anyMove = record.movesCompleted() > 0;
        if (effective && anyMove) {
            recordHistory(snapshot, true);
        } else if (!effective) {
            markIneffective(snapshot);
        }
        ReconcileOutcome outcome = effective
                ? (anyMove ? ReconcileOutcome.COMPLETED : ReconcileOutcome.ROLLED_BACK)
                : ReconcileOutcome.INEFFECTIVE;
        logAction(snapshot, "replace_finished", Map.of("outcome", outcome, "reason", reason));
        return result(snapshot, outcome, reason, distribution, null, movesCompleted);
    }
}
