package io.github.rebalancedecs.runtime.planner;

import java.time.Instant;
import java.util.Objects;

/**
 * The record that earlier runs left on the service, which the planner reads to honour cooldowns.
 *
 * @param lastRebalanceAt   when the last rebalance ended; {@link Instant#EPOCH} when never
 * @param ineffectiveUntil  until when the planner must not act because ECS put a moved task
 *                          back into the Availability Zone it left; {@link Instant#EPOCH} when never
 */
public record RebalanceHistory(Instant lastRebalanceAt, Instant ineffectiveUntil) {

    /** No rebalance recorded. */
    public static final RebalanceHistory NONE = new RebalanceHistory(Instant.EPOCH, Instant.EPOCH);

    public RebalanceHistory {
        Objects.requireNonNull(lastRebalanceAt, "lastRebalanceAt");
        Objects.requireNonNull(ineffectiveUntil, "ineffectiveUntil");
    }
}
