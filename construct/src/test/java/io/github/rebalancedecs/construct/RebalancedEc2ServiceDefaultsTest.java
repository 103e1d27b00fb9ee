package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The template of a {@link RebalancedEc2Service} with only a task definition set. One synthesis
 * serves every test, because synthesis dominates the run time.
 */
class RebalancedEc2ServiceDefaultsTest {

    private static Stack stack;
    private static RebalancedEc2Service rebalanced;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = TestStacks.agnosticStack("Demo");
        rebalanced = new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack).build());
        template = Template.fromStack(stack);
    }

    @Test
    void vpcSpansThreeZonesPickedAtDeployTime() {
        template.resourceCountIs("AWS::EC2::VPC", 1);
        for (int index = 0; index < 3; index++) {
            template.hasResourceProperties("AWS::EC2::Subnet", Map.of(
                    "AvailabilityZone", Map.of("Fn::Select", List.of(index, Map.of("Fn::GetAZs", ""))),
                    "MapPublicIpOnLaunch", false));
        }
        assertEquals(3, rebalanced.getAvailabilityZones().size());
    }

    @Test
    void vpcHasOneNatGatewayPerZone() {
        template.resourceCountIs("AWS::EC2::NatGateway", 3);
    }

    @Test
    void clusterIsCreatedInTheVpc() {
        template.resourceCountIs("AWS::ECS::Cluster", 1);
        assertSame(rebalanced.getVpc(), rebalanced.getCluster().getVpc());
    }

    @Test
    void sharedGroupSpansEveryZone() {
        template.resourceCountIs("AWS::AutoScaling::AutoScalingGroup", 1);
        template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of(
                "MinSize", "3",
                "MaxSize", "9",
                "VPCZoneIdentifier", Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("PrivateSubnet1")),
                        Map.of("Ref", Match.stringLikeRegexp("PrivateSubnet2")),
                        Map.of("Ref", Match.stringLikeRegexp("PrivateSubnet3")))),
                "NewInstancesProtectedFromScaleIn", Match.absent()));
        assertEquals(1, rebalanced.getAutoScalingGroups().size());
    }

    @Test
    void launchTemplateUsesAmazonLinux2023AndImdsv2() {
        template.hasParameter("*", Map.of(
                "Type", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                "Default", "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"));
        template.hasResourceProperties("AWS::EC2::LaunchTemplate", Map.of("LaunchTemplateData", Match.objectLike(Map.of(
                "InstanceType", "t3.medium",
                "MetadataOptions", Map.of("HttpTokens", "required")))));
        template.resourceCountIs("AWS::AutoScaling::LaunchConfiguration", 0);
    }

    @Test
    void capacityProviderManagedSettings() {
        template.resourceCountIs("AWS::ECS::CapacityProvider", 1);
        template.hasResourceProperties("AWS::ECS::CapacityProvider", Map.of(
                "AutoScalingGroupProvider", Map.of(
                        "AutoScalingGroupArn", Map.of("Ref", Match.stringLikeRegexp("AutoScalingGroup")),
                        "ManagedScaling", Map.of("Status", "ENABLED", "TargetCapacity", 100),
                        "ManagedDraining", "ENABLED",
                        "ManagedTerminationProtection", "DISABLED"),
                "Name", Match.absent()));
        assertEquals(1, rebalanced.getCapacityProviders().size());
    }

    @Test
    void serviceDefaults() {
        template.hasResourceProperties("AWS::ECS::Service", Map.of(
                "DesiredCount", 3,
                "SchedulingStrategy", "REPLICA",
                "LaunchType", Match.absent(),
                "AvailabilityZoneRebalancing", "ENABLED",
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "MinimumHealthyPercent", 100,
                        "MaximumPercent", 200,
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))),
                "PlacementStrategies", List.of(
                        Map.of("Type", "spread", "Field", "attribute:ecs.availability-zone"),
                        Map.of("Type", "spread", "Field", "instanceId")),
                "CapacityProviderStrategy", List.of(Map.of(
                        "CapacityProvider", Map.of("Ref", Match.stringLikeRegexp("CapacityProvider")),
                        "Weight", 1))));
    }

    @Test
    void serviceDependsOnCapacityProviderAssociation() {
        String associationId = template.getResourceId("AWS::ECS::ClusterCapacityProviderAssociations");

        template.hasResource("AWS::ECS::Service", Map.of("DependsOn", Match.arrayWith(List.of(associationId))));
        template.hasResourceProperties("AWS::ECS::ClusterCapacityProviderAssociations", Map.of(
                "CapacityProviders", List.of(Map.of("Ref", Match.stringLikeRegexp("CapacityProvider")))));
    }

    @Test
    void serviceConnectionsIncludeInstanceSecurityGroup() {
        assertTrue(rebalanced.getService().getConnections().getSecurityGroups()
                .contains(rebalanced.getCapacitySecurityGroup()));
    }

    @Test
    void defaultsRaiseNoWarning() {
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
        assertEquals(RebalancingMode.AUTO, rebalanced.getRebalancingMode());
    }
}
