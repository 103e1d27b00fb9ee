package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.ecs.EcsServiceObserver;
import io.github.rebalancedecs.runtime.executor.OperationRecord;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import io.github.rebalancedecs.runtime.planner.RebalancePlanner;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import io.github.rebalancedecs.runtime.planner.TaskMove;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rebalancer's plan for one service now, as {@code plan} prints it.
 *
 * @param service              the service name
 * @param strategy             the strategy the moves assume
 * @param reason               the planner's reason, {@code OPERATION_IN_FLIGHT} when an operation
 *                             already runs, or {@code INVALID_REBALANCER_TAGS}
 * @param description          the reason in words
 * @param detail               the values behind the reason
 * @param operationPhase       the phase of the operation in flight, or {@code null}
 * @param tasksPerAz           running tasks per Availability Zone now
 * @param skew                 the skew now
 * @param tasksPerAzAfterMoves the expected tasks per zone after the moves
 * @param skewAfterMoves       the expected skew after the moves
 * @param moves                the moves, in order
 */
record ServicePlan(
        String service,
        String strategy,
        String reason,
        String description,
        String detail,
        String operationPhase,
        SortedMap<String, Integer> tasksPerAz,
        int skew,
        SortedMap<String, Integer> tasksPerAzAfterMoves,
        int skewAfterMoves,
        List<Move> moves) {

    static final String OPERATION_IN_FLIGHT = "OPERATION_IN_FLIGHT";
    static final String INVALID_REBALANCER_TAGS = "INVALID_REBALANCER_TAGS";

    ServicePlan {
        tasksPerAz = Collections.unmodifiableSortedMap(new TreeMap<>(tasksPerAz));
        tasksPerAzAfterMoves = Collections.unmodifiableSortedMap(new TreeMap<>(tasksPerAzAfterMoves));
        moves = List.copyOf(moves);
    }

    /**
     * One planned move.
     *
     * @param taskId               the task that stops
     * @param containerInstanceId  its container instance
     * @param fromAvailabilityZone the zone it leaves
     * @param toAvailabilityZone   the zone where ECS is expected to start its replacement
     */
    record Move(String taskId, String containerInstanceId, String fromAvailabilityZone, String toAvailabilityZone) {
    }

    /**
     * Plans the service as the rebalancer would now: with the cooldowns recorded in its tags, and
     * no new plan while an operation is in flight.
     */
    static ServicePlan of(ServiceSnapshot snapshot, RebalancePolicy policy, Instant now) {
        String strategy = policy.strategy().name();
        OperationRecord record;
        try {
            record = OperationRecord.fromTags(snapshot.tags());
        } catch (IllegalArgumentException e) {
            return new ServicePlan(snapshot.serviceName(), strategy, INVALID_REBALANCER_TAGS,
                    "the rebalancer's tags on the service cannot be read", e.getMessage(), null, new TreeMap<>(), 0,
                    new TreeMap<>(), 0, List.of());
        }

        RebalancePlan plan = RebalancePlanner.plan(snapshot, policy, record.history(), now);
        if (record.phase() != OperationRecord.Phase.NONE) {
            return new ServicePlan(snapshot.serviceName(), record.strategy().name(), OPERATION_IN_FLIGHT,
                    "an operation is in flight; rebalance follows it to the end",
                    record.phase() + " since " + record.startedAt(), record.phase().name(), plan.tasksPerAz(),
                    plan.skew(), plan.tasksPerAz(), plan.skew(), List.of());
        }
        List<Move> moves = plan.moves().stream().map(ServicePlan::toMove).toList();
        return new ServicePlan(snapshot.serviceName(), strategy, plan.reason().name(), plan.reason().description(),
                plan.detail(), null, plan.tasksPerAz(), plan.skew(), plan.tasksPerAzAfterMoves(),
                plan.skewAfterMoves(), moves);
    }

    /** Observes and plans every service, in order. */
    static List<ServicePlan> planAll(EcsServiceObserver observer, String clusterName, List<SelectedService> services,
            RebalancePolicy policy, Clock clock) {
        List<ServicePlan> plans = new ArrayList<>();
        for (SelectedService service : services) {
            plans.add(of(observer.observe(clusterName, service.serviceName()), policy, clock.instant()));
        }
        return List.copyOf(plans);
    }

    /** Returns true when {@code rebalance} has something to run: moves, or an operation to follow. */
    boolean needsRun() {
        return !moves.isEmpty() || operationPhase != null;
    }

    /** Returns true when the service needs no rebalancing, so doing nothing is success. */
    boolean nothingToBalance() {
        return ServiceStatus.NOTHING_TO_BALANCE.stream().anyMatch(reason -> reason.name().equals(this.reason));
    }

    private static Move toMove(TaskMove move) {
        return new Move(move.taskId(), move.containerInstanceId(), move.fromAvailabilityZone(),
                move.toAvailabilityZone());
    }
}
