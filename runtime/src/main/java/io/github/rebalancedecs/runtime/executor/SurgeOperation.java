package io.github.rebalancedecs.runtime.executor;

import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.executor.OperationRecord.Phase;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.RebalanceHistory;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import io.github.rebalancedecs.runtime.planner.RebalancePlanner;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import io.github.rebalancedecs.runtime.planner.TaskSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The SURGE strategy: raise the desired count, wait for the new tasks, protect every task that
 * stays, lower the desired count so that ECS stops exactly the unprotected tasks, and remove the
 * protection. A rollback takes the same path with the added tasks as the ones to stop.
 */
final class SurgeOperation extends OperationSteps {

    SurgeOperation(EcsServiceOperations operations, ExecutorSettings settings, Clock clock) {
        super(operations, settings, clock);
    }

    ReconcileResult start(ServiceSnapshot snapshot, AzDistribution distribution, RebalancePlan plan,
            Instant now) {
        int baseline = snapshot.desiredCount();
        int surge = plan.moves().size();
        OperationRecord record = new OperationRecord(Phase.SURGING, RebalanceStrategy.SURGE, baseline,
                baseline + surge, now, plan.skew(), distribution.imbalance(), surge, List.of(), null, null, 0,
                RebalanceHistory.NONE);

        // Tags first: a run stopped between the two calls leaves a record, never an unexplained surge.
        operations.tagService(snapshot.serviceArn(), record.toTags());
        operations.updateDesiredCount(snapshot.clusterName(), snapshot.serviceName(), baseline + surge);
        logAction(snapshot, "surge_started", Map.of("baselineDesiredCount", baseline,
                "desiredCount", baseline + surge, "moves", movesForLog(plan.moves())));
        return result(snapshot, ReconcileOutcome.STARTED, "desired count raised from " + baseline + " to "
                + (baseline + surge), distribution, plan, 0);
    }

    ReconcileResult advanceSurge(ServiceSnapshot snapshot, AzDistribution distribution,
            OperationRecord record) {
        int desired = snapshot.desiredCount();
        if (desired == record.baselineDesiredCount()) {
            // The run that wrote the tags stopped before it raised the desired count.
            clearOperation(snapshot, null);
            return result(snapshot, ReconcileOutcome.ROLLED_BACK, "the surge never started; record cleared",
                    distribution, null, 0);
        }
        if (desired != record.operationDesiredCount()) {
            return defer(snapshot, distribution, record);
        }
        if (deploymentInProgress(snapshot)) {
            return yieldToDeployment(snapshot, distribution, record);
        }
        if (!isSteady(snapshot, record.operationDesiredCount())) {
            if (timedOut(record)) {
                return startRollback(snapshot, distribution, record,
                        "the extra tasks were not RUNNING and healthy within " + settings.taskStartTimeout());
            }
            // With a container health check, a RUNNING task counts only once ECS reports it HEALTHY.
            return result(snapshot, ReconcileOutcome.WAITING, "waiting for " + record.operationDesiredCount()
                    + " tasks to be RUNNING and healthy" + notHealthyDetail(snapshot), distribution, null, 0);
        }

        // Every task runs: check that the surge landed where it helps before stopping anything.
        List<TaskSnapshot> victims = RebalancePlanner.selectScaleInVictims(snapshot, record.movesPlanned(),
                ownProtection(record));
        if (victims.size() < record.movesPlanned()) {
            return startRollback(snapshot, distribution, record, "only " + victims.size() + " of "
                    + record.movesPlanned() + " tasks may be stopped");
        }
        if (AzDistribution.without(snapshot, victims).imbalance() >= record.imbalanceBefore()) {
            return startRollback(snapshot, distribution, record, "ECS placed the extra tasks where stopping "
                    + victims.size() + " task(s) would not improve the balance");
        }
        return protectAndLower(snapshot, distribution, record.inPhase(Phase.SCALING_IN, clock.instant()), victims);
    }

