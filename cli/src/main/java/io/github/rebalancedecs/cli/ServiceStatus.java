package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.executor.OperationRecord;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport;
import io.github.rebalancedecs.runtime.planner.PlanReason;
import io.github.rebalancedecs.runtime.planner.RebalanceHistory;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import io.github.rebalancedecs.runtime.planner.RebalancePlanner;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import io.github.rebalancedecs.runtime.planner.TaskSnapshot;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Availability Zone balance of one service, as {@code status} prints it.
 *
 * @param cluster           the cluster name
 * @param service           the service name
 * @param status            {@code ACTIVE} or {@code DRAINING}
 * @param desiredCount      the desired count
 * @param runningCount      the running count ECS reports
 * @param pendingCount      the pending count ECS reports
 * @param tasks             the tasks that are not STOPPED, sorted by Availability Zone, container
 *                          instance and task ID
 * @param tasksPerAz        running tasks per Availability Zone, zero for zones with container
 *                          instances but no task
 * @param eligibleAzs       the zones where ECS can place one more task
 * @param skew              the skew among the zones that count, or {@code null} when the planner
 *                          cannot evaluate the placement constraints
 * @param maxSkew           the skew that still counts as balanced
 * @param skewed            true when the service needs rebalancing
 * @param planReason        the planner's verdict, such as {@code SKEWED} or {@code TASKS_IN_TRANSITION}
 * @param planDetail        the values behind the verdict
 * @param nativeRebalancing whether ECS native rebalancing is on and can act
 * @param protectedTasks    the tasks with scale-in protection
 * @param rebalancer        what the rebalancer recorded on the service
 */
