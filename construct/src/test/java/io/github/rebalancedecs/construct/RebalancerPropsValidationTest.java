package io.github.rebalancedecs.construct;

import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidationTest.assertContains;
import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidationTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.Schedule;

/** Errors for bad rebalancer and alarm props, each naming the prop, the rule and the value. */
class RebalancerPropsValidationTest {

    @Test
    void maxSkewBelowOneIsRejected() {
        assertRejected(props -> props.rebalancerMaxSkew(0),
                "rebalancerMaxSkew must be a whole number from 1 to 1000", "got 0");
    }

    @Test
    void maxSurgeAboveLimitIsRejected() {
        assertRejected(props -> props.rebalancerMaxSurge(1001),
                "rebalancerMaxSurge must be a whole number from 1 to 1000", "got 1001");
    }

    @Test
    void fractionalMaxMovesIsRejected() {
        assertRejected(props -> props.rebalancerMaxMovesPerRun(1.5),
                "rebalancerMaxMovesPerRun must be a whole number from 1 to 1000", "got 1.5");
    }

    @Test
    void rebalancerPropsAreCheckedInEveryMode() {
        assertRejected(props -> props.rebalancingMode(RebalancingMode.NATIVE).rebalancerMaxSkew(-1),
                "rebalancerMaxSkew must be a whole number", "got -1");
    }

    @Test
    void monitorWithDryRunOffIsRejected() {
        assertRejected(props -> props.rebalancingMode(RebalancingMode.MONITOR).rebalancerDryRun(false),
                "rebalancerDryRun must not be false with rebalancingMode MONITOR", "got false");
    }

    @Test
    void skewDurationShorterThanScheduleIsRejected() {
        assertRejected(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                        .rebalancerSchedule(Schedule.rate(Duration.minutes(15)))
                        .alarmSkewDuration(Duration.minutes(10)),
                "alarmSkewDuration must be whole minutes from one skew alarm period (19 minutes: the schedule's "
                        + "15 minutes plus the function's timeout of 4 minutes)", "got 10 minutes");
    }

    @Test
    void skewDurationInSecondsIsRejected() {
        assertRejected(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                        .alarmSkewDuration(Duration.seconds(630)),
                "alarmSkewDuration must be whole minutes", "got 10 minutes 30 seconds");
    }

    @Test
    void skewDurationAboveOneDayIsRejected() {
        assertRejected(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                        .alarmSkewDuration(Duration.hours(25)),
                "to 1 day", "got 1 day 1 hour");
    }

    @Test
    void scheduleRarerThanDailyIsRejected() {
        assertRejected(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                        .rebalancerSchedule(Schedule.rate(Duration.days(2))),
                "rebalancerSchedule must run at least once a day", "got rate(2 days)");
    }

    @Test
    void tokenSettingsAreNotCheckedAsNumbers() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Number maxSkew = CfnParameter.Builder.create(stack, "MaxSkew").type("Number").build().getValueAsNumber();

        // Construction succeeds: CloudFormation resolves the value at deploy time.
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .rebalancerMaxSkew(maxSkew)
                .build());
    }

    @Test
    void environmentIsCheckedWithRuntimeRules() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("REBALANCER_CLUSTER_NAME", "cluster");
        environment.put("REBALANCER_SERVICE_NAMES", "web");
        environment.put("REBALANCER_MAX_SKEW", "0");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RebalancerSettings.validateEnvironment(environment));

        assertContains(error, "would reject its configuration at start-up",
                "REBALANCER_MAX_SKEW must be an integer from 1 to 1000, got '0'");
    }
}
