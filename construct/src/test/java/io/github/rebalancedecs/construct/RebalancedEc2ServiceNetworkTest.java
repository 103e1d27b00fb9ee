package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.NetworkMode;

/** Where the construct's VPC, zones and cluster come from. */
class RebalancedEc2ServiceNetworkTest {

    @Test
    void namedZonesAndCustomService() {
        Stack stack = TestStacks.agnosticStack("Named");
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
                .natGateways(1)
                .serviceName("web")
                .desiredCount(4)
                .minHealthyPercent(50)
                .maxHealthyPercent(150)
                .build());

        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone", "eu-west-1a"));
        template.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone", "eu-west-1b"));
        template.resourceCountIs("AWS::EC2::NatGateway", 1);
        template.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", Map.of("MinSize", "2", "MaxSize", "6"));
        template.hasResourceProperties("AWS::ECS::Service", Map.of(
                "ServiceName", "web",
                "DesiredCount", 4,
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "MinimumHealthyPercent", 50,
                        "MaximumPercent", 150))));
    }

    @Test
    void stackWithEnvironmentTakesFirstLookedUpZones() {
        Stack stack = TestStacks.stackWithZones("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d");
        RebalancedEc2Service rebalanced = new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack).build());

        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), rebalanced.getAvailabilityZones());
        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone", "us-east-1c"));
        template.resourcePropertiesCountIs("AWS::EC2::Subnet", Map.of("AvailabilityZone", "us-east-1d"), 0);
    }

    @Test
    void existingVpcAndClusterAreUsed() {
        Stack stack = TestStacks.agnosticStack("Existing");
        Vpc vpc = Vpc.Builder.create(stack, "SharedVpc").maxAzs(2).natGateways(1).build();
        Cluster cluster = Cluster.Builder.create(stack, "SharedCluster").vpc(vpc).build();
        RebalancedEc2Service rebalanced = new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .vpc(vpc)
                .cluster(cluster)
                .build());

        assertSame(vpc, rebalanced.getVpc());
        assertSame(cluster, rebalanced.getCluster());
        assertEquals(2, rebalanced.getAvailabilityZones().size());
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.resourceCountIs("AWS::ECS::Cluster", 1);
        template.hasResourceProperties("AWS::ECS::Service", Map.of("DesiredCount", 2));
        String associationId = template.getResourceId("AWS::ECS::ClusterCapacityProviderAssociations");
        template.hasResource("AWS::ECS::Service", Map.of("DependsOn", Match.arrayWith(List.of(associationId))));
    }

    @Test
    void awsvpcTasksRunInInstanceSubnets() {
        Stack stack = TestStacks.agnosticStack("Awsvpc");
        new RebalancedEc2Service(stack, "Web", RebalancedEc2ServiceProps.builder()
                .taskDefinition(TestStacks.taskDefinition(stack, NetworkMode.AWS_VPC))
                .build());

        Template.fromStack(stack).hasResourceProperties("AWS::ECS::Service", Map.of("NetworkConfiguration",
                Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("Subnets", List.of(
                        Map.of("Ref", Match.stringLikeRegexp("PrivateSubnet1")),
                        Map.of("Ref", Match.stringLikeRegexp("PrivateSubnet2")),
                        Map.of("Ref", Match.stringLikeRegexp("PrivateSubnet3"))))))));
    }
}
