package io.github.rebalancedecs.runtime.planner;

/** The way the executor moves a task from one Availability Zone to another. */
public enum RebalanceStrategy {
    /**
     * Start first, as ECS native rebalancing does: raise the desired count, wait for the new
     * tasks, protect every task that must stay, then lower the desired count again so that ECS
     * stops exactly the unprotected tasks. The service never runs fewer tasks than its desired
     * count, but briefly runs more.
     */
    SURGE,

    /**
     * Stop first, one task at a time, and let ECS start the replacement. No extra task ever runs,
     * which suits a maximum percent of 100, static host ports and licences that count copies, but
     * the service runs one task short while the replacement starts.
     */
    REPLACE
}
