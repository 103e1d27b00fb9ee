package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The limits within which {@code plan} and {@code rebalance} move tasks. The defaults are the
 * rebalancer's. Pass the values that the service's rebalancer is configured with to see what it
 * would do.
 */
final class PolicyOptions {

    @Option(names = "--strategy", paramLabel = "SURGE|REPLACE",
            description = "How tasks move. SURGE starts the new tasks before it stops the old ones and needs "
                    + "maximumPercent above 100. REPLACE stops one task at a time, lets ECS start its replacement, "
                    + "and needs a minimumHealthyPercent that allows one task fewer than the desired count. Default: ${DEFAULT-VALUE}.")
    RebalanceStrategy strategy = RebalancePolicy.DEFAULTS.strategy();

    @Option(names = "--max-moves", paramLabel = "N",
            description = "The maximum number of tasks one operation moves. Default: no cap of its own; the "
                    + "service's deployment limits bound every operation.")
    Integer maxMovesPerRun;

    @Option(names = "--max-surge", paramLabel = "N",
            description = "With SURGE, the maximum number of extra tasks that run at once. Default: no cap of "
                    + "its own; a SURGE runs at most maximumPercent of the desired count, as a deployment does.")
    Integer maxSurge;

    @Option(names = "--cooldown-minutes", paramLabel = "MINUTES",
            description = "The minutes after the last rebalance during which no new operation starts; 0 ignores "
                    + "the last rebalance. Default: ${DEFAULT-VALUE}.")
    long cooldownMinutes = RebalancePolicy.DEFAULTS.cooldown().toMinutes();

    /** Checks the values before the command connects, so that a typo fails first. */
    void validate(ServiceCommand command) {
        if (maxMovesPerRun != null) {
            command.requireAtLeast("--max-moves", maxMovesPerRun, 1);
        }
        if (maxSurge != null) {
            command.requireAtLeast("--max-surge", maxSurge, 1);
        }
        if (cooldownMinutes < 0) {
            throw command.usageError("--cooldown-minutes must be at least 0, got " + cooldownMinutes);
        }
    }

    RebalancePolicy policy(int maxSkew) {
        return new RebalancePolicy(strategy, maxSkew, orNoLimit(maxMovesPerRun), orNoLimit(maxSurge),
                Duration.ofMinutes(cooldownMinutes));
    }

    private static int orNoLimit(Integer value) {
        return value != null ? value : RebalancePolicy.NO_LIMIT;
    }
}
