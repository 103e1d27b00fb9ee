package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;

/**
 * The fallback rebalancer of a FALLBACK service with an alarm topic, a maintenance window and
 * non-default settings: function, permissions, triggers, alarms and dashboard. One synthesis
 * serves every test, because synthesis dominates the run time.
 */
class RebalancedEc2ServiceFallbackTest {

    private static Stack stack;
    private static RebalancedEc2Service rebalanced;
    private static Topic topic;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = TestStacks.agnosticStack("Demo");
        topic = new Topic(stack, "Alarms");
        rebalanced = new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .rebalancerMaxSkew(2)
                .rebalancerMaxMovesPerRun(3)
                .rebalancerMaxSurge(1)
                .rebalancerCooldown(Duration.minutes(15))
                .rebalancerSchedule(Schedule.rate(Duration.minutes(10)))
                .rebalancerMaintenanceWindow(
                        RebalancerMaintenanceWindow.weekly("Mon-Fri", "22:00", Duration.hours(4), "Europe/Paris"))
                .rebalancerLogRetention(RetentionDays.TWO_WEEKS)
                .alarmTopic(topic)
                .alarmSkewDuration(Duration.minutes(30))
                .build());
        template = Template.fromStack(stack);
    }

    @Test
    void nativeRebalancingIsDisabled() {
        template.hasResourceProperties("AWS::ECS::Service", Map.of("AvailabilityZoneRebalancing", "DISABLED"));
    }

    @Test
    void functionRunsJava21OnArmWithSnapStart() {
        template.resourceCountIs("AWS::Lambda::Function", 1);
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "Handler", "io.github.rebalancedecs.runtime.handler.RebalancerHandler::handleRequest",
                "MemorySize", 512,
                "Timeout", 240,
                "ReservedConcurrentExecutions", 1,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "LoggingConfig", Map.of("LogGroup", stack.resolve(rebalanced.getRebalancerLogGroup().getLogGroupName()))));
    }

    @Test
    void aliasPointsAtPublishedVersion() {
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("RebalancerFunctionCurrentVersion"),
                        "Version"))));
        // A 10-minute schedule: the shorter of the interval and the 4-minute timeout plus
        // Lambda's longest retry interval of 5 minutes.
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", 0,
                "MaximumEventAgeInSeconds", 540));
    }

    @Test
    void logGroupKeepsLogsForRetention() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 14));
    }

    @Test
    void environmentCarriesTheProps() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.exact(Map.ofEntries(
                        Map.entry("REBALANCER_CLUSTER_NAME", stack.resolve(rebalanced.getCluster().getClusterName())),
                        Map.entry("REBALANCER_SERVICE_NAMES", stack.resolve(rebalanced.getService().getServiceName())),
                        Map.entry("REBALANCER_STRATEGY", "SURGE"),
                        Map.entry("REBALANCER_MAX_SKEW", "2"),
                        Map.entry("REBALANCER_MAX_MOVES_PER_RUN", "3"),
                        Map.entry("REBALANCER_MAX_SURGE", "1"),
                        Map.entry("REBALANCER_COOLDOWN_MINUTES", "15"),
                        Map.entry("REBALANCER_DRY_RUN", "false"),
                        Map.entry("REBALANCER_MAINTENANCE_WINDOW", "Mon-Fri 22:00-02:00"),
                        Map.entry("REBALANCER_MAINTENANCE_WINDOW_TIME_ZONE", "Europe/Paris"),
                        Map.entry("REBALANCER_METRICS_NAMESPACE", "RebalancedEcs"))))));
    }

    @Test
    void roleHasExactlyTheRebalancerStatements() {
        Object serviceArn = stack.resolve(rebalanced.getService().getServiceArn());
        Object clusterArn = stack.resolve(rebalanced.getCluster().getClusterArn());
        Object clusterName = stack.resolve(rebalanced.getCluster().getClusterName());
        Map<String, Object> inCluster = Map.of("ArnEquals", Map.of("ecs:cluster", clusterArn));

        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "lambda.amazonaws.com")))))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", List.of(Map.of(
                        "PolicyName", "Rebalancer",
                        "PolicyDocument", Map.of("Statement", Match.exact(List.of(
                                statement("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                        stack.resolve(rebalanced.getRebalancerLogGroup().getLogGroupArn()), null),
                                statement("ReadService", List.of("ecs:DescribeServices", "ecs:ListTagsForResource"),
                                        serviceArn, null),
                                statement("ScaleService", "ecs:UpdateService", serviceArn, null),
                                statement("RecordOperationInServiceTags", List.of("ecs:TagResource", "ecs:UntagResource"),
                                        serviceArn, Map.of("ForAllValues:StringLike",
                                                Map.of("aws:TagKeys", List.of("rebalanced-ecs:*")))),
                                statement("ReadTasks", List.of("ecs:DescribeTasks", "ecs:GetTaskProtection"),
                                        clusterScopedArn("task", clusterName), inCluster),
                                statement("ProtectAndStopTasks", List.of("ecs:UpdateTaskProtection", "ecs:StopTask"),
                                        clusterScopedArn("task", clusterName), inCluster),
                                statement("ListTasksOfCluster", "ecs:ListTasks", "*", inCluster),
                                statement("ReadContainerInstances", "ecs:DescribeContainerInstances",
                                        clusterScopedArn("container-instance", clusterName), inCluster),
                                statement("ListContainerInstances", "ecs:ListContainerInstances", clusterArn, null),
                                statement("ReadTaskDefinitions", "ecs:DescribeTaskDefinition", "*", null))))))));
    }

    @Test
    void roleIsTheFunctionsOnlyPolicyHolder() {
        // Every permission of the function is in the role's inline policy asserted above.
        template.resourcePropertiesCountIs("AWS::IAM::Policy", Map.of(
                "Roles", Match.arrayWith(List.of(stack.resolve(rebalanced.getRebalancerRole().getRoleName())))), 0);
    }

    @Test
    void scheduleInvokesTheAlias() {
        assertRuleInvokesAlias("ScheduleExpression", "rate(10 minutes)");
    }

    @Test
    void connectedInstanceOfClusterTriggersRun() {
        assertRuleInvokesAlias("EventPattern", ecsEventPattern("ECS Container Instance State Change", Map.of(
                "clusterArn", List.of(stack.resolve(rebalanced.getCluster().getClusterArn())),
                "status", List.of("ACTIVE"),
                "agentConnected", List.of(true))));
    }

    @Test
    void stoppedTaskOfServiceTriggersRun() {
        assertRuleInvokesAlias("EventPattern", ecsEventPattern("ECS Task State Change", Map.of(
                "clusterArn", List.of(stack.resolve(rebalanced.getCluster().getClusterArn())),
                "group", List.of(Map.of("Fn::Join", List.of("", List.of("service:",
                        stack.resolve(rebalanced.getService().getServiceName()))))),
                "lastStatus", List.of("STOPPED"),
                "stopCode", List.of(Map.of("anything-but", List.of("UserInitiated"))))));
    }

    private static void assertRuleInvokesAlias(String property, Object value) {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                property, value,
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", stack.resolve(rebalanced.getRebalancerAlias().getFunctionArn()))))));
    }

    private static Map<String, Object> ecsEventPattern(String detailType, Map<String, Object> detail) {
        return Map.of("source", List.of("aws.ecs"), "detail-type", List.of(detailType), "detail", detail);
    }

    @Test
    void eventsMayInvokeTheAliasOnly() {
        template.resourcePropertiesCountIs("AWS::Lambda::Permission", Map.of(
                "Principal", "events.amazonaws.com",
                "FunctionName", stack.resolve(rebalanced.getRebalancerAlias().getFunctionArn())), 3);
    }

    @Test
    void skewAlarmSpansSkewDuration() {
        // Periods of the 10-minute schedule plus the 4-minute timeout: 30 minutes take 3.
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "RebalancedEcs",
                "MetricName", "AzSkew",
                "Statistic", "Minimum",
                "Period", 840,
                "EvaluationPeriods", 3,
                "DatapointsToAlarm", 3,
                "ComparisonOperator", "GreaterThanThreshold",
                "Threshold", 2,
                "TreatMissingData", "ignore",
                "Dimensions", serviceDimensions()));
    }

    @Test
    void errorsAlarmAddsFunctionErrorsAndFailures() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", Match.absent(),
                "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of(
                                "Expression", "FILL(errors, 0) + FILL(failures, 0)",
                                "Label", Match.stringLikeRegexp("function errors plus RebalanceFailures"),
                                "ReturnData", true)),
                        Match.objectLike(Map.of(
                                "Id", "errors",
                                "MetricStat", Map.of(
                                        "Metric", Map.of(
                                                "Namespace", "AWS/Lambda",
                                                "MetricName", "Errors",
                                                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value",
                                                        stack.resolve(rebalanced.getRebalancerFunction()
                                                                .getFunctionName())))),
                                        "Period", 600,
                                        "Stat", "Sum"),
                                "ReturnData", false)),
                        Match.objectLike(Map.of(
                                "Id", "failures",
                                "MetricStat", Map.of(
                                        "Metric", Map.of(
                                                "Namespace", "RebalancedEcs",
                                                "MetricName", "RebalanceFailures",
                                                "Dimensions", serviceDimensions()),
                                        "Period", 600,
                                        "Stat", "Sum"),
                                "ReturnData", false)))),
                "EvaluationPeriods", 2,
                "DatapointsToAlarm", 2,
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "TreatMissingData", "notBreaching"));
    }

    @Test
    void errorsAlarmKeepsItsConstructId() {
        assertEquals("RebalancerErrors", rebalanced.getRebalancerErrorsAlarm().getNode().getId());
        assertEquals("Alarms", rebalanced.getRebalancerErrorsAlarm().getNode().getScope().getNode().getId());
        Capture description = new Capture();
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Metrics", Match.anyValue(),
                "AlarmDescription", description));
        assertTrue(description.asString().contains("dry run found an operation in flight"), description.asString());
    }

    @Test
    void rollbacksAlarmFiresOnOneRollback() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "RebalanceRollbacks",
                "Statistic", "Sum",
                "Threshold", 1,
                "EvaluationPeriods", 1,
                "TreatMissingData", "notBreaching",
                "Dimensions", serviceDimensions()));
    }

    @Test
    void heartbeatAlarmTreatsMissingDataAsBreaching() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "AzSkew",
                "Statistic", "SampleCount",
                "Period", 600,
                "EvaluationPeriods", 4,
                "DatapointsToAlarm", 4,
                "ComparisonOperator", "LessThanThreshold",
                "Threshold", 1,
                "TreatMissingData", "breaching"));
    }

    @Test
    void everyAlarmNotifiesTopicOfAlarmAndRecovery() {
        Object topicArn = stack.resolve(topic.getTopicArn());
        template.resourceCountIs("AWS::CloudWatch::Alarm", 4);
        template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of(
                "AlarmActions", List.of(topicArn),
                "OKActions", List.of(topicArn),
                "TreatMissingData", Match.anyValue()), 4);
        assertNotNull(rebalanced.getAzSkewAlarm());
        assertNotNull(rebalanced.getRebalancerErrorsAlarm());
        assertNotNull(rebalanced.getRebalanceRollbacksAlarm());
        assertNotNull(rebalanced.getRebalancerHeartbeatAlarm());
    }

    @Test
    void serviceEventsGoToTopic() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventPattern", Map.of(
                        "source", List.of("aws.ecs"),
                        "detail-type", List.of("ECS Service Action"),
                        "resources", List.of(stack.resolve(rebalanced.getService().getServiceArn())),
                        "detail", Map.of("eventName", List.of("SERVICE_TASK_PLACEMENT_FAILURE",
                                "SERVICE_TASK_START_IMPAIRED", "SERVICE_TASK_CONFIGURATION_FAILURE"))),
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", stack.resolve(topic.getTopicArn()),
                        "InputTransformer", Match.objectLike(Map.of("InputTemplate",
                                Match.stringLikeRegexp("reported <detail-eventName>: <detail-reason>"))))))));
    }

    @Test
    void dashboardShowsTasksPerZoneSkewAndMoves() {
        Capture body = new Capture();
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardBody", body));
        String text = body.asObject().toString();

        for (String title : List.of("Tasks per Availability Zone", "Availability Zone skew", "Rebalancer moves",
                "Rebalancing alarms")) {
            assertTrue(text.contains(title), title + " in " + text);
        }
        for (String metric : List.of("TasksPerAz", "AzSkew", "RebalanceMovesPlanned", "RebalanceMovesCompleted",
                "RebalanceRollbacks", "RebalanceSkipped", "RebalanceFailures")) {
            assertTrue(text.contains(metric), metric + " in " + text);
        }
        assertTrue(text.contains("rebalancerMaxSkew"), text);
        assertNotNull(rebalanced.getDashboard());
    }

    @Test
    void metricMethodsMatchRuntimeNames() {
        assertEquals("AzSkew", rebalanced.metricAzSkew().getMetricName());
        assertEquals("Maximum", rebalanced.metricAzSkew().getStatistic());
        assertEquals("TasksPerAz", rebalanced.metricTasksPerAz("us-east-1a").getMetricName());
        assertEquals("us-east-1a", rebalanced.metricTasksPerAz("us-east-1a").getDimensions().get("AvailabilityZone"));
        assertEquals("RebalanceMovesCompleted", rebalanced.metricRebalanceMoves().getMetricName());
        assertEquals("RebalanceMovesPlanned", rebalanced.metricRebalanceMovesPlanned().getMetricName());
        assertEquals("RebalanceRollbacks", rebalanced.metricRebalanceRollbacks().getMetricName());
        assertEquals("RebalanceSkipped", rebalanced.metricRebalanceSkipped().getMetricName());
        assertEquals("RebalanceFailures", rebalanced.metricRebalanceFailures().getMetricName());
        assertEquals("Sum", rebalanced.metricRebalanceFailures().getStatistic());
        assertEquals(Duration.minutes(15).toSeconds(), rebalanced.metricRebalanceFailures(MetricOptions.builder()
                .period(Duration.minutes(15)).build()).getPeriod().toSeconds());
        assertEquals("RebalancedEcs", rebalanced.metricAzSkew().getNamespace());
        assertEquals(Map.of("ClusterName", rebalanced.getCluster().getClusterName(),
                "ServiceName", rebalanced.getService().getServiceName()), rebalanced.metricAzSkew().getDimensions());
    }

    @Test
    void fallbackRaisesNoWarning() {
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }

    private static List<Map<String, Object>> serviceDimensions() {
        return List.of(
                Map.of("Name", "ClusterName", "Value", stack.resolve(rebalanced.getCluster().getClusterName())),
                Map.of("Name", "ServiceName", "Value", stack.resolve(rebalanced.getService().getServiceName())));
    }

    /** Returns {@code arn:<partition>:ecs:<region>:<account>:<type>/<cluster name>/*} as CloudFormation writes it. */
    static Map<String, Object> clusterScopedArn(String resourceType, Object clusterName) {
        return Map.of("Fn::Join", List.of("", List.of(
                "arn:", Map.of("Ref", "AWS::Partition"), ":ecs:", Map.of("Ref", "AWS::Region"), ":",
                Map.of("Ref", "AWS::AccountId"), ":" + resourceType + "/", clusterName, "/*")));
    }

    static Map<String, Object> statement(String sid, Object actions, Object resource, Map<String, Object> condition) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Action", actions);
        statement.put("Resource", resource);
        if (condition != null) {
            statement.put("Condition", condition);
        }
        return statement;
    }
}
