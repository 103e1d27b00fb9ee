package io.github.rebalancedecs.runtime.planner;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits within which the planner may move tasks.
 *
 * @param strategy        how the executor moves tasks; the planner predicts placement for it
 * @param maxSkew         the largest difference between the task counts of two Availability
 *                        Zones that needs no action; at least 1
 * @param maxMovesPerRun  the most tasks one operation moves; at least 1, or {@link #NO_LIMIT}
 * @param maxSurge        with {@link RebalanceStrategy#SURGE}, the most extra tasks started at
 *                        once; at least 1, or {@link #NO_LIMIT}
 * @param cooldown        the time after a rebalance during which the planner does not act
 */
public record RebalancePolicy(
        RebalanceStrategy strategy, int maxSkew, int maxMovesPerRun, int maxSurge, Duration cooldown) {

    /**
     * No limit of the rebalancer's own. The service's deployment configuration still bounds every
     * operation, as it bounds a deployment: SURGE runs at most {@code maximumPercent} of the
     * desired count, and REPLACE stops a task only while the rest stay within
     * {@code minimumHealthyPercent}.
     */
    public static final int NO_LIMIT = Integer.MAX_VALUE;

    /**
     * The defaults: SURGE, max skew 1, no limit of its own on moves and extra tasks, and 1 minute
     * of cooldown.
     *
     * <p>The moves are bounded by the limits the operator already chose for deployments, so that
     * the service is balanced in one operation, as ECS native rebalancing does, instead of a few
     * tasks per operation. The short cooldown gives instances that come up one after another,
     * as an Auto Scaling group's do, their tasks within minutes. An operation that did not help
     * still waits for the longer ineffective cooldown.
     */
    public static final RebalancePolicy DEFAULTS =
            new RebalancePolicy(RebalanceStrategy.SURGE, 1, NO_LIMIT, NO_LIMIT, Duration.ofMinutes(1));

    public RebalancePolicy {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(cooldown, "cooldown");
        requireAtLeastOne("maxSkew", maxSkew);
        requireAtLeastOne("maxMovesPerRun", maxMovesPerRun);
        requireAtLeastOne("maxSurge", maxSurge);
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must not be negative, got " + cooldown);
        }
    }

    /** Returns a copy with another strategy. */
    public RebalancePolicy withStrategy(RebalanceStrategy newStrategy) {
        return new RebalancePolicy(newStrategy, maxSkew, maxMovesPerRun, maxSurge, cooldown);
    }

    private static void requireAtLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
