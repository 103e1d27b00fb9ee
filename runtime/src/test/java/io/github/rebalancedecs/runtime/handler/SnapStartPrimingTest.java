package io.github.rebalancedecs.runtime.handler;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    private static RebalancerConfig config(String strategy) {
        return RebalancerConfig.fromEnvironment(Map.of(
                RebalancerConfig.REGION, "us-east-1",
                RebalancerConfig.CLUSTER_NAME, "prod",
                RebalancerConfig.SERVICE_NAMES, "web",
                RebalancerConfig.STRATEGY, strategy));
    }

    @Test
    void primeRunsDryRunToPlanWithSurge() {
        // prime checks that the dry run against the canned cluster ended PLANNED and throws otherwise.
        assertDoesNotThrow(() -> SnapStartPriming.prime(config("SURGE")));
    }

    @Test
    void primeRunsDryRunToPlanWithReplace() {
        assertDoesNotThrow(() -> SnapStartPriming.prime(config("REPLACE")));
    }

    @Test
    void registerOnJvmWithoutCheckpointSupport() {
        // A JVM without CRaC keeps the hook and never calls it.
        assertDoesNotThrow(() -> SnapStartPriming.register(config("SURGE")));
    }
}
