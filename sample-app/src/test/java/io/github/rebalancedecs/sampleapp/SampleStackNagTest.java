package io.github.rebalancedecs.sampleapp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.rebalancedecs.construct.RebalancedEc2Service;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * The sample stack under cdk-nag's AwsSolutions rule pack: no error and no warning is left
 * unsuppressed. The construct records its own suppressions, with reasons, on the resources whose
 * findings follow from its design, and the ones here cover choices of the sample app.
 */
class SampleStackNagTest {

    @Test
    void awsSolutionsFindingsAreAllSuppressed() {
        App app = new App();
        SampleStack stack = new SampleStack(app, SampleApp.STACK_NAME);
        suppressSampleFindings(stack);
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();

        List<SynthesisMessage> errors =
                Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        List<SynthesisMessage> warnings =
                Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));

        assertEquals(List.of(), describe(errors));
        assertEquals(List.of(), describe(warnings));
    }

    /** Returns each finding as its path and the first line of its message, so that a failure names them. */
    private static List<String> describe(List<SynthesisMessage> findings) {
        return findings.stream()
                .map(finding -> finding.getId() + " " + String.valueOf(finding.getEntry().getData()).lines().findFirst()
                        .orElse(""))
                .toList();
    }

    /** Suppresses the findings that follow from choices of the sample app, each with its reason. */
    private static void suppressSampleFindings(SampleStack stack) {
        NagSuppressions.addResourceSuppressions(stack.getWeb().getVpc(), List.of(
                suppression("AwsSolutions-VPC7", "The sample VPC carries a demo web service, and flow logs would cost "
                        + "more than they tell here.")), true);
        NagSuppressions.addResourceSuppressions(stack.getWeb().getCluster(), List.of(
                suppression("AwsSolutions-ECS4", "Container Insights is billed per metric, and the rebalancer already "
                        + "publishes the per-zone task counts that the sample shows.")), true);
        NagSuppressions.addResourceSuppressionsByPath(stack, "/" + SampleApp.STACK_NAME + "/LoadBalancer", List.of(
                suppression("AwsSolutions-ELB2", "The sample's load balancer serves a static demo page, and access logs "
                        + "would need a bucket that outlives the stack."),
                suppression("AwsSolutions-EC23", "The sample's load balancer is a public web endpoint on port 80.")),
                true);
        for (RebalancedEc2Service service : List.of(stack.getWeb(), stack.getEdge())) {
            NagSuppressions.addResourceSuppressions(service.getAutoScalingGroups(), List.of(
                    suppression("AwsSolutions-EC26", "The root volume holds only container images and logs of the "
                            + "demo. Accounts can turn on EBS encryption by default for every new volume."),
                    suppression("AwsSolutions-AS3", "ECS managed scaling drives the group, and the rebalancing alarms "
                            + "and ECS service events go to the sample's alarm topic instead.")), true);
            NagSuppressions.addResourceSuppressions(service.getCapacityInstanceRole(), List.of(
                    NagPackSuppression.builder()
                            .id("AwsSolutions-IAM5")
                            .reason("The ECS container agent's permissions that aws-cdk-lib grants the instance role: "
                                    + "ecs:Submit* on the cluster only. ecs:DiscoverPollEndpoint and "
                                    + "ecr:GetAuthorizationToken support no resource-level permission, and the awslogs "
                                    + "driver writes to the log groups that task definitions name.")
                            .appliesTo(List.of("Action::ecs:Submit*", "Resource::*"))
                            .build()), true);
        }
    }

    private static NagPackSuppression suppression(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
