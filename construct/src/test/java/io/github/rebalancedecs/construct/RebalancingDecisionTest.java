package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.ServiceConfiguration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.services.ecs.AvailabilityZoneRebalancing;

/** Every rebalancing mode on a supported and on an unsupported service configuration. */
class RebalancingDecisionTest {

    private static final PlacementStrategy AZ_SPREAD =
            new PlacementStrategy("spread", "attribute:ecs.availability-zone");

    private static final Named<ServiceConfiguration> SUPPORTED = Named.of("supported service",
            new ServiceConfiguration(false, 200, List.of(AZ_SPREAD), List.of(), false));
    private static final Named<ServiceConfiguration> UNSUPPORTED = Named.of("maxHealthyPercent 100",
            new ServiceConfiguration(false, 100, List.of(AZ_SPREAD), List.of(), false));

    static Stream<Arguments> decisions() {
        return Stream.of(
                // mode, configuration, template value, needs fallback, error fragment ("" for none)
                Arguments.of(RebalancingMode.AUTO, SUPPORTED, AvailabilityZoneRebalancing.ENABLED, false, ""),
                Arguments.of(RebalancingMode.AUTO, UNSUPPORTED, AvailabilityZoneRebalancing.DISABLED, true,
                        "rebalancingMode AUTO needs the fallback rebalancer"),
                Arguments.of(RebalancingMode.NATIVE, SUPPORTED, AvailabilityZoneRebalancing.ENABLED, false, ""),
                Arguments.of(RebalancingMode.NATIVE, UNSUPPORTED, AvailabilityZoneRebalancing.ENABLED, false,
                        "rebalancingMode NATIVE requires"),
                Arguments.of(RebalancingMode.FALLBACK, SUPPORTED, AvailabilityZoneRebalancing.DISABLED, true,
                        "rebalancingMode FALLBACK needs the fallback rebalancer"),
                Arguments.of(RebalancingMode.FALLBACK, UNSUPPORTED, AvailabilityZoneRebalancing.DISABLED, true,
                        "rebalancingMode FALLBACK needs the fallback rebalancer"),
                Arguments.of(RebalancingMode.MONITOR, SUPPORTED, AvailabilityZoneRebalancing.ENABLED, false,
                        "rebalancingMode MONITOR needs the Lambda function"),
                Arguments.of(RebalancingMode.MONITOR, UNSUPPORTED, AvailabilityZoneRebalancing.ENABLED, false,
                        "(got maxHealthyPercent 100)"),
                Arguments.of(RebalancingMode.DISABLED, SUPPORTED, AvailabilityZoneRebalancing.DISABLED, false, ""),
                Arguments.of(RebalancingMode.DISABLED, UNSUPPORTED, AvailabilityZoneRebalancing.DISABLED, false, ""));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("decisions")
    void modeOnConfiguration(RebalancingMode mode, ServiceConfiguration configuration,
            AvailabilityZoneRebalancing expectedValue, boolean expectedFallback, String expectedError) {
        RebalancingDecision decision = RebalancingDecision.decide(mode, configuration);

        assertEquals(expectedValue, decision.availabilityZoneRebalancing());
        assertEquals(expectedFallback, decision.needsFallbackRebalancer());
        if (expectedError.isEmpty()) {
            assertEquals(List.of(), decision.errors());
        } else {
            assertEquals(1, decision.errors().size());
            assertTrue(decision.errors().get(0).contains(expectedError), decision.errors().get(0));
        }
    }
}
