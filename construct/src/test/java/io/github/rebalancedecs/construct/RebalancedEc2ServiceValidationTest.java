package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.Cluster;

/** Errors and warnings for bad input, each naming the prop, the rule and the value. */
class RebalancedEc2ServiceValidationTest {

    @Test
    void oneAvailabilityZoneCountIsRejected() {
        assertRejected(props -> props.availabilityZoneCount(1),
                "availabilityZoneCount must be a whole number of at least 2", "got 1");
    }

    @Test
    void oneNamedAvailabilityZoneIsRejected() {
        assertRejected(props -> props.availabilityZones(List.of("us-east-1a")),
                "availabilityZones must give at least 2 Availability Zones", "got 1 [us-east-1a]");
    }

    @Test
    void repeatedAvailabilityZoneIsRejected() {
        assertRejected(props -> props.availabilityZones(List.of("us-east-1a", "us-east-1a")),
                "availabilityZones must not repeat an Availability Zone", "[us-east-1a, us-east-1a]");
    }

    @Test
    void zoneCountAndZoneNamesTogetherAreRejected() {
        assertRejected(props -> props.availabilityZoneCount(2).availabilityZones(List.of("us-east-1a", "us-east-1b")),
                "availabilityZoneCount and availabilityZones are both set", "got 2 and [us-east-1a, us-east-1b]");
    }

