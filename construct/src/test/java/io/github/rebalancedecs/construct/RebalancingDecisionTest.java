package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.ServiceConfiguration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
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
                // mode, configuration, template value, moves tasks, needs a function, error fragment ("" for none)
                Arguments.of(RebalancingMode.AUTO, SUPPORTED, AvailabilityZoneRebalancing.ENABLED, false, false, ""),
                Arguments.of(RebalancingMode.AUTO, UNSUPPORTED, AvailabilityZoneRebalancing.DISABLED, true, true, ""),
                Arguments.of(RebalancingMode.NATIVE, SUPPORTED, AvailabilityZoneRebalancing.ENABLED, false, false, ""),
                Arguments.of(RebalancingMode.NATIVE, UNSUPPORTED, AvailabilityZoneRebalancing.ENABLED, false, false,
                        "rebalancingMode NATIVE requires"),
                Arguments.of(RebalancingMode.FALLBACK, SUPPORTED, AvailabilityZoneRebalancing.DISABLED, true, true, ""),
                Arguments.of(RebalancingMode.FALLBACK, UNSUPPORTED, AvailabilityZoneRebalancing.DISABLED, true, true,
                        ""),
                Arguments.of(RebalancingMode.MONITOR, SUPPORTED, AvailabilityZoneRebalancing.ENABLED, false, true, ""),
                Arguments.of(RebalancingMode.MONITOR, UNSUPPORTED, AvailabilityZoneRebalancing.ENABLED, false, true,
                        ""),
                Arguments.of(RebalancingMode.DISABLED, SUPPORTED, AvailabilityZoneRebalancing.DISABLED, false, false,
                        ""),
                Arguments.of(RebalancingMode.DISABLED, UNSUPPORTED, AvailabilityZoneRebalancing.DISABLED, false, false,
                        ""));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @MethodSource("decisions")
    void modeOnConfiguration(RebalancingMode mode, ServiceConfiguration configuration,
            AvailabilityZoneRebalancing expectedValue, boolean expectedMovesTasks, boolean expectedFunction,
            String expectedError) {
        RebalancingDecision decision = RebalancingDecision.decide(mode, configuration);

        assertEquals(expectedValue, decision.availabilityZoneRebalancing());
        assertEquals(expectedMovesTasks, decision.needsFallbackRebalancer());
        assertEquals(expectedFunction, decision.needsRebalancerFunction());
        List<String> errors = decision.errors(decision.needsRebalancerFunction());
        if (expectedError.isEmpty()) {
            assertEquals(List.of(), errors);
        } else {
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).contains(expectedError), errors.get(0));
        }
    }

    @Test
    void autoWithoutCreatedRebalancerFails() {
        RebalancingDecision decision = RebalancingDecision.decide(RebalancingMode.AUTO, UNSUPPORTED.getPayload());

        List<String> errors = decision.errors(false);

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("rebalancingMode AUTO needs the fallback rebalancer"), errors.get(0));
        assertTrue(errors.get(0).contains("(got maxHealthyPercent 100)"), errors.get(0));
        assertTrue(errors.get(0).contains("Set rebalancingMode to FALLBACK"), errors.get(0));
    }

    @Test
    void monitorOnUnsupportedServiceWarns() {
        RebalancingDecision decision = RebalancingDecision.decide(RebalancingMode.MONITOR, UNSUPPORTED.getPayload());

        List<String> warnings = decision.warnings();

        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("native rebalancing does not act on 1 setting"), warnings.get(0));
        assertTrue(warnings.get(0).contains("Set rebalancingMode to AUTO or FALLBACK"), warnings.get(0));
    }

    @Test
    void monitorOnSupportedServiceDoesNotWarn() {
        assertEquals(List.of(), RebalancingDecision.decide(RebalancingMode.MONITOR, SUPPORTED.getPayload()).warnings());
    }
}
