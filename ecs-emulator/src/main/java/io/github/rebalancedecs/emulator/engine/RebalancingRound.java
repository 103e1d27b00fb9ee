package io.github.rebalancedecs.emulator.engine;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One round of native Availability Zone rebalancing: the tasks it started in the AZs with the
 * fewest tasks, and the per-AZ targets it stops surplus tasks toward once those are healthy.
 */
public final class RebalancingRound {

    private final Set<Task> startedTasks;
    private final Map<String, Integer> targetCounts;

    RebalancingRound(Set<Task> startedTasks, Map<String, Integer> targetCounts) {
        this.startedTasks = new LinkedHashSet<>(startedTasks);
        this.targetCounts = Map.copyOf(targetCounts);
    }

    public Set<Task> startedTasks() {
        return startedTasks;
    }

    /** Returns the number of tasks each Availability Zone should have once the round completes. */
    public Map<String, Integer> targetCounts() {
        return targetCounts;
    }
}
