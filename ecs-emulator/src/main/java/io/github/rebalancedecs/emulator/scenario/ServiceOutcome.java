package io.github.rebalancedecs.emulator.scenario;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary of one service after a simulation.
 *
 * @param serviceName         the service
 * @param desiredCount        the desired count at the end
 * @param everUnbalanced      true when the service was unbalanced at some tick. Balanced means
 *                            that the RUNNING tasks differ by at most one across the AZs where
 *                            the service can run, that no more tasks run than the baseline
 *                            desired count and that the desired count is at that baseline. The
 *                            baseline is the scenario's desired count, as its timeline last set
 *                            it, so a rebalancing surge counts as unbalanced until its surplus
 *                            tasks stop and a desired count that the rebalancer raised is back
 * @param timeToBalance       from the first tick the service was unbalanced to the last tick
 *                            it became balanced again; {@link Duration#ZERO} when it never was
 *                            unbalanced, and {@code null} when it is still unbalanced at the end.
 *                            In the shipped observed cases the first unbalanced tick is the one
 *                            at which capacity returns, because an AZ without a usable instance
 *                            does not count
 * @param extraTaskMinutes    task-minutes run above the baseline desired count: the cost of
 *                            surging, counting every task that reserves resources (PENDING,
 *                            RUNNING or STOPPING)
 * @param lowestRunningCount  the lowest number of RUNNING tasks at any tick
 * @param finalTasksPerZone   tasks per Availability Zone at the end
 * @param finalTasks          the task table at the end
 */
public record ServiceOutcome(
        String serviceName,
        int desiredCount,
        boolean everUnbalanced,
        Duration timeToBalance,
        double extraTaskMinutes,
        int lowestRunningCount,
        Map<String, Integer> finalTasksPerZone,
        List<TaskRow> finalTasks) {

    public ServiceOutcome {
        finalTasksPerZone = Collections.unmodifiableMap(new TreeMap<>(finalTasksPerZone));
        finalTasks = List.copyOf(finalTasks);
    }

    /** Returns true when the service ends balanced across Availability Zones. */
    public boolean balancedAtEnd() {
        return timeToBalance != null;
    }
}
