package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ecs.NetworkMode;
import software.amazon.awscdk.services.events.Schedule;

/**
 * One rebalancer function shared by three services of a cluster through
 * {@code rebalancerSharedWith}, the third naming the second, and the inputs that sharing rejects.
 * One synthesis serves the template tests.
 */
class RebalancerSharingTest {

    private static Stack stack;
    private static RebalancedEc2Service owner;
    private static RebalancedEc2Service sharer;
    private static RebalancedEc2Service chained;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = TestStacks.agnosticStack("Shared");
        owner = new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .build());
        sharer = new RebalancedEc2Service(stack, "Api", sharingProps(stack, "ApiTask", owner).build());
        chained = new RebalancedEc2Service(stack, "Worker", sharingProps(stack, "WorkerTask", sharer).build());
        template = Template.fromStack(stack);
    }

    @Test
    void sharersCreateNoFunction() {
        template.resourceCountIs("AWS::Lambda::Function", 1);
        assertSame(owner.getRebalancerFunction(), sharer.getRebalancerFunction());
        assertSame(owner.getRebalancerFunction(), chained.getRebalancerFunction());
        assertNull(sharer.getNode().tryFindChild("Rebalancer").getNode().tryFindChild("Function"));
    }

    @Test
    void environmentListsEveryService() {
        Map<String, Object> joinedNames = Map.of("Fn::Join", List.of("", List.of(
                serviceName(owner), ",", serviceName(sharer), ",", serviceName(chained))));

        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of("REBALANCER_SERVICE_NAMES", joinedNames)))));
    }

    @Test
    void serviceStatementsNameEveryServiceArn() {
        List<Object> arns = List.of(serviceArn(owner), serviceArn(sharer), serviceArn(chained));
        for (String sid : List.of("ReadService", "ScaleService", "RecordOperationInServiceTags")) {
            Object statement = Match.objectLike(Map.of("Sid", sid, "Resource", arns));
            Object policy = Match.objectLike(Map.of(
                    "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(statement)))));

            template.hasResourceProperties("AWS::IAM::Role", Map.of("Policies", List.of(policy)));
        }
    }

    @Test
    void eachServiceHasTaskStoppedRule() {
        template.resourcePropertiesCountIs("AWS::Events::Rule", Map.of("EventPattern", Match.objectLike(Map.of(
                "detail-type", List.of("ECS Container Instance State Change")))), 1);
        Object aliasTarget = Match.objectLike(Map.of(
                "Arn", stack.resolve(owner.getRebalancerAlias().getFunctionArn())));
        for (RebalancedEc2Service service : List.of(owner, sharer, chained)) {
            Object group = Map.of("Fn::Join", List.of("", List.of("service:", serviceName(service))));

            template.hasResourceProperties("AWS::Events::Rule", Map.of(
                    "EventPattern", Match.objectLike(Map.of("detail", Match.objectLike(Map.of(
                            "group", List.of(group))))),
                    "Targets", List.of(aliasTarget)));
        }
    }

    @Test
    void eachServiceHasItsOwnAlarmsAndDashboard() {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 3);
        for (RebalancedEc2Service service : List.of(owner, sharer, chained)) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "MetricName", "AzSkew",
                    "Statistic", "SampleCount",
                    "Dimensions", Match.arrayWith(List.of(serviceDimension(service)))));
        }
    }

    @Test
    void errorsAlarmWatchesSharedFunction() {
        Object functionErrors = metricStat(Map.of(
                "MetricName", "Errors",
                "Dimensions", List.of(Map.of("Name", "FunctionName",
                        "Value", stack.resolve(owner.getRebalancerFunction().getFunctionName())))));
        Object sharerFailures = metricStat(Map.of(
                "MetricName", "RebalanceFailures",
                "Dimensions", Match.arrayWith(List.of(serviceDimension(sharer)))));

        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Metrics", Match.arrayWith(List.of(functionErrors, sharerFailures))));
    }

    static Stream<Arguments> rejectedSharing() {
        return Stream.of(
                Arguments.of("different cluster", change(b -> b.cluster(null)), "must name a service in the same cluster"),
                Arguments.of("different strategy", change(b -> b.rebalancerStrategy(RebalancerStrategy.REPLACE)),
                        "rebalancerStrategy REPLACE vs SURGE"),
                Arguments.of("different max skew", change(b -> b.rebalancerMaxSkew(2)), "rebalancerMaxSkew 2 vs 1"),
                Arguments.of("different max moves", change(b -> b.rebalancerMaxMovesPerRun(9)),
                        "rebalancerMaxMovesPerRun 9 vs unset (no cap of its own)"),
                Arguments.of("different max surge", change(b -> b.rebalancerMaxSurge(3)),
                        "rebalancerMaxSurge 3 vs unset (no cap of its own)"),
                Arguments.of("different cooldown", change(b -> b.rebalancerCooldown(Duration.minutes(1))),
                        "rebalancerCooldown 1 minute vs unset (the runtime's default, 1 minute)"),
                Arguments.of("different window", change(b -> b.rebalancerMaintenanceWindow(
                        RebalancerMaintenanceWindow.daily("02:00", Duration.hours(2), "UTC"))),
                        "rebalancerMaintenanceWindow '"),
                Arguments.of("different dry run", change(b -> b.rebalancerDryRun(true)), "rebalancerDryRun true vs false"),
                Arguments.of("different schedule", change(b -> b.rebalancerSchedule(Schedule.rate(Duration.minutes(10)))),
                        "rebalancerSchedule rate(10 minutes) vs rate(1 minute)"),
                Arguments.of("monitor with fallback", change(b -> b.rebalancingMode(RebalancingMode.MONITOR)),
                        "rebalancingMode MONITOR vs FALLBACK (only one of them moves tasks)"),
                Arguments.of("sharer needs no function", change(b -> b.rebalancingMode(RebalancingMode.NATIVE)),
                        "rebalancingMode NATIVE runs none for it"));
    }

    @ParameterizedTest(name = "{0} -> rejected")
    @MethodSource("rejectedSharing")
    void sharingRejected(String scenario, UnaryOperator<RebalancedEc2ServiceProps.Builder> change, String fragment) {
        Stack fresh = TestStacks.agnosticStack("Rejected");
        RebalancedEc2Service target = new RebalancedEc2Service(fresh, "Web", TestStacks.webProps(fresh)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .build());
        RebalancedEc2ServiceProps.Builder props = sharingProps(fresh, "ApiTask", target);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(fresh, "Api", change.apply(props).build()));

        assertContains(error, "rebalancerSharedWith", "Rejected/Web", fragment);
    }

    @Test
    void targetWithoutFunctionRejected() {
        Stack fresh = TestStacks.agnosticStack("Rejected");
        RebalancedEc2Service target = new RebalancedEc2Service(fresh, "Web", TestStacks.webProps(fresh)
                .rebalancingMode(RebalancingMode.NATIVE)
                .build());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(fresh, "Api", sharingProps(fresh, "ApiTask", target).build()));

        assertContains(error, "rebalancerSharedWith must name a service that runs a rebalancer function",
                "Rejected/Web with rebalancingMode NATIVE");
    }

    @Test
    void targetInOtherStackRejected() {
        App app = new App();
        Stack first = new Stack(app, "First");
        Stack second = new Stack(app, "Second");
        RebalancedEc2Service target = new RebalancedEc2Service(first, "Web", TestStacks.webProps(first)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .build());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(second, "Api", TestStacks.webProps(second)
                        .rebalancingMode(RebalancingMode.FALLBACK)
                        .rebalancerSharedWith(target)
                        .build()));

        assertContains(error, "rebalancerSharedWith must name a service in the same stack", "First/Web in stack First");
    }

    @Test
    void unsetCapsDifferFromExplicitOnes() {
        Stack fresh = TestStacks.agnosticStack("Rejected");
        RebalancedEc2Service target = new RebalancedEc2Service(fresh, "Web", explicitPolicy(TestStacks.webProps(fresh)
                .rebalancingMode(RebalancingMode.FALLBACK)).build());

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(fresh, "Api", sharingProps(fresh, "ApiTask", target).build()));

        assertContains(error, "rebalancerSharedWith must name a service with the same rebalancing policy",
                "rebalancerMaxMovesPerRun unset (no cap of its own) vs 10",
                "rebalancerMaxSurge unset (no cap of its own) vs 4",
                "rebalancerCooldown unset (the runtime's default, 1 minute) vs 5 minutes",
                "Give both services the same settings");
    }

    @Test
    void differentExplicitCooldownsRejected() {
        Stack fresh = TestStacks.agnosticStack("Rejected");
        RebalancedEc2Service target = new RebalancedEc2Service(fresh, "Web", explicitPolicy(TestStacks.webProps(fresh)
                .rebalancingMode(RebalancingMode.FALLBACK)).build());
        RebalancedEc2ServiceProps.Builder props = explicitPolicy(sharingProps(fresh, "ApiTask", target))
                .rebalancerCooldown(Duration.hours(2));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RebalancedEc2Service(fresh, "Api", props.build()));

        assertContains(error, "rebalancerCooldown 120 minutes vs 5 minutes");
        assertFalse(error.getMessage().contains("rebalancerMaxSurge"), error.getMessage());
    }

    @Test
    void equalExplicitSettingsShare() {
        Stack fresh = TestStacks.agnosticStack("Equal");
        RebalancedEc2Service target = new RebalancedEc2Service(fresh, "Web", explicitPolicy(TestStacks.webProps(fresh)
                .rebalancingMode(RebalancingMode.FALLBACK)).build());
        // The same cooldown in other units is the same number of minutes.
        RebalancedEc2Service api = new RebalancedEc2Service(fresh, "Api",
                explicitPolicy(sharingProps(fresh, "ApiTask", target)).rebalancerCooldown(Duration.seconds(300))
                        .build());

        assertSame(target.getRebalancerFunction(), api.getRebalancerFunction());
        Template.fromStack(fresh).hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of(
                "Variables", Match.objectLike(Map.of(
                        "REBALANCER_MAX_MOVES_PER_RUN", "10",
                        "REBALANCER_MAX_SURGE", "4",
                        "REBALANCER_COOLDOWN_MINUTES", "5")))));
    }

    @Test
    void sameCooldownTokenShares() {
        Stack fresh = TestStacks.agnosticStack("Token");
        Number minutes = CfnParameter.Builder.create(fresh, "CooldownMinutes").type("Number").build()
                .getValueAsNumber();
        RebalancedEc2Service target = new RebalancedEc2Service(fresh, "Web", TestStacks.webProps(fresh)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .rebalancerCooldown(Duration.minutes(minutes))
                .build());

        RebalancedEc2Service api = new RebalancedEc2Service(fresh, "Api", sharingProps(fresh, "ApiTask", target)
                .rebalancerCooldown(Duration.minutes(minutes))
                .build());

        assertSame(target.getRebalancerFunction(), api.getRebalancerFunction());
    }

    /** Sets a cap on moves and extra tasks and a cooldown, so that the policy differs from the defaults. */
    private static RebalancedEc2ServiceProps.Builder explicitPolicy(RebalancedEc2ServiceProps.Builder props) {
        return props.rebalancerMaxMovesPerRun(10).rebalancerMaxSurge(4).rebalancerCooldown(Duration.minutes(5));
    }

    /** Returns the props of a FALLBACK service in the target's cluster that shares the target's function. */
    private static RebalancedEc2ServiceProps.Builder sharingProps(Stack scope, String taskDefinitionId,
            RebalancedEc2Service target) {
        return RebalancedEc2ServiceProps.builder()
                .taskDefinition(TestStacks.taskDefinition(scope, NetworkMode.BRIDGE, taskDefinitionId))
                .cluster(target.getCluster())
                .rebalancingMode(RebalancingMode.FALLBACK)
                .rebalancerSharedWith(target);
    }

    /** Types a lambda as a change of the sharing service's props, for the table above. */
    private static UnaryOperator<RebalancedEc2ServiceProps.Builder> change(
            UnaryOperator<RebalancedEc2ServiceProps.Builder> change) {
        return change;
    }

    private static Object serviceName(RebalancedEc2Service service) {
        return stack.resolve(service.getService().getServiceName());
    }

    private static Object serviceDimension(RebalancedEc2Service service) {
        return Map.of("Name", "ServiceName", "Value", serviceName(service));
    }

    private static Object metricStat(Map<String, Object> metric) {
        return Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of("Metric", Match.objectLike(metric)))));
    }

    private static Object serviceArn(RebalancedEc2Service service) {
        return stack.resolve(service.getService().getServiceArn());
    }

    private static void assertContains(IllegalArgumentException error, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment),
                    () -> "expected '" + fragment + "' in: " + error.getMessage());
        }
        assertEquals(IllegalArgumentException.class, error.getClass());
    }
}
