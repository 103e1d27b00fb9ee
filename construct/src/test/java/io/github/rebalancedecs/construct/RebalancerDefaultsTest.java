package io.github.rebalancedecs.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The rebalancer of a FALLBACK service with no rebalancer prop set: the runtime's own policy
 * defaults, a 1-minute schedule, and the alarm windows and event age that follow from it. One
 * synthesis serves every test.
 */
class RebalancerDefaultsTest {

    private static Stack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        stack = TestStacks.agnosticStack("Demo");
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .build());
        template = Template.fromStack(stack);
    }

    @Test
    void capsAndCooldownAreLeftToRuntime() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables",
                Match.objectLike(Map.of(
                        "REBALANCER_MAX_SKEW", "1",
                        "REBALANCER_MAX_MOVES_PER_RUN", Match.absent(),
                        "REBALANCER_MAX_SURGE", Match.absent(),
                        "REBALANCER_COOLDOWN_MINUTES", Match.absent())))));
    }

    @Test
    void runtimeAppliesItsOwnDefaults() {
        Capture variables = new Capture();
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of("Variables", variables)));
        Map<String, String> environment = new HashMap<>();
        variables.asObject().forEach((name, value) -> {
            if (value instanceof String text) {
                environment.put(name, text);
            }
        });
        // Lambda sets the Region, and CloudFormation resolves the names, which are references here.
        environment.put(RebalancerConfig.REGION, TestStacks.REGION);
        environment.put(RebalancerConfig.CLUSTER_NAME, "cluster");
        environment.put(RebalancerConfig.SERVICE_NAMES, "web");

        RebalancePolicy policy = RebalancerConfig.fromEnvironment(environment).policy();

        assertEquals(RebalancePolicy.NO_LIMIT, policy.maxMovesPerRun());
        assertEquals(RebalancePolicy.NO_LIMIT, policy.maxSurge());
        assertEquals(RebalancePolicy.DEFAULTS.cooldown(), policy.cooldown());
        assertEquals(Duration.ofMinutes(1), policy.cooldown());
    }

    @Test
    void scheduleRunsEveryMinute() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(1 minute)"));
    }

    @Test
    void eventsWaitOneScheduleInterval() {
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", 0,
                "MaximumEventAgeInSeconds", 60));
    }

    @Test
    void heartbeatOutlastsLongestRun() {
        // 3 scheduled runs plus the 4-minute timeout, in periods of 1 minute.
        Capture description = new Capture();
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmDescription", description,
                "MetricName", "AzSkew",
                "Statistic", "SampleCount",
                "Period", 60,
                "EvaluationPeriods", 7,
                "DatapointsToAlarm", 7,
                "TreatMissingData", "breaching"));
        assertTrue(description.asString().contains("for 7 minutes (7 alarm periods)"), description.asString());
    }

    @Test
    void errorsAlarmSpansLongestGap() {
        Object perMinute = Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of("Period", 60))));
        Capture description = new Capture();
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmDescription", description,
                "Metrics", Match.arrayWith(List.of(perMinute, perMinute)),
                "EvaluationPeriods", 5,
                "DatapointsToAlarm", 2));
        assertTrue(description.asString().startsWith("The rebalancer failed in 2 runs within 5 minutes:"),
                description.asString());
    }

    @Test
    void skewAlarmPeriodSpansLongestGap() {
        // 45 minutes in periods of the 1-minute schedule plus the 4-minute timeout.
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "AzSkew",
                "Statistic", "Minimum",
                "Period", 300,
                "EvaluationPeriods", 9,
                "DatapointsToAlarm", 9,
                "TreatMissingData", "ignore"));
    }

    @Test
    void rollbacksAlarmUsesSchedulePeriod() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "RebalanceRollbacks",
                "Period", 60,
                "EvaluationPeriods", 1));
    }

    @Test
    void defaultsRaiseNoWarning() {
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }
}
