package io.github.rebalancedecs.sampleapp;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class SampleStackTest {

    private static SampleStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = new SampleStack(new App(), SampleApp.STACK_NAME);
        template = Template.fromStack(stack);
    }

    @Test
    void stackIsEnvironmentAgnostic() {
        assertTrue(Token.isUnresolved(stack.getAccount()));
        assertTrue(Token.isUnresolved(stack.getRegion()));
        template.hasResourceProperties("AWS::EC2::Subnet", Map.of("AvailabilityZone",
                Map.of("Fn::Select", List.of(2, Map.of("Fn::GetAZs", "")))));
    }

    @Test
    void serviceRunsThreeTasksWithNativeRebalancing() {
        template.hasResourceProperties("AWS::ECS::Service", Map.of(
                "DesiredCount", 3,
                "AvailabilityZoneRebalancing", "ENABLED",
                "LoadBalancers", List.of(Match.objectLike(Map.of("ContainerName", "nginx", "ContainerPort", 80)))));
        assertNull(stack.getWeb().getRebalancerFunction());
    }

    @Test
    void hostPortServiceUsesFallbackRebalancer() {
        template.hasResourceProperties("AWS::ECS::Service", Map.of(
                "DesiredCount", 3,
                "AvailabilityZoneRebalancing", "DISABLED",
                "DeploymentConfiguration", Match.objectLike(Map.of("MaximumPercent", 100)),
                "Cluster", stack.resolve(stack.getWeb().getCluster().getClusterName())));
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(
                Match.objectLike(Map.of("PortMappings", List.of(Match.objectLike(Map.of(
                        "ContainerPort", 80, "HostPort", SampleStack.EDGE_HOST_PORT))))))));
        template.resourceCountIs("AWS::Lambda::Function", 1);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of(
                        "REBALANCER_STRATEGY", "REPLACE",
                        "REBALANCER_SERVICE_NAMES", stack.resolve(stack.getEdge().getService().getServiceName()),
                        "REBALANCER_MAINTENANCE_WINDOW", "01:00-05:00")))));
    }

    @Test
    void alarmsAndServiceEventsGoToTopic() {
        Object topicArn = stack.resolve(stack.getAlarmTopic().getTopicArn());
        template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of("AlarmActions", List.of(topicArn)), 4);
        // One rule per service: the native service has no function but still forwards its events.
        template.resourcePropertiesCountIs("AWS::Events::Rule", Map.of("EventPattern",
                Match.objectLike(Map.of("detail-type", List.of("ECS Service Action")))), 2);
        template.hasResourceProperties("AWS::SNS::TopicPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
        template.hasOutput("AlarmTopicArn", Match.objectLike(Map.of("Value", topicArn)));
    }

    @Test
    void containerComesFromPublicRegistry() {
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(
                Match.objectLike(Map.of("Image", "public.ecr.aws/nginx/nginx:stable-alpine")))));
    }

    @Test
    void loadBalancerUrlIsAnOutput() {
        template.hasOutput("Url", Match.objectLike(Map.of("Description", "The sample web service")));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer",
                Map.of("Scheme", "internet-facing"));
    }

    @Test
    void loadBalancerReachesDynamicHostPorts() {
        template.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of(
                "FromPort", 32768,
                "ToPort", 65535,
                "GroupId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("WebCapacitySecurityGroup"), "GroupId")),
                "SourceSecurityGroupId", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("LoadBalancerSecurityGroup"), "GroupId"))));
    }

    @Test
    void synthesisRaisesNoWarning() {
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }
}
