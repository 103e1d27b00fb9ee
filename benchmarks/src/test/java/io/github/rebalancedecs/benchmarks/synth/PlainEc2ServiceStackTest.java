package io.github.rebalancedecs.benchmarks.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.rebalancedecs.sampleapp.SampleStack;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/** The baseline of the synth benchmark must have the sample app's network, cluster and services. */
class PlainEc2ServiceStackTest {

    private static final List<String> SHARED_RESOURCE_TYPES = List.of("AWS::EC2::VPC", "AWS::EC2::Subnet",
            "AWS::EC2::NatGateway", "AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ECS::TaskDefinition",
            "AWS::AutoScaling::AutoScalingGroup", "AWS::ECS::CapacityProvider",
            "AWS::ElasticLoadBalancingV2::LoadBalancer");

    @Test
    void plainStackHasSampleNetworkClusterAndServices() {
        Template plain = Template.fromStack(new PlainEc2ServiceStack(new App(), "Plain"));
        Template sample = Template.fromStack(new SampleStack(new App(), "Sample"));

        for (String type : SHARED_RESOURCE_TYPES) {
            assertEquals(sample.findResources(type).size(), plain.findResources(type).size(), type);
        }
        assertEquals(0, plain.findResources("AWS::Lambda::Function").size());
    }
}
