package io.github.rebalancedecs.construct;

import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidationTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecs.PlacementConstraint;
import software.amazon.awscdk.services.ecs.PlacementStrategy;
import software.amazon.awscdk.services.elasticloadbalancing.LoadBalancer;

/**
 * The rebalancing mode: the {@code AvailabilityZoneRebalancing} value in the template, and the
 * errors for configurations that the mode cannot serve, from props and from later changes.
 */
class RebalancedEc2ServiceRebalancingTest {

    private static final String AZ_ZONE_CONSTRAINT = "attribute:ecs.availability-zone in [us-east-1a]";

    @Test
    void nativeWithMaximumPercent100IsRejected() {
        IllegalArgumentException error = rejected(props -> props
                .rebalancingMode(RebalancingMode.NATIVE)
                .minHealthyPercent(50)
                .maxHealthyPercent(100));

        assertContains(error, "rebalancingMode NATIVE requires a service configuration that ECS native "
                + "rebalancing supports, got 1 setting", "(got maxHealthyPercent 100)",
                "set maxHealthyPercent above 100");
    }

    @Test
    void nativeNamesEveryUnsupportedSetting() {
        IllegalArgumentException error = rejected(props -> props
                .rebalancingMode(RebalancingMode.NATIVE)
                .minHealthyPercent(0)
                .maxHealthyPercent(100)
                .placementStrategies(List.of(PlacementStrategy.packedByMemory()))
                .placementConstraints(List.of(PlacementConstraint.memberOf(AZ_ZONE_CONSTRAINT))));

        assertContains(error, "got 3 settings", "(got maxHealthyPercent 100)", "(got binpack on MEMORY)",
                "(got memberOf " + AZ_ZONE_CONSTRAINT + ")", "set rebalancingMode to AUTO or FALLBACK",
                "set it to DISABLED");
    }

    @Test
    void disabledStatesDisabledForAnyConfiguration() {
        Stack stack = TestStacks.agnosticStack("Demo");
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.DISABLED)
                .minHealthyPercent(0)
                .maxHealthyPercent(100)
                .placementStrategies(List.of(PlacementStrategy.packedByCpu()))
                .build());

        Template.fromStack(stack).hasResourceProperties("AWS::ECS::Service", Map.of(
                "AvailabilityZoneRebalancing", "DISABLED",
                "DeploymentConfiguration", Match.objectLike(Map.of("MaximumPercent", 100))));
    }

    @Test
    void tokenMaximumPercentIsNotCheckedAsNumber() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Number maxPercent = CfnParameter.Builder.create(stack, "MaxPercent").type("Number").build()
                .getValueAsNumber();
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.NATIVE)
                .maxHealthyPercent(maxPercent)
                .build());

        Template.fromStack(stack).hasResourceProperties("AWS::ECS::Service", Map.of(
                "AvailabilityZoneRebalancing", "ENABLED",
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "MinimumHealthyPercent", 100,
                        "MaximumPercent", Map.of("Ref", "MaxPercent")))));
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void strategyAppendedAfterDefaultsKeepsNative() {
        Stack stack = TestStacks.agnosticStack("Demo");
        RebalancedEc2Service rebalanced = nativeService(stack);
        rebalanced.getService().addPlacementStrategies(PlacementStrategy.packedByMemory());

        Template.fromStack(stack).hasResourceProperties("AWS::ECS::Service", Map.of(
                "AvailabilityZoneRebalancing", "ENABLED",
                "PlacementStrategies", Match.arrayWith(List.of(Map.of("Type", "binpack", "Field", "MEMORY")))));
    }

    @Test
    void firstStrategyAddedLaterFailsSynth() {
        Stack stack = TestStacks.agnosticStack("Demo");
        RebalancedEc2Service rebalanced = new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.NATIVE)
                .placementStrategies(List.of())
                .build());
        rebalanced.getService().addPlacementStrategies(PlacementStrategy.packedByMemory());

        RuntimeException error = assertSynthFails(stack);

        assertContains(error, "rebalancingMode NATIVE requires", "(got binpack on MEMORY)");
    }

    @Test
    void zoneConstraintAddedLaterFailsSynth() {
        Stack stack = TestStacks.agnosticStack("Demo");
        RebalancedEc2Service rebalanced = nativeService(stack);
        rebalanced.getService().addPlacementConstraints(PlacementConstraint.memberOf(AZ_ZONE_CONSTRAINT));

        RuntimeException error = assertSynthFails(stack);

        assertContains(error, "(got memberOf " + AZ_ZONE_CONSTRAINT + ")");
    }

    @Test
    void classicLoadBalancerAddedLaterFailsSynth() {
        Stack stack = TestStacks.agnosticStack("Demo");
        RebalancedEc2Service rebalanced = new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack).build());
        LoadBalancer classic = LoadBalancer.Builder.create(stack, "Classic").vpc(rebalanced.getVpc()).build();
        classic.addTarget(rebalanced.getService());

        RuntimeException error = assertSynthFails(stack);

        assertContains(error, "rebalancingMode AUTO needs the fallback rebalancer",
                "(got a Classic Load Balancer target)");
    }

    private static RebalancedEc2Service nativeService(Stack stack) {
        return new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.NATIVE)
                .build());
    }

    /**
     * Synthesizes the stack and returns the failure. jsii reports errors from synthesis as a
     * plain RuntimeException whose message contains the validation errors.
     */
    private static RuntimeException assertSynthFails(Stack stack) {
        return assertThrows(RuntimeException.class, () -> Template.fromStack(stack));
    }

    private static IllegalArgumentException rejected(UnaryOperator<RebalancedEc2ServiceProps.Builder> adjust) {
        Stack stack = TestStacks.agnosticStack("Demo");
        RebalancedEc2ServiceProps props = adjust.apply(TestStacks.webProps(stack)).build();
        return assertThrows(IllegalArgumentException.class, () -> new RebalancedEc2Service(stack, "Web", props));
    }
}
