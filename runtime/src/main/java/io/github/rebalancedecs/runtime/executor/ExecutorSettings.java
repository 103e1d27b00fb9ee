package io.github.rebalancedecs.runtime.executor;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and switches of the executor.
 *
 * @param taskStartTimeout     how long a surge or a replacement may take to become RUNNING and
 *                             healthy before the executor gives up and rolls back or reports
 * @param protectionMinutes    the expiry of the scale-in protection the executor sets; short, so
 *                             that protection left by a crashed run ends by itself
 * @param ineffectiveCooldown  how long the planner waits after ECS put a moved task back into
 *                             the zone it left, or after a rollback
 * @param dryRun               true to plan, log and measure without changing anything
 */
public record ExecutorSettings(
        Duration taskStartTimeout, int protectionMinutes, Duration ineffectiveCooldown, boolean dryRun) {

    /** 10 minutes to start, 5 minutes of protection, 30 minutes after an ineffective move. */
    public static final ExecutorSettings DEFAULTS =
            new ExecutorSettings(Duration.ofMinutes(10), 5, Duration.ofMinutes(30), false);

    public ExecutorSettings {
        Objects.requireNonNull(taskStartTimeout, "taskStartTimeout");
        Objects.requireNonNull(ineffectiveCooldown, "ineffectiveCooldown");
        // UpdateTaskProtection accepts 1 to 2880 minutes.
        if (protectionMinutes < 1 || protectionMinutes > 2880) {
            throw new IllegalArgumentException(
                    "protectionMinutes must be between 1 and 2880, got " + protectionMinutes);
        }
    }

    /** Returns a copy with dry run switched on or off. */
    public ExecutorSettings withDryRun(boolean newDryRun) {
        return new ExecutorSettings(taskStartTimeout, protectionMinutes, ineffectiveCooldown, newDryRun);
    }
}
