package io.github.rebalancedecs.construct;

import static io.github.rebalancedecs.construct.RebalancedEc2ServiceValidationTest.assertRejected;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.events.Schedule;

/**
 * The alarm windows and the event age that the construct derives from the schedule and the
 * function's 4-minute timeout, and the skew durations that CloudWatch would reject.
 */
class RebalancerTimingTest {

    /**
     * Scenario, schedule, then the expected event age, heartbeat period and periods, errors alarm
     * periods, and skew alarm period and periods for the default 45 minutes, in seconds and counts.
     */
    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of("rate 1 minute -> events wait 1 minute, heartbeat 7 minutes",
                        Schedule.rate(Duration.minutes(1)), 60, 60, 7, 5, 300, 9),
                Arguments.of("rate 2 minutes -> heartbeat 3 runs plus 2 for the timeout",
                        Schedule.rate(Duration.minutes(2)), 120, 120, 5, 3, 360, 8),
                Arguments.of("rate 5 minutes -> heartbeat 4 runs, errors 2 of 2",
                        Schedule.rate(Duration.minutes(5)), 300, 300, 4, 2, 540, 5),
                Arguments.of("rate 1 hour -> events wait timeout plus retry, skew 1 period",
                        Schedule.rate(Duration.hours(1)), 540, 3600, 4, 2, 3840, 1),
                Arguments.of("rate 1 day -> skew period capped at 1 day",
                        Schedule.rate(Duration.days(1)), 540, 86400, 4, 2, 86400, 1),
                Arguments.of("hourly cron -> hourly alarms, daily heartbeat",
                        Schedule.cron(CronOptions.builder().minute("0").build()), 540, 86400, 1, 2, 3600, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void scheduleSetsWindowsAndEventAge(String scenario, Schedule schedule, int eventAgeSeconds,
            int heartbeatPeriodSeconds, int heartbeatPeriods, int errorsPeriods, int skewPeriodSeconds,
            int skewPeriods) {
        Template template = synthesize(TestStacks.agnosticStack("Demo"), schedule, null);

        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", 0,
                "MaximumEventAgeInSeconds", eventAgeSeconds));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Statistic", "SampleCount",
                "Period", heartbeatPeriodSeconds,
                "EvaluationPeriods", heartbeatPeriods,
                "DatapointsToAlarm", heartbeatPeriods));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Metrics", Match.arrayWith(List.of(Match.objectLike(Map.of("Id", "errors")))),
                "EvaluationPeriods", errorsPeriods,
                "DatapointsToAlarm", 2));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Statistic", "Minimum",
                "Period", skewPeriodSeconds,
                "EvaluationPeriods", skewPeriods));
    }

    static Stream<Arguments> skewDurations() {
        return Stream.of(
                Arguments.of("5 minutes, one period -> 1", Duration.minutes(5), 1),
                Arguments.of("7 minutes -> rounded up to 2", Duration.minutes(7), 2),
                Arguments.of("1 day, CloudWatch's limit -> 288", Duration.days(1), 288));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skewDurations")
    void skewDurationSetsPeriods(String scenario, Duration alarmSkewDuration, int periods) {
        Template template = synthesize(TestStacks.agnosticStack("Demo"), Schedule.rate(Duration.minutes(1)),
                alarmSkewDuration);

        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Statistic", "Minimum",
                "Period", 300,
                "EvaluationPeriods", periods,
                "DatapointsToAlarm", periods));
    }

    @Test
    void skewDurationBelowOnePeriodIsRejected() {
        assertRejected(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                        .alarmSkewDuration(Duration.minutes(4)),
                "alarmSkewDuration must be whole minutes from one skew alarm period (5 minutes: the schedule's "
                        + "1 minute plus the function's timeout of 4 minutes) to 1 day", "got 4 minutes");
    }

    @Test
    void skewPeriodsBeyondOneDayAreRejected() {
        // Periods of 11 minutes: 1 day takes 131 of them, 1441 minutes, over CloudWatch's limit.
        assertRejected(props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                        .rebalancerSchedule(Schedule.rate(Duration.minutes(7)))
                        .alarmSkewDuration(Duration.days(1)),
                "alarmSkewDuration must fit whole skew alarm periods (11 minutes",
                "got 1 day, which takes 131 periods or 1441 minutes", "Set it to at most 1430 minutes.");
    }

    @Test
    void tokenSkewDurationIsRejected() {
        Stack stack = TestStacks.agnosticStack("Demo");
        Number minutes = CfnParameter.Builder.create(stack, "SkewMinutes").type("Number").build().getValueAsNumber();
        assertRejected(stack, props -> props.rebalancingMode(RebalancingMode.FALLBACK)
                        .alarmSkewDuration(Duration.minutes(minutes)),
                "alarmSkewDuration must be known at synth time", "got a token");
    }

    private static Template synthesize(Stack stack, Schedule schedule, Duration alarmSkewDuration) {
        new RebalancedEc2Service(stack, "Web", TestStacks.webProps(stack)
                .rebalancingMode(RebalancingMode.FALLBACK)
                .rebalancerSchedule(schedule)
                .alarmSkewDuration(alarmSkewDuration)
                .build());
        return Template.fromStack(stack);
    }
}
