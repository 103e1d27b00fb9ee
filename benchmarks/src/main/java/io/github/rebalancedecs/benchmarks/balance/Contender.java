package io.github.rebalancedecs.benchmarks.balance;

import io.github.rebalancedecs.emulator.scenario.RebalancerMode;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import java.util.Map;
import java.util.Objects;

/**
 * A rebalancer that a scenario runs with: ECS native rebalancing, or the fallback rebalancer with
 * its trigger and policy.
 *
 * @param label   the name the report uses
 * @param mode    {@link RebalancerMode#NATIVE} or {@link RebalancerMode#FALLBACK}
 * @param trigger what invokes the fallback rebalancer; {@code null} for native rebalancing
 * @param policy  the fallback rebalancer's policy variables; empty for its defaults
 */
public record Contender(String label, RebalancerMode mode, FallbackTrigger trigger, Map<String, String> policy) {

    /** The policy variables that let one operation move up to 50 tasks, for large services. */
    public static final Map<String, String> LARGE_SERVICE_POLICY = Map.of(
            RebalancerConfig.MAX_SURGE, "50",
            RebalancerConfig.MAX_MOVES_PER_RUN, "50");

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
     * Returns the fallback rebalancer with the given strategy, trigger and policy.
     *
     * @param strategy {@code SURGE} or {@code REPLACE}
     * @param policy   further policy variables, such as {@link #LARGE_SERVICE_POLICY}
     */
    public static Contender fallback(String strategy, FallbackTrigger trigger, Map<String, String> policy) {
        Map<String, String> variables = new java.util.HashMap<>(policy);
        variables.put(RebalancerConfig.STRATEGY, strategy);
        String label = "fallback " + strategy + ", " + trigger.label() + (policy.isEmpty() ? "" : ", large-service policy");
        return new Contender(label, RebalancerMode.FALLBACK, trigger, variables);
    }
}
