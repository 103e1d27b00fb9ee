package io.github.rebalancedecs.benchmarks.balance;

/** The source of the invocations of the simulated fallback rebalancer. */
public enum FallbackTrigger {

    /**
     * ECS container instance and task state changes through EventBridge, plus the schedule that
     * catches what no event reports (such as the end of a cooldown).
     */
    EVENTS_AND_SCHEDULE(true),

    /** The schedule alone. */
    SCHEDULE(false);

    private final boolean events;

    FallbackTrigger(boolean events) {
        this.events = events;
    }

    /** Returns the name the report uses, such as {@code events + 1-minute schedule}. */
    public String label() {
        String schedule = SimulatedFallbackRebalancer.SCHEDULE_INTERVAL.toMinutes() + "-minute schedule";
        return events ? "events + " + schedule : schedule;
    }
}
