package io.github.rebalancedecs.runtime.executor;

import io.github.rebalancedecs.runtime.ecs.EcsAccessException;
import io.github.rebalancedecs.runtime.ecs.EcsServiceObserver;
import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.executor.OperationRecord.Phase;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import io.github.rebalancedecs.runtime.planner.RebalancePlanner;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The only code that changes ECS. Each call of {@link #reconcile} reads the service, reads the
 * operation in flight from the service's tags, and takes one step: start an operation, advance
 * it, or roll it back. A balanced service with no operation in flight costs only the reads that
 * measure its balance. The reads that acting needs follow only when a step may change something
 * (see {@link EcsServiceObserver#observeBalance}). A run stopped after any call leaves tags from
 * which the next run continues; protection the executor set expires by itself within minutes.
 *
 * <p>SURGE, step by step:
 * <ol>
 *   <li>record {@code SURGING} with the baseline desired count, then raise the desired count by
 *       the number of moves;</li>
 *   <li>wait until every task is RUNNING and healthy, or roll back after the start timeout. A
 *       task whose task definition defines a container health check counts only once ECS
 *       reports it HEALTHY;</li>
 *   <li>choose the tasks to stop, record {@code SCALING_IN}, protect every other task (10 per
 *       call, short expiry), then lower the desired count to the baseline, so that ECS's
 *       scale-in, which skips protected tasks, stops exactly the chosen ones;</li>
 *   <li>wait until the stopped tasks are gone, remove only the protection the executor set,
 *       record the time of the rebalance and clear the operation tags.</li>
 * </ol>
 *
 * <p>REPLACE: record {@code REPLACING} with the task, stop it with a reason that names the
 * rebalancer, wait until ECS's replacement is RUNNING and healthy, check the zone it landed in,
 * and go on with the next move of the same operation.
 *
 * <p>Either strategy starts only while every RUNNING task is healthy, because until then the
 * planner returns {@code TASKS_NOT_HEALTHY} and no moves.
 *
 * <p>A rollback records {@code ROLLING_BACK}, protects the tasks that ran before the surge and
 * lowers the desired count, because ECS's scale-in would otherwise stop RUNNING tasks before the
 * PENDING extra ones. It follows a start timeout, or extra tasks that ECS placed where they do
 * not help.
 *
 * <p>A deployment ends any operation at once, and the deployment replaces the tasks. SURGE
 * lowers the desired count back to the baseline without protecting anything, because ECS's
 * deployment waits for protected tasks. It then removes its own protection and tags. REPLACE
 * removes its tags.
 *
 * <p>If the desired count changes to a value the executor did not set, the executor stops,
 * removes its own protection and tags, and leaves the new desired count alone.
 *
 * <p>In dry run a step changes nothing. An operation that a run started before dry run was
 * turned on therefore stays in flight, and each step reports it as FAILED with the way out
 * (see {@link DryRunOperationReport}).
 */
public final class RebalanceExecutor {

    private final EcsServiceObserver observer;
    private final RebalancePolicy policy;
    private final ExecutorSettings settings;
    private final Clock clock;
    private final SurgeOperation surge;
    private final ReplaceOperation replace;

    public RebalanceExecutor(EcsServiceObserver observer, EcsServiceOperations operations, RebalancePolicy policy,
            ExecutorSettings settings, Clock clock) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.surge = new SurgeOperation(operations, settings, clock);
        this.replace = new ReplaceOperation(operations, settings, clock, policy);
    }

    /**
     * Takes one step for the service.
     *
     * @param mayStart false outside the maintenance window. The step then plans and reports but
     *                 starts no new operation. An operation already in flight still completes or
     *                 rolls back, because leaving it half done would be worse.
     */
    public ReconcileResult reconcile(String clusterName, String serviceName, boolean mayStart) {
        // 1. The reads that decide whether the service needs anything. A balanced service with no
        //    operation in flight, the common case, costs only these. The tags of an operation in
        //    flight make the same reads complete at once.
        Observation observation = observe(clusterName, serviceName,
                tags -> tags.containsKey(OperationRecord.PHASE));
        if (observation.failure() != null) {
            return observation.failure();
        }
        if (!observation.snapshot().actionable()) {
            RebalancePlan plan = plan(observation, clock.instant());
            if (!plan.hasMoves()) {
                return noAction(observation.snapshot(), observation.distribution(), plan);
            }

            // 2. Something may change: read again with the tasks on their way to STOPPED and
            //    every task's scale-in protection, and decide on that complete snapshot alone.
            observation = observe(clusterName, serviceName, tags -> true);
            if (observation.failure() != null) {
                return observation.failure();
            }
        }
        ServiceSnapshot snapshot = observation.snapshot();
        AzDistribution distribution = observation.distribution();
        OperationRecord record = observation.record();
        if (!snapshot.actionable()) {
            throw new IllegalStateException("the snapshot of " + snapshot.serviceKey()
                    + " lacks the reads that acting needs");
        }
        try {
            if (record.phase() == Phase.NONE) {
                return planAndStart(observation, mayStart);
            }
            if (settings.dryRun()) {
                return DryRunOperationReport.report(snapshot, distribution, record, settings, clock);
            }
            switch (record.phase()) {
                case SURGING:
                    return surge.advanceSurge(snapshot, distribution, record);
                case SCALING_IN:
                case ROLLING_BACK:
                    return surge.advanceScaleIn(snapshot, distribution, record);
                default:
                    return replace.advance(snapshot, distribution, record, mayStart);
            }
        } catch (EcsAccessException e) {
            // The tags already describe the step, so the next run repeats or undoes it.
            return OperationSteps.result(snapshot, ReconcileOutcome.FAILED, "call failed, the next run continues: "
                    + e.getMessage(), distribution, null, 0);
        }
    }

    /** One observation of the service, or the FAILED result that replaces it. */
    private record Observation(ServiceSnapshot snapshot, AzDistribution distribution, OperationRecord record,
            ReconcileResult failure) {
    }

    private Observation observe(String clusterName, String serviceName,
            Predicate<Map<String, String>> readInFull) {
        ServiceSnapshot snapshot;
        try {
            snapshot = observer.observe(clusterName, serviceName, readInFull);
        } catch (EcsAccessException e) {
            return new Observation(null, null, null, OperationSteps.result(clusterName, serviceName,
                    ReconcileOutcome.FAILED, "observation failed, no action: " + e.getMessage(), null, null, 0));
        }
        try {
            return new Observation(snapshot, AzDistribution.of(snapshot), OperationRecord.fromTags(snapshot.tags()),
                    null);
        } catch (IllegalArgumentException e) {
            return new Observation(null, null, null, OperationSteps.result(clusterName, serviceName,
                    ReconcileOutcome.FAILED, e.getMessage(), null, null, 0));
        }
    }

    private RebalancePlan plan(Observation observation, Instant now) {
        return RebalancePlanner.plan(observation.snapshot(), policy, observation.record().history(), now);
    }

    private static ReconcileResult noAction(ServiceSnapshot snapshot, AzDistribution distribution,
            RebalancePlan plan) {
        OperationSteps.logPlan(snapshot, plan);
        return OperationSteps.result(snapshot, ReconcileOutcome.NO_ACTION, plan.reason() + ": " + plan.detail(),
                distribution, plan, 0);
    }

    private ReconcileResult planAndStart(Observation observation, boolean mayStart) {
        ServiceSnapshot snapshot = observation.snapshot();
        AzDistribution distribution = observation.distribution();
        Instant now = clock.instant();
        RebalancePlan plan = plan(observation, now);
        if (!plan.hasMoves()) {
            return noAction(snapshot, distribution, plan);
        }
        OperationSteps.logPlan(snapshot, plan);
        if (settings.dryRun()) {
            return OperationSteps.result(snapshot, ReconcileOutcome.PLANNED, "dry run: " + plan.moves().size()
                    + " move(s) planned, none made", distribution, plan, 0);
        }
        if (!mayStart) {
            return OperationSteps.result(snapshot, ReconcileOutcome.PLANNED, "outside the maintenance window: "
                    + plan.moves().size() + " move(s) planned, none made", distribution, plan, 0);
        }
        if (policy.strategy() == RebalanceStrategy.SURGE) {
            return surge.start(snapshot, distribution, plan, now);
        }
        return replace.start(snapshot, distribution, plan, plan.moves().size() - 1, 0, now);
    }
}
