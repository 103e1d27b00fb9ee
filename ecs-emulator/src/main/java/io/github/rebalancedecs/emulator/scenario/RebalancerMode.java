package io.github.rebalancedecs.emulator.scenario;

import java.util.Locale;

/** The rebalancer that acts during a simulation. */
public enum RebalancerMode {
    /** ECS native Availability Zone rebalancing is ENABLED on every service. */
    NATIVE,
    /** Native rebalancing is DISABLED and a {@link SimulatedRebalancer} runs on the virtual clock. */
    FALLBACK,
    /** No rebalancing: shows what happens when nothing repairs the skew. */
    NONE;

    /** Returns the mode for {@code native}, {@code fallback} or {@code none}, in any case. */
    public static RebalancerMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rebalancer must be native, fallback or none, got '" + value + "'", e);
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
