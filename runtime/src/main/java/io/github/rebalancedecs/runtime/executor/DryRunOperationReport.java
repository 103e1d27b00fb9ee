package io.github.rebalancedecs.runtime.executor;

import io.github.rebalancedecs.runtime.json.JsonWriter;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import io.github.rebalancedecs.runtime.planner.ServiceSnapshot;
import io.github.rebalancedecs.runtime.planner.TaskSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports an operation in flight that a dry-run step finds, without changing ECS.
 *
 * <p>A run that was not in dry run started the operation and recorded it in the service's tags.
 * Then dry run was turned on, or the mode changed to MONITOR, whose function may lack the
 * permissions to change the service. Nothing advances the operation from then on: a SURGE's
 * raised desired count stays, and the planner plans nothing for the service while the tags
 * remain. Each step therefore reports FAILED, so that the {@code RebalanceFailures} metric and
 * the errors alarm fire, and writes one {@code warn} line with the phase, the baseline desired
 * count and the way out.
 *
 * <p>A plan-only step ({@link ExecutorSettings#planOnly()}) of a rebalancer that is not in dry
 * run reports NO_ACTION instead, because the next run that may act continues the operation.
 */
final class DryRunOperationReport {

    private DryRunOperationReport() {
    }

    static ReconcileResult report(ServiceSnapshot snapshot, AzDistribution distribution, OperationRecord record,
            ExecutorSettings settings, Clock clock) {
        if (settings.planOnly()) {
            return OperationSteps.result(snapshot, ReconcileOutcome.NO_ACTION, "operation " + record.phase()
                    + " is in flight and the next run continues it, so a plan changes nothing", distribution, null, 0);
        }

        // 1. What the operation left on the service.
        int baseline = record.baselineDesiredCount();
        int desired = snapshot.desiredCount();
        List<String> tagKeys = OperationRecord.OPERATION_KEYS.stream()
                .filter(snapshot.tags()::containsKey)
                .toList();
        Instant now = clock.instant();
        List<TaskSnapshot> protectedTasks = snapshot.tasks().stream()
                .filter(OperationSteps.ownProtection(record))
                .filter(task -> task.protectionExpiresAt().isAfter(now))
                .toList();

        // 2. The problem and the way out, in words.
        String problem = "dry run cannot finish or roll back the " + record.strategy() + " operation in phase "
                + record.phase() + " that an earlier run started: the desired count is " + desired
                + ", the baseline desired count " + baseline;
        String hint = "Turn dry run off so that the rebalancer finishes or rolls back the operation, or by hand "
                + manualSteps(baseline, desired, record);
        if (!protectedTasks.isEmpty()) {
            Instant expiry = protectedTasks.stream()
                    .map(TaskSnapshot::protectionExpiresAt)
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            hint += ". The scale-in protection that the rebalancer set on " + protectedTasks.size()
                    + " task(s) expires by itself at " + expiry;
        }

        // 3. One warn line per step and no ECS call.
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "reconcile");
        fields.put("cluster", snapshot.clusterName());
        fields.put("service", snapshot.serviceName());
        fields.put("outcome", ReconcileOutcome.FAILED);
        fields.put("message", problem);
        fields.put("phase", record.phase());
        fields.put("strategy", record.strategy());
        fields.put("baselineDesiredCount", baseline);
        fields.put("desiredCount", desired);
        fields.put("operationTagKeys", tagKeys);
        fields.put("hint", hint);
        OperationSteps.LOG.warn(JsonWriter.write(fields));
        return new ReconcileResult(snapshot.clusterName(), snapshot.serviceName(), ReconcileOutcome.FAILED,
                problem + ". " + hint, distribution, null, 0);
    }

    /**
     * Returns what an operator does instead of the rebalancer, which depends on who set the
     * desired count last.
     */
    private static String manualSteps(int baseline, int desired, OperationRecord record) {
        String removeTags = "remove the service's tags whose keys start with '" + OperationRecord.PREFIX + "'";
        if (desired == record.operationDesiredCount() && desired != baseline) {
            return "set the desired count back to " + baseline + " and " + removeTags;
        }
        if (desired == baseline) {
            return "leave the desired count at " + baseline + ", the baseline, and " + removeTags;
        }
        // The executor itself would defer here: someone else set this count, so it stays.
        return "leave the desired count at " + desired + ", which was set outside the rebalancer, and " + removeTags;
    }
}
