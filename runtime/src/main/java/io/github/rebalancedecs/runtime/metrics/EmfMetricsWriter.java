package io.github.rebalancedecs.runtime.metrics;

import io.github.rebalancedecs.runtime.executor.ServiceRunSummary;
import io.github.rebalancedecs.runtime.json.JsonWriter;
import io.github.rebalancedecs.runtime.planner.AzDistribution;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes CloudWatch embedded metric format (EMF) documents, one JSON object per line, which
 * Lambda sends to CloudWatch Logs and CloudWatch turns into metrics.
 *
 * <p>Per service, with dimensions {@code ClusterName} and {@code ServiceName}: {@code AzSkew},
 * {@code RebalanceMovesPlanned}, {@code RebalanceMovesCompleted}, {@code RebalanceRollbacks},
 * {@code RebalanceSkipped} and {@code RebalanceFailures}; and per Availability Zone, with
 * {@code AvailabilityZone} added: {@code TasksPerAz}. A service whose observation failed reports
 * no AzSkew and no TasksPerAz.
 *
 * <p>The names are compile-time constants because the construct inlines them into its metrics
 * and alarms.
 */
public final class EmfMetricsWriter {

    public static final String AZ_SKEW = "AzSkew";
    public static final String TASKS_PER_AZ = "TasksPerAz";
    public static final String MOVES_PLANNED = "RebalanceMovesPlanned";
    public static final String MOVES_COMPLETED = "RebalanceMovesCompleted";
    public static final String ROLLBACKS = "RebalanceRollbacks";
    public static final String SKIPPED = "RebalanceSkipped";
    /** 1 when the service's run ended FAILED, else 0, as {@link ServiceRunSummary#failed()} decides. */
    public static final String FAILURES = "RebalanceFailures";

    private final String namespace;
    private final Consumer<String> out;
    private final Clock clock;

    /**
     * Creates a writer.
     *
     * @param out receives one EMF document per call; Lambda's standard output in production
     */
    public EmfMetricsWriter(String namespace, Consumer<String> out, Clock clock) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Writes the metrics of one service's run. */
    public void write(String clusterName, ServiceRunSummary summary) {
        long timestamp = clock.millis();
        AzDistribution distribution = summary.distribution();

        Map<String, Object> values = new LinkedHashMap<>();
        if (distribution != null) {
            values.put(AZ_SKEW, distribution.skew());
        }
        values.put(MOVES_PLANNED, summary.movesPlanned());
        values.put(MOVES_COMPLETED, summary.movesCompleted());
        values.put(ROLLBACKS, summary.rollbacks());
        values.put(SKIPPED, summary.skipped() ? 1 : 0);
        values.put(FAILURES, summary.failed() ? 1 : 0);
        Map<String, Object> dimensions = new LinkedHashMap<>();
        dimensions.put("ClusterName", clusterName);
        dimensions.put("ServiceName", summary.serviceName());
        out.accept(document(timestamp, dimensions, values));

        if (distribution != null) {
            distribution.tasksPerAz().forEach((zone, count) -> {
                Map<String, Object> zoneDimensions = new LinkedHashMap<>(dimensions);
                zoneDimensions.put("AvailabilityZone", zone);
                out.accept(document(timestamp, zoneDimensions, Map.of(TASKS_PER_AZ, count)));
            });
        }
    }

    private String document(long timestamp, Map<String, Object> dimensions, Map<String, Object> values) {
        List<Map<String, String>> metrics = values.keySet().stream()
                .map(name -> Map.of("Name", name, "Unit", "Count"))
                .toList();
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", List.of(List.copyOf(dimensions.keySet())));
        directive.put("Metrics", metrics);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("Timestamp", timestamp);
        metadata.put("CloudWatchMetrics", List.of(directive));

        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_aws", metadata);
        document.putAll(dimensions);
        document.putAll(values);
        return JsonWriter.write(document);
    }
}
