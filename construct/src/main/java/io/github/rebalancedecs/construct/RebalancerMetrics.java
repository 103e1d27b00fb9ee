package io.github.rebalancedecs.construct;

import io.github.rebalancedecs.runtime.metrics.EmfMetricsWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Stats;

/**
 * The metrics that the rebalancer function publishes in the CloudWatch embedded metric format, by
 * the names and dimensions of the runtime's {@link EmfMetricsWriter}: per service with
 * {@code ClusterName} and {@code ServiceName}, and {@code TasksPerAz} with {@code AvailabilityZone}
 * added.
 */
final class RebalancerMetrics {

    static final Duration DEFAULT_PERIOD = Duration.minutes(5);

    private final String clusterName;
    private final String serviceName;

    RebalancerMetrics(String clusterName, String serviceName) {
        this.clusterName = clusterName;
        this.serviceName = serviceName;
    }

    Metric azSkew(MetricOptions options) {
        return metric(EmfMetricsWriter.AZ_SKEW, Stats.MAXIMUM, null, options);
    }

    Metric tasksPerAz(String availabilityZone, MetricOptions options) {
        return metric(EmfMetricsWriter.TASKS_PER_AZ, Stats.AVERAGE, availabilityZone, options);
    }

    Metric movesPlanned(MetricOptions options) {
        return metric(EmfMetricsWriter.MOVES_PLANNED, Stats.SUM, null, options);
    }

    Metric movesCompleted(MetricOptions options) {
        return metric(EmfMetricsWriter.MOVES_COMPLETED, Stats.SUM, null, options);
    }

    Metric rollbacks(MetricOptions options) {
        return metric(EmfMetricsWriter.ROLLBACKS, Stats.SUM, null, options);
    }

    Metric skipped(MetricOptions options) {
        return metric(EmfMetricsWriter.SKIPPED, Stats.SUM, null, options);
    }

    Metric failures(MetricOptions options) {
        return metric(EmfMetricsWriter.FAILURES, Stats.SUM, null, options);
    }

    private Metric metric(String name, String statistic, String availabilityZone, MetricOptions options) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("ClusterName", clusterName);
        dimensions.put("ServiceName", serviceName);
        if (availabilityZone != null) {
            dimensions.put("AvailabilityZone", availabilityZone);
        }
        Metric metric = Metric.Builder.create()
                .namespace(RebalancerSettings.METRICS_NAMESPACE)
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(DEFAULT_PERIOD)
                .build();
        return options == null ? metric : metric.with(options);
    }
}
