package io.github.rebalancedecs.construct;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.constructs.Construct;

/** Builds the CloudWatch dashboard of a rebalanced service, under the construct ID {@code Dashboard}. */
final class RebalancingDashboard {

    private static final int WIDTH = 12;
    private static final int HEIGHT = 6;

    private RebalancingDashboard() {
    }

    /**
     * Creates a dashboard with the tasks per Availability Zone over time, the skew against the
     * maximum skew, the rebalancer's moves, rollbacks, skipped and failed runs, and the state of
     * the alarms.
     */
    static Dashboard create(Construct scope, String id, List<String> availabilityZones, RebalancerMetrics metrics,
            RebalancerSettings settings, List<IAlarm> alarms) {
        List<IMetric> tasksPerAz = new ArrayList<>();
        for (String zone : availabilityZones) {
            tasksPerAz.add(metrics.tasksPerAz(zone, MetricOptions.builder().label(zone).build()));
        }

        GraphWidget.Builder skew = GraphWidget.Builder.create()
                .title("Availability Zone skew (largest minus smallest task count)")
                .left(List.of(metrics.azSkew(MetricOptions.builder().label("AzSkew").build())))
                .width(WIDTH)
                .height(HEIGHT);
        if (!Token.isUnresolved(settings.maxSkew())) {
            skew.leftAnnotations(List.of(HorizontalAnnotation.builder()
                    .value(settings.maxSkew())
                    .label("rebalancerMaxSkew")
                    .build()));
        }

        Dashboard dashboard = Dashboard.Builder.create(scope, id).build();
        dashboard.addWidgets(
                GraphWidget.Builder.create()
                        .title("Tasks per Availability Zone")
                        .left(tasksPerAz)
                        .width(WIDTH)
                        .height(HEIGHT)
                        .build(),
                skew.build());
        dashboard.addWidgets(
                GraphWidget.Builder.create()
                        .title("Rebalancer moves")
                        .left(List.of(
                                metrics.movesPlanned(MetricOptions.builder().label("Planned").build()),
                                metrics.movesCompleted(MetricOptions.builder().label("Completed").build()),
                                metrics.rollbacks(MetricOptions.builder().label("Rollbacks").build()),
                                metrics.skipped(MetricOptions.builder().label("Skipped runs").build()),
                                metrics.failures(MetricOptions.builder().label("Failed runs").build())))
                        .width(WIDTH)
                        .height(HEIGHT)
                        .build(),
                AlarmStatusWidget.Builder.create()
                        .title("Rebalancing alarms")
                        .alarms(alarms)
                        .width(WIDTH)
                        .height(HEIGHT)
                        .build());
        return dashboard;
    }
}