    @Test
    void tokenZoneCountIsRejected() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Number token = CfnParameter.Builder.create(stack, "Zones").type("Number").build().getValueAsNumber();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                        .availabilityZoneCount(token)
                        .build()));

        assertContains(error, "availabilityZoneCount must be a number known at synth time", "got a token");
    }

    @Test
    void moreZonesThanTheRegionHasAreRejected() {
        Stack stack = TestStacks.stackWithZones("us-east-1a", "us-east-1b", "us-east-1c");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                        .availabilityZoneCount(4)
                        .build()));

        assertContains(error, "availabilityZoneCount must not exceed the number of Availability Zones of region "
                + "us-east-1 (3", "got 4");
    }

    @Test
    void existingVpcInOneZoneIsRejected() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Vpc vpc = Vpc.Builder.create(stack, "SingleZoneVpc").maxAzs(1).build();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack).vpc(vpc).build()));

        assertContains(error, "vpcSubnets must give at least 2 Availability Zones", "got 1");
    }

    @Test
    void zoneCountWithExistingVpcIsRejected() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Vpc vpc = Vpc.Builder.create(stack, "SharedVpc").maxAzs(2).build();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                        .vpc(vpc)
                        .availabilityZoneCount(3)
                        .build()));

        assertContains(error, "availabilityZoneCount applies only to a VPC that the construct creates",
                "vpc is set, got availabilityZoneCount 3");
    }

    @Test
    void clusterInAnotherVpcIsRejected() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Vpc vpc = Vpc.Builder.create(stack, "ServiceVpc").maxAzs(2).build();
        Cluster cluster = Cluster.Builder.create(stack, "OtherCluster")
                .vpc(Vpc.Builder.create(stack, "OtherVpc").maxAzs(2).build())
                .build();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                        .vpc(vpc)
                        .cluster(cluster)
                        .build()));

        assertContains(error, "cluster must be in the VPC given as vpc", "Demo/OtherVpc", "Demo/ServiceVpc");
    }

    @Test
    void clusterInAnotherStackIsRejected() {
        App app = new App();
        Stack clusterStack = new Stack(app, "ClusterStack");
        Cluster cluster = Cluster.Builder.create(clusterStack, "Cluster")
                .vpc(Vpc.Builder.create(clusterStack, "Vpc").maxAzs(2).build())
                .build();
        Stack stack = new Stack(app, "ServiceStack");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack).cluster(cluster).build()));

        assertContains(error, "cluster must be in the same stack as RebalancedEc2Service",
                "got a cluster in stack ClusterStack");
    }

    @Test
    void natGatewaysOutsideZoneCountAreRejected() {
        assertRejected(props -> props.natGateways(0),
                "natGateways must be a whole number from 1 to the number of Availability Zones (3)", "got 0");
        assertRejected(props -> props.natGateways(4),
                "natGateways must be a whole number from 1 to the number of Availability Zones (3)", "got 4");
    }

    @Test
    void minHealthyPercentNotBelowMaxIsRejected() {
        assertRejected(props -> props.minHealthyPercent(100).maxHealthyPercent(100),
                "minHealthyPercent must be below maxHealthyPercent",
                "got minHealthyPercent 100 and maxHealthyPercent 100");
        assertRejected(props -> props.minHealthyPercent(250),
                "minHealthyPercent must be below maxHealthyPercent",
                "got minHealthyPercent 250 and maxHealthyPercent 200");
    }

    @Test
    void maxHealthyPercentAtDefaultMinNamesFix() {
        assertRejected(props -> props.maxHealthyPercent(100),
                "got minHealthyPercent 100 and maxHealthyPercent 100",
                "minHealthyPercent defaults to 100: set it lower, for example 50");
    }

    @Test
    void negativeCountsAreRejected() {
        assertRejected(props -> props.desiredCount(-1), "desiredCount must not be negative", "got -1");
        assertRejected(props -> props.minHealthyPercent(-5), "minHealthyPercent must not be negative", "got -5");
    }

    @Test
    void daemonIsRejected() {
        assertRejected(props -> props.daemon(true), "daemon must be false, got true", "Use Ec2Service");
    }

    @Test
    void capacityBoundsAreChecked() {
        assertRejected(props -> props.capacityMinInstancesPerAz(-1),
                "capacityMinInstancesPerAz must be a whole number of at least 0", "got -1");
        assertRejected(props -> props.capacityMaxInstancesPerAz(0),
                "capacityMaxInstancesPerAz must be a whole number of at least 1", "got 0");
        assertRejected(props -> props.capacityMinInstancesPerAz(4).capacityMaxInstancesPerAz(2),
                "capacityMinInstancesPerAz must not exceed capacityMaxInstancesPerAz", "got 4 and 2");
        assertRejected(props -> props.capacityTargetPercent(0), "capacityTargetPercent must be from 1 to 100", "got 0");
        assertRejected(props -> props.capacityTargetPercent(101), "capacityTargetPercent must be from 1 to 100",
                "got 101");
    }

    @Test
    void tokenPerZoneSizeOnlyForZonal() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Number token = CfnParameter.Builder.create(stack, "MaxPerAz").type("Number").build().getValueAsNumber();
        RebalancedEc2ServiceProps.Builder props = TestStacks.webProps(stack).capacityMaxInstancesPerAz(token);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(stack, "Shared", props.build()));
        assertContains(error, "capacityMaxInstancesPerAz must be a number known at synth time",
                "SHARED layout multiplies it");

        new RebalancedEc2Service(stack, "Zonal", props.capacityLayout(CapacityLayout.ZONAL).build());
        Template.fromStack(stack).hasResourceProperties("AWS::AutoScaling::AutoScalingGroup",
                Map.of("MaxSize", Map.of("Ref", "MaxPerAz")));
    }

    @Test
    void desiredCountBelowZoneCountWarns() {
        Stack stack = TestStacks.agnosticStack("Demo");
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack).desiredCount(2).build());

        Annotations.fromStack(stack).hasWarning("/Demo/Web", Match.stringLikeRegexp(
                "desiredCount 2 is below the number of Availability Zones \\(3\\).*"
                        + RebalancedEc2Service.DESIRED_COUNT_WARNING_ID));
    }

    @Test
    void tokenDesiredCountDoesNotWarn() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Number token = CfnParameter.Builder.create(stack, "Count").type("Number").build().getValueAsNumber();
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack).desiredCount(token).build());

        Annotations.fromStack(stack).hasNoWarning("/Demo/Web", Match.anyValue());
    }

    /** Asserts that building the construct with the adjusted props fails naming every fragment. */
    static void assertRejected(UnaryOperator<RebalancedEc2ServiceProps.Builder> adjust, String... fragments) {
        assertRejected(TestStacks.agnosticStack("Demo"), adjust, fragments);
    }

    /** Asserts the same in a given stack, such as one whose parameters give the props tokens. */
    static void assertRejected(Stack stack, UnaryOperator<RebalancedEc2ServiceProps.Builder> adjust,
            String... fragments) {
        RebalancedEc2ServiceProps props = adjust.apply(TestStacks.webProps(stack)).build();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(stack, "Web", props));

        assertContains(error, fragments);
    }

    static void assertContains(Throwable error, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment),
                    "expected \"" + fragment + "\" in: " + error.getMessage());
        }
    }
}
