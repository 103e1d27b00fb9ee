package io.github.rebalancedecs.runtime.executor;

import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.json.JsonWriter;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.RebalancePlan;
import io.github.rebalancedecs.runtime.planner.RebalancePlanner;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import io.github.rebalancedecs.runtime.planner.TaskMove;
import io.github.rebalancedecs.runtime.planner.TaskSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps SURGE and REPLACE share: undoing the executor's own changes, recording history,
 * the checks on a snapshot, and the structured logs every decision writes.
 */
abstract class OperationSteps {

    static final Logger LOG = LoggerFactory.getLogger(RebalanceExecutor.class);

    final EcsServiceOperations operations;
    final ExecutorSettings settings;
    final Clock clock;

    OperationSteps(EcsServiceOperations operations, ExecutorSettings settings, Clock clock) {
        this.operations = Objects.requireNonNull(operations, "operations");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    ReconcileResult defer(ServiceSnapshot snapshot, AzDistribution distribution, OperationRecord record) {
        unprotectOwn(snapshot, record);
        clearOperation(snapshot, null);
        logAction(snapshot, "deferred", Map.of("desiredCount", snapshot.desiredCount(),
                "operationDesiredCount", record.operationDesiredCount()));
        return result(snapshot, ReconcileOutcome.DEFERRED, "the desired count changed to "
                + snapshot.desiredCount() + " outside the rebalancer; it is left as it is",
                distribution, null, 0);
    }

    void unprotectOwn(ServiceSnapshot snapshot, OperationRecord record) {
        Predicate<TaskSnapshot> own = ownProtection(record);
        List<String> arns = snapshot.tasks().stream().filter(own).map(TaskSnapshot::taskArn).toList();
        operations.unprotectTasks(snapshot.clusterName(), arns);
    }

    /** Removes the protection this operation set, then the operation tags, in that order. */
    void clearOperation(ServiceSnapshot snapshot, OperationRecord ownProtectionOf) {
        if (ownProtectionOf != null) {
            unprotectOwn(snapshot, ownProtectionOf);
        }
        List<String> present = OperationRecord.OPERATION_KEYS.stream()
                .filter(snapshot.tags()::containsKey)
                .toList();
        operations.untagService(snapshot.serviceArn(), present);
    }

    void recordHistory(ServiceSnapshot snapshot, boolean effective) {
        Instant now = clock.instant();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(OperationRecord.LAST_REBALANCE_AT, now.toString());
        if (!effective) {
            tags.put(OperationRecord.INEFFECTIVE_UNTIL, now.plus(settings.ineffectiveCooldown()).toString());
        }
        operations.tagService(snapshot.serviceArn(), tags);
    }

    void markIneffective(ServiceSnapshot snapshot) {
        Instant until = clock.instant().plus(settings.ineffectiveCooldown());
        operations.tagService(snapshot.serviceArn(), Map.of(OperationRecord.INEFFECTIVE_UNTIL, until.toString()));
    }

    static Predicate<TaskSnapshot> ownProtection(OperationRecord record) {
        return task -> task.protectionEnabled() && record.isOwnProtection(task.protectionExpiresAt());
    }

    boolean timedOut(OperationRecord record) {
        return record.startedAt() == null
                || clock.instant().isAfter(record.startedAt().plus(settings.taskStartTimeout()));
    }

    static boolean deploymentInProgress(ServiceSnapshot snapshot) {
        return snapshot.deployments().size() != 1 || snapshot.deployments().get(0).isInProgress();
    }

    /** Returns true when exactly {@code expected} tasks run, all healthy, and none starts or stops. */
    static boolean isSteady(ServiceSnapshot snapshot, int expected) {
        if (snapshot.tasks().stream().anyMatch(TaskSnapshot::isInTransition)) {
            return false;
        }
        List<TaskSnapshot> running = snapshot.tasks().stream().filter(TaskSnapshot::isRunning).toList();
        return running.size() == expected && running.stream().allMatch(TaskSnapshot::isRunningAndHealthy);
    }

    /** Returns {@code "; not healthy: [...]"} for a waiting message, or "" when every RUNNING task is healthy. */
    static String notHealthyDetail(ServiceSnapshot snapshot) {
        List<String> notHealthy = RebalancePlanner.describeNotHealthyTasks(snapshot);
        return notHealthy.isEmpty() ? "" : "; not healthy: " + notHealthy;
    }

    static void logPlan(ServiceSnapshot snapshot, RebalancePlan plan) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "plan");
        fields.put("cluster", snapshot.clusterName());
        fields.put("service", snapshot.serviceName());
        fields.put("reason", plan.reason());
        fields.put("detail", plan.detail());
        fields.put("tasksPerAz", plan.tasksPerAz());
        fields.put("skew", plan.skew());
        fields.put("moves", movesForLog(plan.moves()));
        LOG.info(JsonWriter.write(fields));
    }

    static void logAction(ServiceSnapshot snapshot, String event, Map<String, Object> details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event);
        fields.put("cluster", snapshot.clusterName());
        fields.put("service", snapshot.serviceName());
        fields.putAll(details);
        LOG.info(JsonWriter.write(fields));
    }

    static List<Map<String, String>> movesForLog(List<TaskMove> moves) {
        List<Map<String, String>> entries = new ArrayList<>();
        for (TaskMove move : moves) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("taskId", move.taskId());
            entry.put("containerInstanceId", move.containerInstanceId());
            entry.put("from", move.fromAvailabilityZone());
            entry.put("to", move.toAvailabilityZone());
            entries.add(entry);
        }
        return entries;
    }

    static ReconcileResult result(ServiceSnapshot snapshot, ReconcileOutcome outcome, String message,
            AzDistribution distribution, RebalancePlan plan, int movesCompleted) {
        return result(snapshot.clusterName(), snapshot.serviceName(), outcome, message, distribution, plan,
                movesCompleted);
    }

    static ReconcileResult result(String clusterName, String serviceName, ReconcileOutcome outcome,
            String message, AzDistribution distribution, RebalancePlan plan, int movesCompleted) {
        if (outcome != ReconcileOutcome.NO_ACTION && outcome != ReconcileOutcome.WAITING) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("event", "reconcile");
            fields.put("cluster", clusterName);
            fields.put("service", serviceName);
            fields.put("outcome", outcome);
            fields.put("message", message);
            LOG.info(JsonWriter.write(fields));
        }
        return new ReconcileResult(clusterName, serviceName, outcome, message, distribution, plan, movesCompleted);
    }
}
