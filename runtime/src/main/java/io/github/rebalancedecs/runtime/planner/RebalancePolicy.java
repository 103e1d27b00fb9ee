package io.github.rebalancedecs.runtime.planner;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits within which the planner may move tasks.
 *
 * @param strategy        how the executor moves tasks; the planner predicts placement for it
 * @param maxSkew         the largest difference between the task counts of two Availability
 *                        Zones that needs no action; at least 1
 * @param maxMovesPerRun  the most tasks one operation moves; at least 1
 * @param maxSurge        with {@link RebalanceStrategy#SURGE}, the most extra tasks started at
 *                        once; at least 1
 * @param cooldown        the time after a rebalance during which the planner does not act
 */
public record RebalancePolicy(
        RebalanceStrategy strategy, int maxSkew, int maxMovesPerRun, int maxSurge, Duration cooldown) {

    /** The defaults: SURGE, max skew 1, 5 moves per run, 2 extra tasks, 10 minutes of cooldown. */
    public static final RebalancePolicy DEFAULTS =
            new RebalancePolicy(RebalanceStrategy.SURGE, 1, 5, 2, Duration.ofMinutes(10));

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