record ServiceStatus(
        String cluster,
        String service,
        String status,
        int desiredCount,
        int runningCount,
        int pendingCount,
        List<TaskRow> tasks,
        SortedMap<String, Integer> tasksPerAz,
        List<String> eligibleAzs,
        Integer skew,
        int maxSkew,
        boolean skewed,
        PlanReason planReason,
        String planDetail,
        NativeRebalancing nativeRebalancing,
        int protectedTasks,
        RebalancerRecord rebalancer) {

    /** The plan reasons that mean the service needs no rebalancing at all. */
    static final Set<PlanReason> NOTHING_TO_BALANCE = Set.of(PlanReason.BALANCED, PlanReason.DESIRED_COUNT_ZERO,
            PlanReason.DAEMON_SERVICE, PlanReason.NOT_ON_EC2, PlanReason.SERVICE_NOT_ACTIVE);

    /** Orders unplaced tasks, which have no zone and no container instance, after the placed ones. */
    private static final Comparator<String> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());

    ServiceStatus {
        tasks = List.copyOf(tasks);
        tasksPerAz = Collections.unmodifiableSortedMap(new TreeMap<>(tasksPerAz));
        eligibleAzs = List.copyOf(eligibleAzs);
    }

    /**
     * One task row.
     *
     * @param taskId              the task ID
     * @param containerInstanceId the container instance ID, or {@code null} while unplaced
     * @param availabilityZone    the Availability Zone, or {@code null} while unplaced
     * @param lastStatus          the last status, such as {@code RUNNING}
     * @param healthStatus        {@code HEALTHY}, {@code UNHEALTHY} or {@code UNKNOWN}
     * @param protectionEnabled   true when the task has scale-in protection
     */
    record TaskRow(String taskId, String containerInstanceId, String availabilityZone, String lastStatus,
            String healthStatus, boolean protectionEnabled) {
    }

    /**
     * ECS native Availability Zone rebalancing for the service.
     *
     * @param setting   the service's {@code AvailabilityZoneRebalancing} value, or {@code null}
     *                  when ECS does not report one
     * @param supported true when the service's configuration lets native rebalancing act
     * @param reasons   every reason against it, empty when supported
     */
    record NativeRebalancing(String setting, boolean supported, List<Reason> reasons) {
        NativeRebalancing {
            reasons = List.copyOf(reasons);
        }
    }

    /** A reason with its stable code and its explanation. */
    record Reason(String code, String description) {
    }

    /**
     * The rebalancer's record in the service's tags.
     *
     * @param operationPhase   the phase of the operation in flight, or {@code null} for none
     * @param lastRebalanceAt  when the last rebalance ended, or {@code null} for never
     * @param ineffectiveUntil until when the rebalancer waits after an ineffective move, or
     *                         {@code null}
     * @param error            why the tags could not be read, or {@code null}
     */
    record RebalancerRecord(String operationPhase, Instant lastRebalanceAt, Instant ineffectiveUntil, String error) {

        static RebalancerRecord of(ServiceSnapshot snapshot) {
            OperationRecord record;
            try {
                record = OperationRecord.fromTags(snapshot.tags());
            } catch (IllegalArgumentException e) {
                return new RebalancerRecord(null, null, null, e.getMessage());
            }
            RebalanceHistory history = record.history();
            return new RebalancerRecord(
                    record.phase() == OperationRecord.Phase.NONE ? null : record.phase().name(),
                    Instant.EPOCH.equals(history.lastRebalanceAt()) ? null : history.lastRebalanceAt(),
                    Instant.EPOCH.equals(history.ineffectiveUntil()) ? null : history.ineffectiveUntil(),
                    null);
        }
    }

    /**
     * Returns the status of an observed service.
     *
     * @param now the time against which cooldowns are not checked; status weighs balance only
     */
    static ServiceStatus of(ServiceSnapshot snapshot, SelectedService selected, int maxSkew, Instant now) {
        RebalancePolicy policy = new RebalancePolicy(RebalancePolicy.DEFAULTS.strategy(), maxSkew,
                RebalancePolicy.DEFAULTS.maxMovesPerRun(), RebalancePolicy.DEFAULTS.maxSurge(),
                RebalancePolicy.DEFAULTS.cooldown());
        // No history: status shows how skewed the service is, not whether a cooldown blocks the rebalancer.
        RebalancePlan plan = RebalancePlanner.plan(snapshot, policy, RebalanceHistory.NONE, now);
        boolean constraintUnknown = plan.reason() == PlanReason.UNSUPPORTED_PLACEMENT_CONSTRAINT;

        List<TaskRow> tasks = snapshot.tasks().stream()
                .sorted(Comparator.comparing(TaskSnapshot::availabilityZone, NULLS_LAST)
                        .thenComparing(TaskSnapshot::containerInstanceId, NULLS_LAST)
                        .thenComparing(TaskSnapshot::taskId))
                .map(task -> new TaskRow(task.taskId(), task.containerInstanceId(), task.availabilityZone(),
                        task.lastStatus(), task.healthStatus(), task.protectionEnabled()))
                .toList();
        int protectedTasks = (int) snapshot.tasks().stream().filter(TaskSnapshot::protectionEnabled).count();

        return new ServiceStatus(snapshot.clusterName(), snapshot.serviceName(), snapshot.status(),
                snapshot.desiredCount(), snapshot.runningCount(), snapshot.pendingCount(), tasks, plan.tasksPerAz(),
                plan.eligibleAzs(), constraintUnknown ? null : plan.skew(), maxSkew,
                isSkewed(plan, snapshot.desiredCount(), maxSkew),
                plan.reason(), plan.detail(), nativeRebalancing(snapshot, selected), protectedTasks,
                RebalancerRecord.of(snapshot));
    }

    /**
     * Applies the planner's own rule to the counts it observed, also when a gate such as
     * TASKS_IN_TRANSITION stopped it before it weighed the balance.
     */
    private static boolean isSkewed(RebalancePlan plan, int desiredCount, int maxSkew) {
        // The rebalancer never balances these services, and without a model of the placement
        // constraints the planner does not know which zones can take a task.
        if (NOTHING_TO_BALANCE.contains(plan.reason()) || plan.reason() == PlanReason.UNSUPPORTED_PLACEMENT_CONSTRAINT) {
            return false;
        }
        return RebalancePlanner.isSkewed(plan.tasksPerAz(), plan.eligibleAzs(), desiredCount, maxSkew);
    }

    private static NativeRebalancing nativeRebalancing(ServiceSnapshot snapshot, SelectedService selected) {
        NativeRebalancingSupport.Result result = NativeRebalancingSupport.evaluate(
                new NativeRebalancingSupport.ServiceConfiguration("DAEMON".equals(snapshot.schedulingStrategy()),
                        snapshot.maximumPercent(), snapshot.placementStrategies(), snapshot.placementConstraints(),
                        selected.classicLoadBalancer()));
        List<Reason> reasons = result.reasons().stream()
                .map(reason -> new Reason(reason.name(), reason.description()))
                .toList();
        return new NativeRebalancing(selected.availabilityZoneRebalancing(), result.supported(), reasons);
    }
}
