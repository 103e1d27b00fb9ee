package io.github.rebalancedecs.sampleapp;

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
