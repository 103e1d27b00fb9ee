package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;

/** The ZONAL capacity layout and the capacity props, on one synthesized template. */
class RebalancedEc2ServiceLayoutTest {

    private static RebalancedEc2Service rebalanced;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        Stack stack = TestStacks.agnosticStack("Zonal");
        rebalanced = new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .capacityLayout(CapacityLayout.ZONAL)
                .capacityInstanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.SMALL))
                .capacityMinInstancesPerAz(0)
                .capacityMaxInstancesPerAz(5)
                .capacityTargetPercent(80)
                .build());
        template = Template.fromStack(stack);
    }

    @Test
    void zonalLayoutHasOneGroupPerZone() {
        template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 3);
        for (int zone = 1; zone <= 3; zone++) {
            template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
                    "MinSize", "0",
                    "MaxSize", "5",
                    "VPCZoneIdentifier", List.of(Map.of("Ref", Match.stringLikeRegexp("PrivateSubnet" + zone)))));
        }
        assertEquals(3, rebalanced.getAutoScalingGroups().size());
    }

    @Test
    void zonalProvidersHaveEqualWeights() {
        template.resourceCountIs("AWS::ECS::CapacityProvider", 3);
        template.allResourcesProperties("AWS::ECS::CapacityProvider", Map.of(
                "AutoScalingGroupProvider", Match.objectLike(Map.of(
                        "ManagedScaling", Map.of("Status", "ENABLED", "TargetCapacity", 80),
                        "ManagedTerminationProtection", "DISABLED"))));
        template.hasResourceProperties("AWS::ECS::Service", Map.of("CapacityProviderStrategy", List.of(
                Map.of("CapacityProvider", Map.of("Ref", Match.stringLikeRegexp("CapacityAz1CapacityProvider")),
                        "Weight", 1),
                Map.of("CapacityProvider", Map.of("Ref", Match.stringLikeRegexp("CapacityAz2CapacityProvider")),
                        "Weight", 1),
                Map.of("CapacityProvider", Map.of("Ref", Match.stringLikeRegexp("CapacityAz3CapacityProvider")),
                        "Weight", 1))));
        assertEquals(3, rebalanced.getCapacityProviders().size());
    }

    @Test
    void zonalLayoutAssociatesEveryProvider() {
        template.hasResourceProperties("AWS::ECS::ClusterCapacityProviderAssociations", Map.of(
                "CapacityProviders", List.of(
                        Map.of("Ref", Match.stringLikeRegexp("CapacityAz1CapacityProvider")),
                        Map.of("Ref", Match.stringLikeRegexp("CapacityAz2CapacityProvider")),
                        Map.of("Ref", Match.stringLikeRegexp("CapacityAz3CapacityProvider")))));
    }

    @Test
    void armInstanceTypeGetsArmImage() {
        template.hasParameter("*", Map.of(
                "Default", "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"));
        template.allResourcesProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData",
                Match.objectLike(Map.of("InstanceType", "t4g.small"))));
    }
}
