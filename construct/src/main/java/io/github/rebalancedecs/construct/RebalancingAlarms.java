package io.github.rebalancedecs.construct;

import io.github.rebalancedecs.runtime.metrics.EmfMetricsWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Stats;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The alarms on the rebalancer function and the forwarding of ECS service events, under the
 * construct ID {@code Alarms}.
 *
 * <p>Every alarm states how it treats missing data. The rebalancer publishes a measurement per run,
 * so only the heartbeat alarm treats a missing measurement as a problem, and the others leave it
 * to the heartbeat.
 */
final class RebalancingAlarms extends Construct {

    /**
     * The ECS service action events that mean tasks cannot be placed or started, so that neither
     * native rebalancing nor the fallback rebalancer can repair the balance. NOTE: the ECS
     * documentation names no service action event for a scale-in that task protection blocks,
     * so such a stall shows only as a skew alarm and in the rebalancer's logs.
     */
    static final List<String> FORWARDED_SERVICE_EVENTS = List.of(
            "SERVICE_TASK_PLACEMENT_FAILURE", "SERVICE_TASK_START_IMPAIRED", "SERVICE_TASK_CONFIGURATION_FAILURE");

    private Alarm azSkew;
    private Alarm errors;
    private Alarm rollbacks;
    private Alarm heartbeat;

    RebalancingAlarms(Construct scope, String id, Ec2Service service, ITopic topic) {
        super(scope, id);

        if (topic != null) {
            forwardServiceEvents(service, topic);
        }
    }

