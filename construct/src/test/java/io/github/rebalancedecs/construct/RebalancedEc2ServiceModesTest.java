package io.github.rebalancedecs.construct;

import static io.github.rebalancedecs.construct.RebalancedEc2ServiceFallbackTest.clusterScopedArn;
import static io.github.rebalancedecs.construct.RebalancedEc2ServiceFallbackTest.statement;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.sns.Topic;

/**
 * What each rebalancing mode adds besides the service: no function for native rebalancing, a
 * function that moves tasks for FALLBACK and for AUTO on an unsupported service, and a function
 * that only measures for MONITOR.
 */
class RebalancedEc2ServiceModesTest {

    @Test
    void autoOnSupportedServiceRunsNoFunction() {
        Synthesized synthesized = synthesize(props -> props);

        synthesized.template.resourceCountIs("AWS::Lambda::Function", 0);
        synthesized.template.resourceCountIs("AWS::Events::Rule", 0);
        synthesized.template.resourceCountIs("AWS::CloudWatch::Alarm", 0);
        synthesized.template.resourceCountIs("AWS::CloudWatch::Dashboard", 0);
        assertNull(synthesized.rebalanced.getRebalancerFunction());
        assertNull(synthesized.rebalanced.getAzSkewAlarm());
        assertNull(synthesized.rebalanced.getDashboard());
    }

    @Test
    void autoOnHostPortServiceRunsReplaceRebalancer() {
        Synthesized synthesized = synthesize(props -> props.minHealthyPercent(50).maxHealthyPercent(100));

        synthesized.template.hasResourceProperties("AWS::ECS::Service", Map.of("AvailabilityZoneRebalancing", "DISABLED"));
        synthesized.template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REBALANCER_STRATEGY", "REPLACE", "REBALANCER_DRY_RUN", "false")))));
        synthesized.template.resourceCountIs("AWS::Events::Rule", 3);
        synthesized.template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        synthesized.template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        Annotations.fromStack(synthesized.stack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void nativeWithTopicForwardsServiceEventsOnly() {
        Synthesized synthesized = synthesize(props -> props.rebalancingMode(RebalancingMode.NATIVE)
                .alarmTopic(new Topic(props.build().getTaskDefinition().getStack(), "Topic")));

        synthesized.template.resourceCountIs("AWS::Lambda::Function", 0);
        synthesized.template.resourceCountIs("AWS::CloudWatch::Alarm", 0);
        synthesized.template.resourceCountIs("AWS::Events::Rule", 1);
        synthesized.template.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern",
                Match.objectLike(Map.of("detail-type", List.of("ECS Service Action")))));
    }

