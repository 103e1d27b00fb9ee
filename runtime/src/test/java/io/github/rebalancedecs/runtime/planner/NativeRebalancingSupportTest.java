package io.github.rebalancedecs.runtime.planner;

import static io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.UnsupportedReason.AVAILABILITY_ZONE_MEMBER_OF_CONSTRAINT;
import static io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.UnsupportedReason.CLASSIC_LOAD_BALANCER;
import static io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.UnsupportedReason.DAEMON_SCHEDULING;
import static io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.UnsupportedReason.FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD;
import static io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.UnsupportedReason.MAXIMUM_PERCENT_100;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementConstraint;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.PlacementStrategy;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.Result;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.ServiceConfiguration;
import io.github.rebalancedecs.runtime.planner.NativeRebalancingSupport.UnsupportedReason;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NativeRebalancingSupportTest {

    private static final PlacementStrategy AZ_SPREAD = new PlacementStrategy("spread", "attribute:ecs.availability-zone");
    private static final PlacementStrategy INSTANCE_SPREAD = new PlacementStrategy("spread", "instanceId");
    private static final PlacementStrategy BINPACK_MEMORY = new PlacementStrategy("binpack", "MEMORY");
    private static final PlacementStrategy RANDOM = new PlacementStrategy("random", null);
    private static final PlacementConstraint AZ_MEMBER_OF =
            new PlacementConstraint("memberOf", "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]");
    private static final PlacementConstraint INSTANCE_TYPE_MEMBER_OF =
            new PlacementConstraint("memberOf", "attribute:ecs.instance-type =~ t3.*");
    private static final PlacementConstraint DISTINCT_INSTANCE = new PlacementConstraint("distinctInstance", null);

    static Stream<Arguments> configurations() {
        return Stream.of(
                scenario("replica, max 200, AZ spread then instance spread -> supported",
                        config(false, 200, List.of(AZ_SPREAD, INSTANCE_SPREAD), List.of(), false)),
                scenario("no placement strategy -> supported, ECS spreads across zones by default",
                        config(false, 200, List.of(), List.of(), false)),
                scenario("max percent unknown (token) -> supported",
                        config(false, null, List.of(AZ_SPREAD), List.of(), false)),
                scenario("distinctInstance and instance-type memberOf -> supported",
                        config(false, 150, List.of(AZ_SPREAD), List.of(DISTINCT_INSTANCE, INSTANCE_TYPE_MEMBER_OF),
                                false)),
                scenario("max percent 101 -> supported",
                        config(false, 101, List.of(AZ_SPREAD), List.of(), false)),
                scenario("daemon -> DAEMON_SCHEDULING",
                        config(true, 200, List.of(), List.of(), false), DAEMON_SCHEDULING),
                scenario("max percent 100 -> MAXIMUM_PERCENT_100",
                        config(false, 100, List.of(AZ_SPREAD), List.of(), false), MAXIMUM_PERCENT_100),
                scenario("max percent 50 -> MAXIMUM_PERCENT_100",
                        config(false, 50, List.of(AZ_SPREAD), List.of(), false), MAXIMUM_PERCENT_100),
                scenario("binpack first, AZ spread second -> FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD",
                        config(false, 200, List.of(BINPACK_MEMORY, AZ_SPREAD), List.of(), false),
                        FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD),
                scenario("instance spread first -> FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD",
                        config(false, 200, List.of(INSTANCE_SPREAD, AZ_SPREAD), List.of(), false),
                        FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD),
                scenario("random -> FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD",
                        config(false, 200, List.of(RANDOM), List.of(), false), FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD),
                scenario("Classic Load Balancer -> CLASSIC_LOAD_BALANCER",
                        config(false, 200, List.of(AZ_SPREAD), List.of(), true), CLASSIC_LOAD_BALANCER),
                scenario("memberOf on zone -> AVAILABILITY_ZONE_MEMBER_OF_CONSTRAINT",
                        config(false, 200, List.of(AZ_SPREAD), List.of(DISTINCT_INSTANCE, AZ_MEMBER_OF), false),
                        AVAILABILITY_ZONE_MEMBER_OF_CONSTRAINT),
                scenario("everything unsupported -> every reason in enum order",
                        config(true, 100, List.of(BINPACK_MEMORY), List.of(AZ_MEMBER_OF), true),
                        DAEMON_SCHEDULING, MAXIMUM_PERCENT_100, FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD,
                        CLASSIC_LOAD_BALANCER, AVAILABILITY_ZONE_MEMBER_OF_CONSTRAINT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void evaluate(String scenario, ServiceConfiguration configuration, List<UnsupportedReason> expectedReasons) {
        Result result = NativeRebalancingSupport.evaluate(configuration);

        assertEquals(expectedReasons, result.reasons());
        assertEquals(expectedReasons.isEmpty(), result.supported());
    }

    @Test
    void strategyFieldMatchIgnoresCaseAndSpaces() {
        assertTrue(new PlacementStrategy("SPREAD", " Attribute:ECS.Availability-Zone ").isAvailabilityZoneSpread());
        assertFalse(new PlacementStrategy("spread", null).isAvailabilityZoneSpread());
        assertFalse(new PlacementStrategy("binpack", "attribute:ecs.availability-zone").isAvailabilityZoneSpread());
    }

    @Test
    void memberOfMatchIgnoresCase() {
        assertTrue(new PlacementConstraint("MEMBEROF", "attribute:ECS.availability-zone != us-east-1c")
                .restrictsAvailabilityZone());
        assertFalse(new PlacementConstraint("memberOf", null).restrictsAvailabilityZone());
        assertFalse(new PlacementConstraint("distinctInstance", "ecs.availability-zone").restrictsAvailabilityZone());
    }

    @Test
    void describeJoinsEveryReason() {
        Result result = NativeRebalancingSupport.evaluate(
                config(false, 100, List.of(RANDOM), List.of(), false));

        assertEquals(MAXIMUM_PERCENT_100.description() + "; " + FIRST_PLACEMENT_STRATEGY_NOT_AZ_SPREAD.description(),
                result.describe());
        assertEquals("", NativeRebalancingSupport.evaluate(config(false, 200, List.of(), List.of(), false)).describe());
    }

    @Test
    void configurationCopiesLists() {
        List<PlacementStrategy> strategies = new java.util.ArrayList<>(List.of(AZ_SPREAD));
        ServiceConfiguration configuration = config(false, 200, strategies, List.of(), false);
        strategies.set(0, RANDOM);

        assertTrue(NativeRebalancingSupport.evaluate(configuration).supported());
        assertThrows(UnsupportedOperationException.class, () -> configuration.placementStrategies().add(RANDOM));
    }

    @Test
    void nullConfigurationIsRejected() {
        NullPointerException error = assertThrows(NullPointerException.class,
                () -> NativeRebalancingSupport.evaluate(null));

        assertEquals("configuration", error.getMessage());
    }

    private static ServiceConfiguration config(boolean daemon, Integer maximumPercent,
            List<PlacementStrategy> strategies, List<PlacementConstraint> constraints, boolean classicLoadBalancer) {
        return new ServiceConfiguration(daemon, maximumPercent, strategies, constraints, classicLoadBalancer);
    }

    private static Arguments scenario(String name, ServiceConfiguration configuration, UnsupportedReason... reasons) {
        return Arguments.of(name, configuration, List.of(reasons));
    }
}
