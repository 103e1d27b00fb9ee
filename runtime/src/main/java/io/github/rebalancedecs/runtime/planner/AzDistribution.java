package io.github.rebalancedecs.runtime.planner;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The running tasks of a service per Availability Zone and the skew between the zones that count.
 *
 * @param tasksPerAz  running tasks per Availability Zone, zero for empty zones, sorted by name
 * @param eligibleAzs the Availability Zones that can take one more task, sorted by name
 * @param skew        the largest count minus the smallest among the counted zones: those that
 *                    hold a task or can take one
 */
public record AzDistribution(SortedMap<String, Integer> tasksPerAz, List<String> eligibleAzs, int skew) {

    public AzDistribution {
        tasksPerAz = Collections.unmodifiableSortedMap(new TreeMap<>(tasksPerAz));
        eligibleAzs = List.copyOf(eligibleAzs);
    }

    /**
     * Returns the sum of the squared task counts over every zone. A move from a zone to a zone
     * with at least two fewer tasks lowers it, whichever zones are eligible, so it shows whether
     * an operation helped even when a zone filled up or died meanwhile.
     */
    public int imbalance() {
        return tasksPerAz.values().stream().mapToInt(count -> count * count).sum();
    }

    /**
     * Returns the distribution of a snapshot's running tasks.
     *
     * @throws IllegalArgumentException when a memberOf constraint cannot be evaluated
     */
    public static AzDistribution of(ServiceSnapshot snapshot) {
        return without(snapshot, List.of());
    }

    /**
     * Returns the distribution once the given tasks have stopped, with the zones that are
     * eligible now.
     *
     * @throws IllegalArgumentException when a memberOf constraint cannot be evaluated
     */
    public static AzDistribution without(ServiceSnapshot snapshot, Collection<TaskSnapshot> stopped) {
        PlacementModel model = new PlacementModel(snapshot);
        Set<String> eligible = model.eligibleAvailabilityZones();
        Map<String, Integer> counts = new TreeMap<>(model.tasksPerAz());
        for (TaskSnapshot task : stopped) {
            counts.merge(task.availabilityZone(), -1, Integer::sum);
        }
        int skew = RebalancePlanner.skew(RebalancePlanner.countedZones(counts, eligible));
        return new AzDistribution(new TreeMap<>(counts), List.copyOf(eligible), skew);
    }
}
