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
 * @param planOnly             true for one plan-only invocation of a rebalancer that is not in
 *                             dry run. It changes nothing either, but it reports an operation in
 *                             flight as one that the next run continues, not as a failure.
 *                             Requires {@code dryRun}.
 */
public record ExecutorSettings(
        Duration taskStartTimeout, int protectionMinutes, Duration ineffectiveCooldown, boolean dryRun,
        boolean planOnly) {

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
        if (planOnly && !dryRun) {
            throw new IllegalArgumentException("planOnly requires dryRun, because a plan-only step changes nothing, "
                    + "got dryRun false");
        }
    }

    /** Creates settings for a rebalancer whose steps are not plan-only. */
    public ExecutorSettings(Duration taskStartTimeout, int protectionMinutes, Duration ineffectiveCooldown,
            boolean dryRun) {
        this(taskStartTimeout, protectionMinutes, ineffectiveCooldown, dryRun, false);
    }

    /** Returns a copy with dry run switched on or off, not plan-only. */
    public ExecutorSettings withDryRun(boolean newDryRun) {
        return new ExecutorSettings(taskStartTimeout, protectionMinutes, ineffectiveCooldown, newDryRun);
    }

    /**
     * Returns the settings for one plan-only invocation: a copy in dry run that is plan-only,
     * or these settings unchanged when they are in dry run already, because then no run
     * continues an operation in flight.
     */
    public ExecutorSettings forPlanOnly() {
        if (dryRun) {
            return this;
        }
        return new ExecutorSettings(taskStartTimeout, protectionMinutes, ineffectiveCooldown, true, true);
    }
}