    /** Advances SCALING_IN and ROLLING_BACK: both protect the tasks that stay and lower the count. */
    ReconcileResult advanceScaleIn(ServiceSnapshot snapshot, AzDistribution distribution,
            OperationRecord record) {
        boolean rollingBack = record.phase() == Phase.ROLLING_BACK;
        int desired = snapshot.desiredCount();
        boolean desiredCountIsOwn = desired == record.operationDesiredCount()
                || desired == record.baselineDesiredCount();
        if (desiredCountIsOwn && deploymentInProgress(snapshot)) {
            return yieldToDeployment(snapshot, distribution, record);
        }
        if (desired == record.operationDesiredCount()) {
            // The run that recorded this phase stopped before it lowered the desired count.
            if (rollingBack) {
                return protectAndLower(snapshot, distribution, record,
                        rollbackVictims(snapshot, record.movesPlanned(), ownProtection(record)));
            }
            // SCALING_IN with the surge still in place is the end of SURGING again.
            return advanceSurge(snapshot, distribution, record);
        }
        if (desired != record.baselineDesiredCount()) {
            return defer(snapshot, distribution, record);
        }

        // The desired count is back at the baseline: wait for ECS to stop the unprotected tasks.
        if (!isSteady(snapshot, record.baselineDesiredCount()) && !timedOut(record)) {
            return result(snapshot, ReconcileOutcome.WAITING, "waiting for ECS to stop "
                    + record.movesPlanned() + " task(s)", distribution, null, 0);
        }
        clearOperation(snapshot, record);
        if (rollingBack) {
            logAction(snapshot, "rolled_back", Map.of("desiredCount", record.baselineDesiredCount(),
                    "tasksPerAz", distribution.tasksPerAz()));
            return result(snapshot, ReconcileOutcome.ROLLED_BACK, "rolled back to desired count "
                    + record.baselineDesiredCount(), distribution, null, 0);
        }
        boolean effective = distribution.imbalance() < record.imbalanceBefore();
        recordHistory(snapshot, effective);
        if (!effective) {
            logAction(snapshot, "rebalance_ineffective", Map.of("skewBefore", record.skewBefore(),
                    "skew", distribution.skew(), "tasksPerAz", distribution.tasksPerAz()));
            return result(snapshot, ReconcileOutcome.INEFFECTIVE, "the balance did not improve: "
                    + distribution.tasksPerAz() + "; no action until the ineffective cooldown ends",
                    distribution, null, 0);
        }
        logAction(snapshot, "rebalance_completed", Map.of("moves", record.movesPlanned(),
                "skewBefore", record.skewBefore(), "skew", distribution.skew(),
                "tasksPerAz", distribution.tasksPerAz()));
        return result(snapshot, ReconcileOutcome.COMPLETED, record.movesPlanned() + " move(s) completed, skew "
                + record.skewBefore() + " -> " + distribution.skew(), distribution, null, record.movesPlanned());
    }

    /**
     * Protects every task that must stay, then lowers the desired count to the baseline.
     *
     * <p>ECS's scale-in takes tasks from the zone with the most tasks, then the instance with the
     * most, and skips protected tasks. With every other task protected, it can stop only the
     * chosen ones, whatever their zone.
     */
    private ReconcileResult protectAndLower(ServiceSnapshot snapshot, AzDistribution distribution,
            OperationRecord record, List<TaskSnapshot> victims) {
        Predicate<TaskSnapshot> ownedBefore = ownProtection(record);
        Set<String> victimArns = victims.stream().map(TaskSnapshot::taskArn).collect(Collectors.toSet());
        List<String> toProtect = new ArrayList<>();
        List<String> toUnprotect = new ArrayList<>();
        for (TaskSnapshot task : snapshot.tasks()) {
            if (!"RUNNING".equals(task.desiredStatus())) {
                continue;
            }
            boolean own = ownedBefore.test(task);
            if (victimArns.contains(task.taskArn())) {
                if (own) {
                    toUnprotect.add(task.taskArn());
                }
            } else if (!task.protectionEnabled() || own) {
                toProtect.add(task.taskArn());
            }
        }

        // 1. Record the phase and the expiry first, so the next run can tell which protection is ours.
        Instant expiry = clock.instant().plusSeconds(60L * settings.protectionMinutes());
        OperationRecord protecting = record.withProtectionExpiry(expiry);
        operations.tagService(snapshot.serviceArn(), protecting.toTags());

        // 2. Unprotect chosen tasks that an earlier run protected, then protect the rest.
        operations.unprotectTasks(snapshot.clusterName(), toUnprotect);
        operations.protectTasks(snapshot.clusterName(), toProtect, settings.protectionMinutes());

        // 3. Lower the desired count: ECS stops the unprotected tasks.
        operations.updateDesiredCount(snapshot.clusterName(), snapshot.serviceName(),
                record.baselineDesiredCount());
        logAction(snapshot, record.phase() == Phase.ROLLING_BACK ? "rollback_scale_in_started" : "scale_in_started",
                Map.of("desiredCount", record.baselineDesiredCount(),
                        "tasksToStop", victims.stream().map(TaskSnapshot::taskId).toList(),
                        "containerInstances", victims.stream().map(TaskSnapshot::containerInstanceId).toList(),
                        "protectedTasks", toProtect.size()));
        return result(snapshot, ReconcileOutcome.WAITING, "protected " + toProtect.size()
                + " task(s) and lowered the desired count to " + record.baselineDesiredCount(), distribution, null, 0);
    }