    /**
     * Adds the alarms on the rebalancer function and its metrics, with the periods that
     * {@link RebalancerTiming} derives from the schedule and the function's timeout.
     */
    void addRebalancerAlarms(FallbackRebalancer rebalancer, RebalancerMetrics metrics, RebalancerSettings settings,
            ITopic topic) {
        RebalancerTiming timing = settings.timing();
        MetricOptions perRun = MetricOptions.builder().period(timing.alarmPeriod()).build();

        this.azSkew = Alarm.Builder.create(this, "AzSkew")
                .alarmDescription("The task counts of two Availability Zones differ by more than the maximum skew in "
                        + "every measurement for " + span(timing.skewPeriod(), timing.skewPeriods()) + " ("
                        + timing.skewPeriods() + " alarm periods): neither native rebalancing nor the fallback "
                        + "rebalancer repaired the balance.")
                .metric(metrics.azSkew(MetricOptions.builder()
                        .period(timing.skewPeriod())
                        .statistic(Stats.MINIMUM)
                        .build()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .threshold(settings.maxSkew())
                .evaluationPeriods(timing.skewPeriods())
                .datapointsToAlarm(timing.skewPeriods())
                // A run that published no skew neither raises nor clears the alarm: the heartbeat
                // alarm reports missing runs.
                .treatMissingData(TreatMissingData.IGNORE)
                .build();

        this.errors = Alarm.Builder.create(this, "RebalancerErrors")
                .alarmDescription("The rebalancer failed in " + RebalancerTiming.ERRORS_FAILED_RUNS + " runs within "
                        + span(timing.alarmPeriod(), timing.errorsEvaluationPeriods())
                        + ": the function raised an error, or a "
                        + "run of the service ended FAILED because an ECS call failed (such as AccessDenied, or "
                        + "throttling after retries) or because dry run found an operation in flight that it cannot "
                        + "finish. See the function's log group for the error or the line with \"outcome\":\"FAILED\", "
                        + "whose hint says what to do.")
                .metric(failedRuns(rebalancer, metrics, timing.alarmPeriod()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                // Two consecutive runs that each last until the function's timeout publish up to
                // one interval plus one timeout apart, so the alarm counts 2 failed runs within
                // that window instead of requiring 2 consecutive periods.
                .evaluationPeriods(timing.errorsEvaluationPeriods())
                .datapointsToAlarm(RebalancerTiming.ERRORS_FAILED_RUNS)
                // Neither metric has a value in a period without an invocation, and the heartbeat
                // alarm reports missing runs.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        this.rollbacks = Alarm.Builder.create(this, "Rollbacks")
                .alarmDescription("The rebalancer rolled back a move: the moved tasks did not start in time or a "
                        + "deployment began. See its log group.")
                .metric(metrics.rollbacks(perRun))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(1)
                // The rebalancer publishes the count on every run, so a missing point is no rollback.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        this.heartbeat = Alarm.Builder.create(this, "Heartbeat")
                .alarmDescription("The rebalancer has not measured the service for "
                        + span(timing.heartbeatPeriod(), timing.heartbeatPeriods()) + " (" + timing.heartbeatPeriods()
                        + " alarm periods): the function stopped running or cannot read the service.")
                // The window covers an invocation that steps an operation until the function's
                // timeout and publishes only when it ends (RebalancerTiming explains the sizing).
                .metric(metrics.azSkew(MetricOptions.builder()
                        .period(timing.heartbeatPeriod())
                        .statistic(Stats.SAMPLE_COUNT)
                        .build()))
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(timing.heartbeatPeriods())
                .datapointsToAlarm(timing.heartbeatPeriods())
                // No measurement is exactly what this alarm watches for. NOTE: so a new stack may
                // report ALARM once, before the function's first scheduled run publishes a value.
                .treatMissingData(TreatMissingData.BREACHING)
                .build();

        if (topic != null) {
            SnsAction action = new SnsAction(topic);
            for (Alarm alarm : List.of(azSkew, errors, rollbacks, heartbeat)) {
                alarm.addAlarmAction(action);
                alarm.addOkAction(action);
            }
        }
    }

    private static String span(Duration period, int periods) {
        return Duration.minutes(period.toMinutes().longValue() * periods).toHumanString();
    }

    /**
     * Returns the function's errors plus the runs that ended FAILED, per alarm period. An error
     * ends an invocation before the function writes its metrics, and Lambda publishes
     * {@code Errors} only for periods with invocations, so either metric may be missing where the
     * other has a value. FILL counts a missing one as 0, so that such a period still adds up.
     */
    private static MathExpression failedRuns(FallbackRebalancer rebalancer, RebalancerMetrics metrics,
            Duration period) {
        Map<String, IMetric> usingMetrics = new LinkedHashMap<>();
        usingMetrics.put("errors", rebalancer.getFunction().metricErrors(MetricOptions.builder()
                .period(period)
                .statistic(Stats.SUM)
                .build()));
        usingMetrics.put("failures", metrics.failures(MetricOptions.builder().period(period).build()));
        return MathExpression.Builder.create()
                .expression("FILL(errors, 0) + FILL(failures, 0)")
                .usingMetrics(usingMetrics)
                .label("Failed runs: function errors plus " + EmfMetricsWriter.FAILURES)
                .period(period)
                .build();
    }

    private void forwardServiceEvents(Ec2Service service, ITopic topic) {
        Rule.Builder.create(this, "ServiceEvents")
                .description("Forwards the ECS events of " + service.getNode().getPath() + " that mean tasks cannot be "
                        + "placed or started")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.ecs"))
                        .detailType(List.of("ECS Service Action"))
                        .resources(List.of(service.getServiceArn()))
                        .detail(Map.of("eventName", FORWARDED_SERVICE_EVENTS))
                        .build())
                .targets(List.of(SnsTopic.Builder.create(topic)
                        .message(RuleTargetInput.fromText("ECS service " + EventField.fromPath("$.resources[0]")
                                + " reported " + EventField.fromPath("$.detail.eventName") + ": "
                                + EventField.fromPath("$.detail.reason")
                                + ". Tasks cannot be placed or started, so the service cannot be rebalanced."))
                        .build()))
                .build();
    }

    Alarm getAzSkew() {
        return azSkew;
    }

    Alarm getErrors() {
        return errors;
    }

    Alarm getRollbacks() {
        return rollbacks;
    }

    Alarm getHeartbeat() {
        return heartbeat;
    }
}
