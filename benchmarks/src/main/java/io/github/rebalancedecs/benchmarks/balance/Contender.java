package io.github.rebalancedecs.benchmarks.balance;

import io.github.rebalancedecs.cli.FallbackTrigger;
import io.github.rebalancedecs.cli.SimulatedFallbackRebalancer;
import io.github.rebalancedecs.emulator.scenario.RebalancerMode;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A rebalancer that a scenario runs with: ECS native rebalancing, or the fallback rebalancer with
 * its trigger and policy.
 *
 * @param label   the name the report uses
 * @param mode    {@link RebalancerMode#NATIVE} or {@link RebalancerMode#FALLBACK}
 * @param trigger what invokes the fallback rebalancer; {@code null} for native rebalancing
 * @param policy  the fallback rebalancer's policy variables, such as its strategy; empty for native
 *                rebalancing
 */
public record Contender(String label, RebalancerMode mode, FallbackTrigger trigger, Map<String, String> policy) {

    /** The name the report gives to {@link #CAPPED_POLICY}. */
    public static final String CAPPED_POLICY_NAME = "capped policy";

    /**
     * The policy variables of a rebalancer with caps of its own: at most 2 extra tasks and 5 moves
     * per operation, and 10 minutes of cooldown. These were the runtime's defaults before the
     * service's deployment limits alone bounded an operation, and they show what caps cost.
     */
    public static final Map<String, String> CAPPED_POLICY = Map.of(
            RebalancerConfig.MAX_SURGE, "2",
            RebalancerConfig.MAX_MOVES_PER_RUN, "5",
            RebalancerConfig.COOLDOWN_MINUTES, "10");

    public Contender {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(mode, "mode");
        policy = Map.copyOf(policy);
        if ((mode == RebalancerMode.FALLBACK) != (trigger != null)) {
            throw new IllegalArgumentException("trigger must be set for the fallback mode only, got mode " + mode
                    + " and trigger " + trigger);
        }
    }

    /** ECS native Availability Zone rebalancing, with the emulator's 20-minute detection delay. */
    public static Contender nativeRebalancing() {
        return new Contender("native", RebalancerMode.NATIVE, null, Map.of());
    }

    /**
     * Returns the fallback rebalancer with the given strategy and trigger, and the runtime's
     * default policy for everything else.
     *
     * @param strategy {@code SURGE} or {@code REPLACE}
     */
    public static Contender fallback(String strategy, FallbackTrigger trigger) {
        return new Contender(fallbackLabel(strategy, trigger), RebalancerMode.FALLBACK, trigger,
                Map.of(RebalancerConfig.STRATEGY, strategy));
    }

    /**
     * Returns the fallback rebalancer with the given strategy and trigger, and further policy
     * variables that the label names.
     *
     * @param strategy   {@code SURGE} or {@code REPLACE}
     * @param policyName the name of the policy in the report, such as {@link #CAPPED_POLICY_NAME}
     * @param policy     the policy variables, such as {@link #CAPPED_POLICY}
     */
    public static Contender fallback(String strategy, FallbackTrigger trigger, String policyName,
            Map<String, String> policy) {
        Map<String, String> variables = new HashMap<>(policy);
        variables.put(RebalancerConfig.STRATEGY, strategy);
        return new Contender(fallbackLabel(strategy, trigger) + ", " + policyName, RebalancerMode.FALLBACK, trigger,
                variables);
    }

    /** Returns the name the report uses, such as {@code fallback SURGE, events + 1-minute schedule}. */
    private static String fallbackLabel(String strategy, FallbackTrigger trigger) {
        String schedule = SimulatedFallbackRebalancer.SCHEDULE_INTERVAL.toMinutes() + "-minute schedule";
        String triggerLabel = trigger == FallbackTrigger.EVENTS_AND_SCHEDULE ? "events + " + schedule : schedule;
        return "fallback " + strategy + ", " + triggerLabel;
    }
}