    /**
     * Ends the operation because a deployment started: lowers the desired count to the baseline
     * while it is still the executor's, then removes the executor's own protection and its tags.
     *
     * <p>It protects nothing, unlike a rollback: ECS's deployment never stops a protected task and
     * would wait for the protection to expire. The deployment replaces every task anyway, and it
     * keeps the minimum healthy percent itself while it stops the surplus.
     */
    private ReconcileResult yieldToDeployment(ServiceSnapshot snapshot, AzDistribution distribution,
            OperationRecord record) {
        int baseline = record.baselineDesiredCount();
        logAction(snapshot, "rollback_started", Map.of("reason", "a deployment started", "desiredCount", baseline));
        if (snapshot.desiredCount() != baseline) {
            operations.updateDesiredCount(snapshot.clusterName(), snapshot.serviceName(), baseline);
        }
        clearOperation(snapshot, record);
        return result(snapshot, ReconcileOutcome.ROLLED_BACK, "rolled back because a deployment started: the "
                + "desired count is " + baseline + " again and the deployment replaces the tasks", distribution, null, 0);
    }

    /**
     * Undoes a surge that did not help. While the desired count is still the executor's, it
     * protects the tasks that ran before the surge and lowers the count, because ECS's scale-in
     * would otherwise stop RUNNING tasks before PENDING ones and leave fewer running tasks than
     * desired.
     */
    private ReconcileResult startRollback(ServiceSnapshot snapshot, AzDistribution distribution,
            OperationRecord record, String reason) {
        markIneffective(snapshot);
        logAction(snapshot, "rollback_started", Map.of("reason", reason,
                "desiredCount", record.baselineDesiredCount()));
        if (snapshot.desiredCount() == record.operationDesiredCount()) {
            OperationRecord rollingBack = record.inPhase(Phase.ROLLING_BACK, clock.instant());
            List<TaskSnapshot> victims = rollbackVictims(snapshot, record.movesPlanned(), ownProtection(record));
            ReconcileResult lowered = protectAndLower(snapshot, distribution, rollingBack, victims);
            return result(snapshot, ReconcileOutcome.WAITING, "rolling back: " + reason + "; "
                    + lowered.message(), distribution, null, 0);
        }
        clearOperation(snapshot, record);
        return result(snapshot, ReconcileOutcome.ROLLED_BACK, "rolled back: " + reason, distribution, null, 0);
    }

    /**
     * Chooses the tasks a rollback stops: those not yet RUNNING, then unhealthy ones, then the
     * most recently started, never a task protected by someone else.
     */
    private static List<TaskSnapshot> rollbackVictims(ServiceSnapshot snapshot, int count,
            Predicate<TaskSnapshot> ownProtected) {
        Comparator<TaskSnapshot> order = Comparator
                .comparing((TaskSnapshot task) -> task.isRunning())
                .thenComparing(TaskSnapshot::isRunningAndHealthy)
                .thenComparing(TaskSnapshot::startedAt, Comparator.nullsFirst(Comparator.reverseOrder()))
                .thenComparing(TaskSnapshot::taskArn);
        return snapshot.tasks().stream()
                .filter(task -> "RUNNING".equals(task.desiredStatus()))
                .filter(task -> !task.protectionEnabled() || ownProtected.test(task))
                .sorted(order)
                .limit(count)
                .toList();
    }
}
