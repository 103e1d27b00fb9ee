package io.github.rebalancedecs.cli;

/** The source of the invocations of the {@link SimulatedFallbackRebalancer}. */
public enum FallbackTrigger {

    /**
     * ECS container instance and task state changes through EventBridge, plus the schedule that
     * catches what no event reports (such as the end of a cooldown). The construct deploys both
     * whenever its rebalancer moves tasks.
     */
    EVENTS_AND_SCHEDULE,

    /** The schedule alone. */
    SCHEDULE
}