    @Test
    void monitorMeasuresWithNativeRebalancingOn() {
        Synthesized synthesized = synthesize(props -> props.rebalancingMode(RebalancingMode.MONITOR));
        Stack stack = synthesized.stack;
        RebalancedEc2Service rebalanced = synthesized.rebalanced;
        Object clusterArn = stack.resolve(rebalanced.getCluster().getClusterArn());
        Object clusterName = stack.resolve(rebalanced.getCluster().getClusterName());
        Map<String, Object> inCluster = Map.of("ArnEquals", Map.of("ecs:cluster", clusterArn));

        synthesized.template.hasResourceProperties("AWS::ECS::Service", Map.of("AvailabilityZoneRebalancing", "ENABLED"));
        synthesized.template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REBALANCER_DRY_RUN", "true")))));
        // Only the schedule: a function that only measures has nothing to reconcile at once.
        synthesized.template.resourceCountIs("AWS::Events::Rule", 1);
        synthesized.template.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(1 minute)"));
        synthesized.template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        synthesized.template.hasResourceProperties("AWS::IAM::Role", Map.of("Policies", List.of(Map.of(
                "PolicyName", "Rebalancer",
                "PolicyDocument", Map.of("Statement", Match.exact(List.of(
                        statement("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                stack.resolve(rebalanced.getRebalancerLogGroup().getLogGroupArn()), null),
                        statement("ReadService", List.of("ecs:DescribeServices", "ecs:ListTagsForResource"),
                                stack.resolve(rebalanced.getService().getServiceArn()), null),
                        statement("ReadTasks", List.of("ecs:DescribeTasks", "ecs:GetTaskProtection"),
                                clusterScopedArn("task", clusterName), inCluster),
                        statement("ListTasksOfCluster", "ecs:ListTasks", "*", inCluster),
                        statement("ReadContainerInstances", "ecs:DescribeContainerInstances",
                                clusterScopedArn("container-instance", clusterName), inCluster),
                        statement("ListContainerInstances", "ecs:ListContainerInstances", clusterArn, null),
                        statement("ReadTaskDefinitions", "ecs:DescribeTaskDefinition", "*", null))))))));
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void monitorOnUnsupportedServiceWarns() {
        Synthesized synthesized = synthesize(props -> props.rebalancingMode(RebalancingMode.MONITOR)
                .minHealthyPercent(50)
                .maxHealthyPercent(100));

        Annotations.fromStack(synthesized.stack).hasWarning("/Demo/Web", Match.stringLikeRegexp(
                "rebalancingMode MONITOR keeps ECS native rebalancing on, but native rebalancing does not act on[\\s\\S]*"
                        + RebalancedEc2Service.MONITOR_WARNING_ID));
    }

    @Test
    void fallbackDryRunIsReadOnlyButKeepsTriggers() {
        Synthesized synthesized = synthesize(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                .rebalancerDryRun(true));

        synthesized.template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REBALANCER_DRY_RUN", "true")))));
        synthesized.template.resourceCountIs("AWS::Events::Rule", 3);
        String policies = synthesized.template.findResources("AWS::IAM::Role").toString();
        for (String action : List.of("ecs:UpdateService", "ecs:StopTask", "ecs:UpdateTaskProtection", "ecs:TagResource")) {
            assertFalse(policies.contains(action), action + " in " + policies);
        }
    }

    @Test
    void dashboardCanBeTurnedOff() {
        Synthesized synthesized = synthesize(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                .dashboardEnabled(false));

        synthesized.template.resourceCountIs("AWS::CloudWatch::Dashboard", 0);
        synthesized.template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        assertNull(synthesized.rebalanced.getDashboard());
    }

    @Test
    void cronScheduleUsesHourlyAlarmsAndDailyHeartbeat() {
        Synthesized synthesized = synthesize(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                .rebalancerSchedule(Schedule.cron(CronOptions.builder().minute("0").build()))
                .alarmSkewDuration(Duration.hours(2)));

        synthesized.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Statistic", "Minimum", "Period", 3600, "EvaluationPeriods", 2));
        synthesized.template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Statistic", "SampleCount", "Period", 86400, "EvaluationPeriods", 1, "TreatMissingData", "breaching"));
    }

    @Test
    void awsvpcServicePassesSubnetZones() {
        Synthesized synthesized = synthesize(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                .taskDefinition(TestStacks.taskDefinition(props.build().getTaskDefinition().getStack(),
                        NetworkMode.AWS_VPC, "AwsvpcTask")));

        synthesized.template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REBALANCER_SUBNET_AVAILABILITY_ZONES", Map.of("Fn::Join", List.of("",
                        Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("PrivateSubnet1Subnet")),
                                "=", Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))))))))))));
    }

    @Test
    void propsIgnoredByNativeModeWarn() {
        Synthesized synthesized = synthesize(props -> props.rebalancingMode(RebalancingMode.NATIVE)
                .rebalancerMaxSkew(2)
                .rebalancerCooldown(Duration.minutes(5))
                .dashboardEnabled(true));

        Annotations.fromStack(synthesized.stack).hasWarning("/Demo/Web", Match.stringLikeRegexp(
                "rebalancerMaxSkew, rebalancerCooldown, dashboardEnabled apply only when a rebalancer function runs, and rebalancingMode "
                        + "NATIVE runs none.*" + RebalancedEc2Service.IGNORED_PROPS_WARNING_ID));
    }

    @Test
    void maxSurgeWithReplaceWarns() {
        Synthesized synthesized = synthesize(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                .rebalancerStrategy(RebalancerStrategy.REPLACE)
                .rebalancerMaxSurge(3));

        Annotations.fromStack(synthesized.stack).hasWarning("/Demo/Web", Match.stringLikeRegexp(
                "rebalancerMaxSurge applies only to rebalancerStrategy SURGE and is ignored with REPLACE, got 3.*"));
        synthesized.template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REBALANCER_STRATEGY", "REPLACE")))));
    }

    private record Synthesized(Stack stack, RebalancedEc2Service rebalanced, Template template) {
    }

    private static Synthesized synthesize(UnaryOperator<RebalancedEc2ServiceProps.Builder> adjust) {
        Stack stack = TestStacks.agnosticStack("Demo");
        RebalancedEc2Service rebalanced = new RebalancedEc2Service(stack, "Web",
                adjust.apply(TestStacks.webProps(stack)).build());
        return new Synthesized(stack, rebalanced, Template.fromStack(stack));
    }
}
