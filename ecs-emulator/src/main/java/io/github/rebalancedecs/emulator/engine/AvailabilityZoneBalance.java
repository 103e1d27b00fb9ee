package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.TaskStatus;

import java.util.Map;
import java.util.TreeMap;

/**
 * Measures how a service's tasks spread across Availability Zones, the way native rebalancing
 * and the simulation summary judge balance.
 */
public final class AvailabilityZoneBalance {

    private AvailabilityZoneBalance() {
    }

    /**
     * Returns the service's tasks with desired status RUNNING per Availability Zone, sorted by
     * zone name, with a zero for each AZ that has no task but has an instance that could host
     * one more.
     *
     * <p>NOTE: ECS does not document which AZs count when it measures balance. This choice
     * ignores an AZ whose instances are all full or gone, because ECS cannot place a task there.
     */
    public static Map<String, Integer> tasksPerZone(Service service) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ContainerInstance instance : TaskPlacement.candidates(service, null)) {
            counts.putIfAbsent(instance.availabilityZone(), 0);
        }
        for (Task task : ServiceScheduler.activeTasks(service)) {
            if (task.availabilityZone() != null) {
                counts.merge(task.availabilityZone(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Returns the service's RUNNING tasks (desired status RUNNING too) per Availability Zone,
     * over the same AZs as {@link #tasksPerZone(Service)}.
     */
    public static Map<String, Integer> runningTasksPerZone(Service service) {
        Map<String, Integer> counts = new TreeMap<>();
        tasksPerZone(service).keySet().forEach(zone -> counts.put(zone, 0));
        for (Task task : ServiceScheduler.activeTasks(service)) {
            if (task.lastStatus() == TaskStatus.RUNNING) {
                counts.merge(task.availabilityZone(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Returns true when the highest and lowest counts differ by at most one task. */
    public static boolean isBalanced(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return true;
        }
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return max - min <= 1;
    }

    /**
     * Returns true when the service has settled balanced: its RUNNING tasks differ by at most one
     * across the AZs where it can run, and no more tasks run than desired. A rebalancing surge
     * therefore counts as not yet balanced until its surplus tasks stop.
     *
     * <p>A rebalancer that raises the desired count for its surge, as the fallback rebalancer's
     * SURGE strategy does, passes this check halfway through: use
     * {@link #isSettledAndBalanced(Service, int)} with the desired count before the rebalance.
     */
    public static boolean isSettledAndBalanced(Service service) {
        return isSettledAndBalanced(service, service.desiredCount());
    }

    /**
     * Returns true when the service has settled balanced against {@code baselineDesiredCount},
     * the desired count before any rebalance: the desired count is back at that baseline, no
     * more tasks run than the baseline, and the RUNNING tasks differ by at most one across the
     * AZs where the service can run. For example, with a baseline of 3, RUNNING tasks 1/2/1 and
     * a desired count raised to 4 for a surge, the service is not yet balanced. It is balanced
     * once the surplus task in the second AZ has stopped and the desired count is 3 again.
     */
    public static boolean isSettledAndBalanced(Service service, int baselineDesiredCount) {
        Map<String, Integer> running = runningTasksPerZone(service);
        int total = running.values().stream().mapToInt(Integer::intValue).sum();
        return service.desiredCount() == baselineDesiredCount && total <= baselineDesiredCount && isBalanced(running);
    }
}
