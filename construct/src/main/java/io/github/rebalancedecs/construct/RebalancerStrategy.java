package io.github.rebalancedecs.construct;

/**
 * The way the fallback rebalancer moves a task from a crowded Availability Zone to a short one.
 */
public enum RebalancerStrategy {

    /**
     * Start first, as ECS native rebalancing does: the rebalancer raises the desired count, waits
     * for the new tasks, protects the tasks that must stay, then lowers the desired count so that
     * ECS stops the unprotected tasks. The service never runs fewer tasks than its desired count,
     * but briefly runs up to {@code rebalancerMaxSurge} more.
     */
    SURGE,

    /**
     * Stop first, one task at a time, and let ECS start the replacement. No extra task ever runs,
     * which suits a maximum percent of 100, static host ports and licences that count copies, but
     * the service runs one task short while the replacement starts.
     */
    REPLACE
}
