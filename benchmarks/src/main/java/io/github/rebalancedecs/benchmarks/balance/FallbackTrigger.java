package io.github.rebalancedecs.benchmarks.balance;

/** The source of the invocations of the simulated fallback rebalancer. */
public enum FallbackTrigger {

    /**
     * ECS container instance and task state changes through EventBridge, plus the 5-minute
     * schedule that catches what no event reports (such as the end of a cooldown).
     */
    EVENTS_AND_SCHEDULE("events + 5-minute schedule"),

    /** The 5-minute schedule alone. */
    SCHEDULE("5-minute schedule");

    private final String label;

    FallbackTrigger(String label) {
        this.label = label;
    }

    /** Returns the name the report uses. */
    public String label() {
        return label;
    }
}
